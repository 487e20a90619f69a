import IGMP
import IGMPCapture

/// One line per reported packet and a summary table per file. Colour only on a terminal.
final class TextReporter: Reporter {
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

    func packet(_ e: PacketEvent) {
        let addresses = "\(e.description.source?.description ?? "?") > \(e.description.destination?.description ?? "?")"
        let rules = e.findings.map { "\($0.rule.id)@\($0.offset)" }.joined(separator: ",")
        var line = "\(pad(String(e.info.frameNumber), 6)) \(e.info.timestamp.rfc3339) \(addresses): \(e.description.summary)"
        line += "  " + paint(e.inspection.verdict.description.uppercased(), e.inspection.verdict)
        if !rules.isEmpty { line += " " + rules }
        if !e.inspection.isFullyValidated { line += " (not fully validated)" }
        out.line(line)
    }

    func summary(file: String, _ s: FileStatistics) {
        out.line("")
        out.line("\(file): \(s.packets) packets, \(s.igmp) IGMP: \(s.clean) clean, \(paint("\(s.suspicious) suspicious", s.suspicious > 0 ? .suspicious : .clean)), "
            + "\(paint("\(s.hostile) hostile", s.hostile > 0 ? .hostile : .clean)); \(s.truncated) cut by the snapshot length")
        let counts = s.ruleCounts
        if !counts.isEmpty {
            let width = max(4, counts.map { $0.0.id.count }.max()!)
            out.line("  \(pad("rule", width, left: true))  severity  packets")
            for (rule, n) in counts {
                out.line("  \(pad(rule.id, width, left: true))  \(pad(rule.severity.description, 8, left: true))  \(pad(String(n), 7))")
            }
        }
        out.line("")
    }

    func error(file: String, _ error: CaptureError) {}

    func finish() { out.flush() }
}

func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}
