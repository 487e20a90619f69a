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

    /// One line, written as bytes: this runs for every flagged packet.
    func packet(_ e: PacketEvent) {
        var line: [UInt8] = []
        line.reserveCapacity(160)
        let frame = String(e.info.frameNumber)
        line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, 6 - frame.utf8.count)))
        line.append(contentsOf: frame.utf8)
        line.append(UInt8(ascii: " "))
        e.info.timestamp.appendRFC3339(to: &line)
        line.append(UInt8(ascii: " "))
        appendAddress(e.description.source, to: &line)
        line.append(contentsOf: " > ".utf8)
        appendAddress(e.description.destination, to: &line)
        line.append(contentsOf: ": ".utf8)
        line.append(contentsOf: e.description.summary.utf8)
        line.append(contentsOf: "  ".utf8)
        line.append(contentsOf: paint(e.inspection.verdict.description.uppercased(), e.inspection.verdict).utf8)
        for (i, f) in e.findings.enumerated() {
            line.append(UInt8(ascii: i == 0 ? " " : ","))
            line.append(contentsOf: f.rule.id.utf8)
            line.append(UInt8(ascii: "@"))
            JSONObject.appendInt(f.offset, to: &line)
        }
        if !e.inspection.isFullyValidated { line.append(contentsOf: " (not fully validated)".utf8) }
        out.line(bytes: line)
    }

    func appendAddress(_ address: IPv4Address?, to line: inout [UInt8]) {
        guard let address else { line.append(UInt8(ascii: "?")); return }
        var quoted: [UInt8] = []
        JSONObject.appendAddress(address, to: &quoted)
        line.append(contentsOf: quoted.dropFirst().dropLast())
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
