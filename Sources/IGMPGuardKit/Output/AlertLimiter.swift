import IGMP
import IGMPCapture

/// How many alerts a flood may make, as Suricata's `rate_filter` (track by_src) bounds them: per rule and source
/// address, at most `alerts` in each `seconds`, and per rule over all sources ten times that printed (a flood from
/// spoofed sources is bounded too); evidence keeps the first `evidence` packets of each rule's and source's burst
/// (and ten times that per rule).
package struct AlertLimit: Equatable, Sendable {
    package var alerts: Int
    package var seconds: Double
    package var evidence: Int

    package init(alerts: Int, seconds: Double, evidence: Int) {
        self.alerts = alerts
        self.seconds = seconds
        self.evidence = evidence
    }

    /// `live`'s default: 10 alerts a minute per rule and source (100 per rule), 100 evidence packets per burst.
    package static let live = AlertLimit(alerts: 10, seconds: 60, evidence: 100)

    /// Alerts per rule over all sources in one interval.
    var alertsPerRule: Int { alerts.multipliedReportingOverflow(by: 10).overflow ? .max : alerts * 10 }
    var evidencePerRule: Int { evidence.multipliedReportingOverflow(by: 10).overflow ? .max : evidence * 10 }
}

/// Decides which flagged packets are printed and kept as evidence under an `AlertLimit`, and counts what it held
/// back. A packet is printed while any of its rules (warnings and worse: what makes it flagged) is under its limits
/// for the packet's source, so a flood of one rule, or from one source, never hides another rule's first alerts.
/// Time is the packets' own (capture timestamps); each rule's and source's interval starts at its first packet.
package final class AlertLimiter {
    package let limit: AlertLimit
    /// Packets not printed, per rule (`Rule.index`) that was over its limit in them.
    private(set) var suppressedPerRule: [Int]
    /// Packets not printed, and the findings (EVE's alerts) they held.
    private(set) var suppressedPackets = 0
    private(set) var suppressedFindings = 0
    /// Flagged packets not written to the evidence file.
    private(set) var evidenceSkipped = 0

    /// One interval of one rule and source (or one rule, all sources).
    struct Window {
        var start: Int64
        var alerts = 0
        var evidence = 0
    }

    private var bySource: [UInt64: Window] = [:]
    private var byRule: [Window?]
    private let interval: Int64
    /// Rule-and-source windows kept at most: past it, ended windows are dropped, and a new source is bounded by
    /// its rule's window alone until there is room.
    let maximumWindows: Int
    /// Whether info findings are alerts too (EVE with `--all`), counted in `suppressedFindings`.
    let countsInfoAlerts: Bool

    package init(_ limit: AlertLimit, countsInfoAlerts: Bool = false, maximumWindows: Int = 65_536) {
        self.limit = limit
        self.countsInfoAlerts = countsInfoAlerts
        self.maximumWindows = maximumWindows
        interval = max(1, Int64(limit.seconds * 1e9))
        suppressedPerRule = [Int](repeating: 0, count: Rule.allCases.count)
        byRule = [Window?](repeating: nil, count: Rule.allCases.count)
    }

    /// Whether to print the flagged packet (`frame`, with `findings`) and keep it as evidence; counts it either way.
    func admit(_ findings: inout FindingBuffer, frame: RawSpan, linkType: LinkType, time: Timestamp) -> (print: Bool, evidence: Bool) {
        let now = time.seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow ? Int64.max
            : time.seconds * 1_000_000_000 &+ Int64(time.nanoseconds)
        // The source address as the header holds it, read even when the header is malformed (a malformed packet's
        // sender is a source like any other); 0 only when the capture cut it off. An IPv6 source is folded to 32 bits
        // (its four words XORed): two sources that fold alike share a window.
        var source: UInt32 = 0
        switch FrameWalk.locate(frame, linkType: linkType) {
        case .igmp(let ipOffset)? where ipOffset + 16 <= frame.byteCount:
            source = frame.withUnsafeBytes { bytes in
                (ipOffset + 12 ..< ipOffset + 16).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[$1]) }
            }
        case .mld(let ipOffset)? where ipOffset + 24 <= frame.byteCount:
            source = frame.withUnsafeBytes { bytes in
                (ipOffset + 8 ..< ipOffset + 24).reduce(UInt32(0)) { $0.rotated8 ^ UInt32(bytes[$1]) }
            }
        default:
            break
        }
        // Two passes over the rules that fired (warnings and worse, each once), with nothing allocated: the first
        // decides, the second counts. A source's window counts all its packets (a burst stays held back); a rule's
        // counts what was printed and kept, so one source's flood does not use up the other sources' alerts.
        var print = false, evidence = false
        for i in 0..<findings.count where Self.isFirstAlert(findings, i) {
            let r = findings[i].rule.index, key = UInt64(r) << 32 | UInt64(source)
            let rule = current(byRule[r], now)
            byRule[r] = rule
            var own = bySource[key].map { current($0, now) }
            if own == nil && (bySource.count < maximumWindows || makeRoom(now)) {
                own = Window(start: now)
                earliestEnd = min(earliestEnd, now.addingReportingOverflow(interval).overflow ? .max : now + interval)
            }
            if let own { bySource[key] = own }
            if rule.alerts < limit.alertsPerRule && (own.map { $0.alerts < limit.alerts } ?? true) { print = true }
            if rule.evidence < limit.evidencePerRule && (own.map { $0.evidence < limit.evidence } ?? true) { evidence = true }
        }
        for i in 0..<findings.count where Self.isFirstAlert(findings, i) {
            let r = findings[i].rule.index, key = UInt64(r) << 32 | UInt64(source)
            if print { byRule[r]?.alerts += 1 }
            if evidence { byRule[r]?.evidence += 1 }
            if var own = bySource[key] {
                own.alerts += 1
                own.evidence += 1
                bySource[key] = own
            }
            if !print { suppressedPerRule[r] += 1 }
        }
        if !print {
            suppressedPackets += 1
            for i in 0..<findings.count where countsInfoAlerts || findings[i].rule.severity > .info { suppressedFindings += 1 }
        }
        if !evidence { evidenceSkipped += 1 }
        return (print, evidence)
    }

    /// Whether finding `i` is the first of its rule in the packet, and the rule a warning or worse (what limits).
    private static func isFirstAlert(_ findings: borrowing FindingBuffer, _ i: Int) -> Bool {
        let rule = findings[i].rule
        guard rule.severity > .info else { return false }
        for j in 0..<i where findings[j].rule == rule { return false }
        return true
    }

    /// `window`, or a new one when it has ended by `now` (a time before its start counts as within it).
    private func current(_ window: Window?, _ now: Int64) -> Window {
        guard let window else { return Window(start: now) }
        if now < window.start { return window }
        let (elapsed, overflow) = now.subtractingReportingOverflow(window.start)
        return !overflow && elapsed < interval ? window : Window(start: now)
    }

    /// Drops the windows that have ended; whether that made room. Swept only once the earliest window can have
    /// ended, so a full table of live windows (a flood from spoofed sources) costs one comparison a packet.
    private func makeRoom(_ now: Int64) -> Bool {
        guard now >= earliestEnd else { return false }
        bySource = bySource.filter { now >= $0.value.start && now - $0.value.start < interval }
        sweeps += 1
        earliestEnd = bySource.values.reduce(Int64.max) { min($0, $1.start.addingReportingOverflow(interval).overflow ? .max : $1.start + interval) }
        return bySource.count < maximumWindows
    }

    /// No window of `bySource` ends before this (a lower bound: windows made since the last sweep end later).
    private var earliestEnd = Int64.min
    /// Sweeps of a full table made so far.
    private(set) var sweeps = 0

    /// What was held back, for the statistics.
    var suppression: Suppression {
        Suppression(packets: suppressedPackets, findings: suppressedFindings, evidenceSkipped: evidenceSkipped,
                    perRule: RuleCatalogue.rules.compactMap { rule in
                        let n = suppressedPerRule[rule.index]
                        return n > 0 ? (rule, n) : nil
                    })
    }
}

/// What an `AlertLimiter` held back: packets not printed (and their findings, EVE's alerts), per rule, and flagged
/// packets not kept as evidence.
package struct Suppression {
    var packets: Int
    var findings: Int
    var evidenceSkipped: Int
    var perRule: [(Rule, Int)]
}

extension UInt32 {
    /// Rotated left by 8 bits: folding 16 bytes into a word this way XORs its four 32-bit words.
    fileprivate var rotated8: UInt32 { self << 8 | self >> 24 }
}
