import IGMP
import IGMPCapture
@testable import IGMPGuardKit
import Testing

/// `--alert-limit`: per rule and source at most N alerts an interval, per rule 10 N; a flood never hides another
/// rule's or another source's first alerts; evidence keeps the first M of each burst; everything held back counted.
@Suite struct AlertLimiterTests {
    static let x = IPv4Address(10, 0, 0, 1), y = IPv4Address(10, 0, 0, 2)

    /// What the limiter decides for a packet from `source` at `second` on which `rules` fired.
    static func admit(_ limiter: AlertLimiter, _ rules: [Rule], from source: IPv4Address, at second: Int64) -> (print: Bool, evidence: Bool) {
        let frame = FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 1, 1)), from: source).bytes
        var findings = FindingBuffer()
        for rule in rules { findings.append(Finding(rule, at: 14)) }
        return limiter.admit(&findings, frame: frame.span.bytes, linkType: .ethernet, time: Timestamp(seconds: second, nanoseconds: 0))
    }

    @Test func aFloodOfOneRuleFromOneSourceIsCutToTheLimitAndCounted() {
        let limiter = AlertLimiter(AlertLimit(alerts: 3, seconds: 60, evidence: 5))
        let decisions = (0..<10).map { Self.admit(limiter, [.ms06007OptionsPattern], from: Self.x, at: 100 + Int64($0)) }
        #expect(decisions.map(\.print) == [true, true, true] + Array(repeating: false, count: 7))
        #expect(decisions.map(\.evidence) == Array(repeating: true, count: 5) + Array(repeating: false, count: 5))
        let held = limiter.suppression
        #expect(held.packets == 7 && held.findings == 7 && held.evidenceSkipped == 5)
        #expect(held.perRule.map(\.0) == [.ms06007OptionsPattern] && held.perRule.map(\.1) == [7])
    }

    @Test func aFloodNeverHidesAnotherRulesOrAnotherSourcesFirstAlert() {
        let limiter = AlertLimiter(AlertLimit(alerts: 2, seconds: 60, evidence: 2))
        for second in Int64(0)..<20 { _ = Self.admit(limiter, [.ms06007OptionsPattern], from: Self.x, at: second) }
        #expect(Self.admit(limiter, [.fragmentedIGMP], from: Self.x, at: 20) == (true, true), "another rule, same source")
        #expect(Self.admit(limiter, [.ms06007OptionsPattern], from: Self.y, at: 20) == (true, true), "same rule, another source")
        // A packet on which a flooded rule and a fresh one fired is printed (its fresh rule is under the limit).
        #expect(Self.admit(limiter, [.ms06007OptionsPattern, .igmpTooShort], from: Self.x, at: 21) == (true, true))
    }

    @Test func infoFindingsNeitherCountNorKeepAFloodPrinted() {
        let limiter = AlertLimiter(AlertLimit(alerts: 1, seconds: 60, evidence: 1))
        #expect(Self.admit(limiter, [.ms06007OptionsPattern, .routerAlertMissing], from: Self.x, at: 0).print)
        #expect(!Self.admit(limiter, [.ms06007OptionsPattern, .routerAlertMissing], from: Self.x, at: 1).print)
        #expect(limiter.suppression.findings == 1, "the info finding is no EVE alert")
    }

    @Test func aNewIntervalPrintsAgain() {
        let limiter = AlertLimiter(AlertLimit(alerts: 1, seconds: 60, evidence: 1))
        #expect(Self.admit(limiter, [.fragmentedIGMP], from: Self.x, at: 0).print)
        #expect(!Self.admit(limiter, [.fragmentedIGMP], from: Self.x, at: 59).print)
        #expect(Self.admit(limiter, [.fragmentedIGMP], from: Self.x, at: 60).print)
        // A packet stamped earlier than its window's start counts in that window.
        #expect(!Self.admit(limiter, [.fragmentedIGMP], from: Self.x, at: 10).print)
    }

    /// A table full of live windows (spoofed sources within one interval) is not swept again and again: a sweep
    /// comes only once the earliest window can have ended, and then makes room for new sources.
    @Test func aFullTableIsSweptOnlyOnceAWindowCanHaveEnded() {
        let limiter = AlertLimiter(AlertLimit(alerts: 1, seconds: 60, evidence: 1), maximumWindows: 50)
        for n in 0..<1000 {
            _ = Self.admit(limiter, [.ms06007OptionsPattern], from: IPv4Address(rawValue: 0x0a00_0000 + UInt32(n)), at: 5 + Int64(n / 100))
        }
        #expect(limiter.sweeps == 1, "the first time the table filled, then never within the interval: \(limiter.sweeps)")
        // Past the interval: one sweep frees the table, and a new source has its own window again.
        let fresh = IPv4Address(10, 9, 9, 9)
        _ = Self.admit(limiter, [.fragmentedIGMP], from: fresh, at: 100)
        #expect(limiter.sweeps == 2)
        #expect(Self.admit(limiter, [.fragmentedIGMP], from: IPv4Address(10, 9, 9, 10), at: 100).print)
    }

    /// A malformed packet's source is read from its header even when the header does not check out, so malformed
    /// floods from two hosts are limited apart.
    @Test func aMalformedHeadersSourceIsStillItsSource() {
        let limiter = AlertLimiter(AlertLimit(alerts: 1, seconds: 60, evidence: 1))
        func malformed(_ source: IPv4Address) -> [UInt8] {
            var frame = FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 1, 1)), from: source).bytes
            frame[14] = 0x4f // IHL 15: longer than the packet
            return frame
        }
        for source in [Self.x, Self.y] {
            var findings = FindingBuffer()
            findings.append(Finding(.ipv4LengthInconsistent, at: 14))
            let frame = malformed(source)
            #expect(limiter.admit(&findings, frame: frame.span.bytes, linkType: .ethernet, time: Timestamp(seconds: 1, nanoseconds: 0)).print,
                    "\(source)'s first alert")
        }
    }

    @Test func spoofedSourcesAreBoundedByTheRulesOwnLimit() {
        let limiter = AlertLimiter(AlertLimit(alerts: 2, seconds: 60, evidence: 3))
        var printed = 0, kept = 0
        for n in 0..<1000 {
            let d = Self.admit(limiter, [.ms06007OptionsPattern], from: IPv4Address(rawValue: 0x0a00_0000 + UInt32(n)), at: 5)
            printed += d.print ? 1 : 0
            kept += d.evidence ? 1 : 0
        }
        #expect(printed == 20 && kept == 30, "10 N alerts and 10 M evidence packets per rule")
        #expect(limiter.suppression.packets == 980)
    }
}
