import IGMP
import IGMPCapture

/// One line per reported packet and a summary table per file. Colour only on a terminal.
package final class TextReporter: Reporter {
    let out: StandardOutput
    let colour: Bool

    init(out: StandardOutput, colour: Bool) {
        self.out = out
        self.colour = colour
    }

    func paint(_ text: String, _ verdict: Verdict) -> String {
        guard colour else { return text }
        switch verdict {
        case .hostile: return "\u{1b}[1;31m\(text)\u{1b}[0m"
        case .suspicious: return "\u{1b}[33m\(text)\u{1b}[0m"
        case .clean: return "\u{1b}[32m\(text)\u{1b}[0m"
        }
    }

    /// One line, written as bytes straight into the output buffer: this runs for every flagged packet.
    package func packet(_ e: PacketEvent) {
        out.line { line in
            line.appendDecimal(e.info.frameNumber, width: 6) // wider numbers push the line
            line.append(UInt8(ascii: " "))
            // tcpdump's words for a time it cannot show.
            if !line.append(e.info.timestamp, zulu: true) { line.append("[Error converting time]") }
            line.append(UInt8(ascii: " "))
            appendAddress(e.description.source, to: &line)
            line.append(" > ")
            appendAddress(e.description.destination, to: &line)
            line.append(": ")
            line.append(e.description.summary)
            line.append("  ")
            appendVerdict(e.verdict, to: &line)
            for i in 0..<e.findings.count {
                let f = e.findings[i]
                line.append(UInt8(ascii: i == 0 ? " " : ","))
                line.append(utf8: f.rule.id)
                line.append(UInt8(ascii: "@"))
                line.appendDecimal(f.offset)
            }
            if !e.inspection.isFullyValidated { line.append(" (not fully validated)") }
        }
    }

    private func appendAddress(_ address: IPAddress?, to line: inout OutputBytes) {
        switch address {
        case .v4(let a)?: line.append(a)
        case .v6(let a)?:
            var text: [UInt8] = []
            a.appendText(to: &text)
            line.append(text)
        case nil: line.append(UInt8(ascii: "?"))
        }
    }

    /// HOSTILE / SUSPICIOUS / CLEAN, painted on a terminal (as `paint` does).
    private func appendVerdict(_ verdict: Verdict, to line: inout OutputBytes) {
        let word: StaticString
        let colourCode: StaticString
        switch verdict {
        case .hostile: word = "HOSTILE"; colourCode = "\u{1b}[1;31m"
        case .suspicious: word = "SUSPICIOUS"; colourCode = "\u{1b}[33m"
        case .clean: word = "CLEAN"; colourCode = "\u{1b}[32m"
        }
        if colour { line.append(colourCode) }
        line.append(word)
        if colour { line.append("\u{1b}[0m") }
    }

    package func summary(file: String, _ s: FileStatistics) {
        table(name: file, s)
        out.line("")
    }

    /// Periodic counts go to stderr, so stdout keeps only packets and the final table; the final ones end the table.
    package func statistics(_ s: LiveStatistics, final: Bool) {
        var capture = "libpcap statistics unavailable"
        if let c = s.capture {
            capture = "libpcap received \(c.received), dropped \(c.dropped) (kernel buffer full), \(c.interfaceDropped) by the interface"
        }
        let elapsed = "\(Int(s.elapsedSeconds * 10) / 10).\(Int(s.elapsedSeconds * 10) % 10) s"
        var held = ""
        if let suppression = s.suppression, suppression.packets + suppression.evidenceSkipped > 0 {
            held = "; held back by --alert-limit: \(suppression.packets) packets not printed"
            if !suppression.perRule.isEmpty {
                held += " (" + suppression.perRule.map { "\($0.0.id) \($0.1)" }.joined(separator: ", ") + ")"
            }
            held += ", \(suppression.evidenceSkipped) not kept as evidence"
        }
        if final {
            table(name: s.interface, s.counts)
            out.line("\(s.interface.escapingControlCharacters): \(capture); \(elapsed)\(held)")
            out.line("")
        } else {
            out.flush()
            printError("\(s.interface): \(elapsed): \(s.counts.packets) packets, \(s.counts.igmp) IGMP\(s.counts.mld > 0 ? ", \(s.counts.mld) MLD" : "") "
                + "(\(s.counts.clean) clean, \(s.counts.suspicious) suspicious, \(s.counts.hostile) hostile); \(capture)\(held)")
        }
    }

    /// The counts line and the rules table of a file or interface (its name with control characters escaped).
    func table(name: String, _ s: FileStatistics) {
        out.line("")
        out.line("\(name.escapingControlCharacters): \(s.packets) packets, \(s.igmp) IGMP\(s.mld > 0 ? ", \(s.mld) MLD" : ""): \(s.clean) clean, \(paint("\(s.suspicious) suspicious", s.suspicious > 0 ? .suspicious : .clean)), "
            + "\(paint("\(s.hostile) hostile", s.hostile > 0 ? .hostile : .clean)); \(s.truncated) cut by the snapshot length")
        let counts = s.ruleCounts
        if !counts.isEmpty {
            let width = max(4, counts.map { $0.0.id.count }.max()!)
            out.line("  \(pad("rule", width, left: true))  severity  packets")
            for (rule, n) in counts {
                out.line("  \(pad(rule.id, width, left: true))  \(pad(rule.severity.description, 8, left: true))  \(pad(String(n), 7))")
            }
        }
        if let traffic = s.traffic { self.traffic(traffic) }
    }

    /// A line per segment and protocol (its querier, the other queriers heard, how many hosts hold how many groups), its groups
    /// with `--segments`, and what the tables dropped, if anything.
    func traffic(_ summary: TrafficSummary) {
        for segment in summary.segments {
            let version = segment.family == .mld ? "MLDv" : "IGMPv"
            func describe(_ q: QuerierSummary) -> String {
                "\(q.address) (\(q.versions.map { version + String($0) }.joined(separator: ", ")), \(q.queries) \(q.queries == 1 ? "query" : "queries"))"
            }
            // IGMP's line as it always was; MLD's names its protocol.
            var line = "  segment \(segment.segment)\(segment.family == .mld ? ", MLD" : ""): "
            let elected = segment.queriers.first(where: \.isQuerier)
            let others = segment.queriers.filter { !$0.isQuerier }
            if let elected {
                line += "querier \(describe(elected))"
                if !others.isEmpty { line += ", also heard " + others.map(describe).joined(separator: ", ") }
            } else if !others.isEmpty {
                line += "no querier present at the end, heard " + others.map(describe).joined(separator: ", ")
            } else {
                line += "no query heard"
            }
            line += "; \(segment.hosts) \(segment.hosts == 1 ? "host holds" : "hosts hold") \(segment.groupCount) \(segment.groupCount == 1 ? "group" : "groups")"
            out.line(line)
            for g in segment.groups {
                out.line("    group \(pad(g.group.description, segment.family == .mld ? 25 : 15, left: true))  \(g.hosts) \(g.hosts == 1 ? "host" : "hosts")")
            }
        }
        let e = summary.evictions
        if e.any {
            out.line("  traffic tables full, least recently seen dropped: \(e.segments) segments, \(e.hosts) hosts, \(e.memberships) memberships, \(e.queriers) queriers")
        }
    }


    package func finish() { out.flush() }
}

package func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}
