import IGMP

/// Counts for one capture file or live interface (the summary line or object, and live's statistics).
package struct FileStatistics {
    var packets = 0
    /// IGMP packets judged.
    package var igmp = 0
    /// MLD packets judged (the verdict counts below hold both).
    package var mld = 0
    var clean = 0
    var suspicious = 0
    var hostile = 0
    /// Packets cut by the snapshot length (any protocol).
    var truncated = 0
    /// Packets in which each rule fired, indexed by `Rule.index` (no dictionary on the per-packet path).
    var packetsPerRule = [Int](repeating: 0, count: Rule.allCases.count)
    /// The traffic model's segments at the end of the file or capture (nil with `--no-context`).
    package var traffic: TrafficSummary?

    package init() {}

    /// Counts one IGMP packet (MLD when `isMLD`) without any finding.
    @inline(__always)
    mutating func recordClean(isMLD: Bool) {
        if isMLD { mld += 1 } else { igmp += 1 }
        clean += 1
    }

    /// Counts one IGMP packet (MLD when `isMLD`). `findings` is `inout` only so that the 1 KB buffer is passed by
    /// reference, not copied.
    package mutating func record(_ verdict: Verdict, isMLD: Bool = false, _ findings: inout FindingBuffer) {
        if isMLD { mld += 1 } else { igmp += 1 }
        switch verdict {
        case .clean: clean += 1
        case .suspicious: suspicious += 1
        case .hostile: hostile += 1
        }
        // A rule counts once per packet, however often it fired there.
        for i in 0..<findings.count {
            let rule = findings[i].rule
            var seenBefore = false
            for j in 0..<i where findings[j].rule == rule { seenBefore = true; break }
            if !seenBefore { packetsPerRule[rule.index] += 1 }
        }
    }

    /// Rules that fired, with the number of packets, most severe first.
    var ruleCounts: [(Rule, Int)] {
        RuleCatalogue.rules.compactMap { rule in
            let n = packetsPerRule[rule.index]
            return n > 0 ? (rule, n) : nil
        }
    }
}
