import Foundation
import Testing

/// A file or interface name is whatever its maker chose: control characters in it reach no terminal raw. Text
/// output, standard error and pcapng comments show them escaped (`\x1b`, `\n`, as tcpdump and `ls -b` do); JSON
/// escapes them its own way.
@Suite struct NameEscapingTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    /// ESC sequences that clear the screen and recolour, a newline that starts a forged line, and a right-to-left
    /// override that reorders what follows as shown.
    static let hostileName = "demo\u{1b}[2J\u{1b}[32m\n0 hostile\u{202e}.pcap"
    static let escapedName = "demo\\x1b[2J\\x1b[32m\\n0 hostile\\u202e.pcap"

    func expectNoControlCharacters(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n") {
            let raw = line.unicodeScalars.filter { $0.value < 0x20 || $0.value == 0x7f || (0x80..<0xa0).contains($0.value) || $0.value == 0x202e }
            #expect(raw.isEmpty, "\(what): \(String(line).debugDescription)", sourceLocation: sourceLocation)
        }
    }

    @Test func aFileNameCannotForgeTextOutput() throws {
        let path = dir.appendingPathComponent(Self.hostileName).path
        try FileManager.default.copyItem(atPath: Tool.captures.appendingPathComponent("demo.pcap").path, toPath: path)
        let evidence = dir.appendingPathComponent("evidence.pcapng").path
        let scan = try CraftedCapture.scan(["--evidence", evidence, path])
        #expect(scan.status == 1)
        expectNoControlCharacters(scan.result.stdout, "stdout")
        expectNoControlCharacters(scan.result.stderr, "stderr")
        #expect(!scan.result.lines.contains { $0.hasPrefix("0 hostile") }, "a name started a line of its own")
        #expect(scan.result.stdout.contains(Self.escapedName))
        // pcapng comments name the file too, and tcpdump and tshark print them as they are.
        let comments = try CraftedCapture.pcapngComments(evidence)
        #expect(comments.count == scan.result.lines.filter { $0.contains("HOSTILE") || $0.contains("SUSPICIOUS") }.count)
        for comment in comments {
            #expect(comment.contains(Self.escapedName), "\(comment.debugDescription)")
            expectNoControlCharacters(comment, "pcapng comment")
        }
        if let tshark = try CraftedCapture.readWithTshark(evidence) {
            #expect(tshark.comments.count == comments.count)
            for comment in tshark.comments { expectNoControlCharacters(comment, "pcapng comment as tshark prints it") }
        }
    }

    @Test func aFileNameCannotForgeAnErrorLine() throws {
        let missing = dir.appendingPathComponent(Self.hostileName).path
        let scan = try CraftedCapture.scan([missing])
        #expect(scan.status == 2)
        #expect(scan.result.stderr.split(separator: "\n").count == 1, "\(scan.result.stderr.debugDescription)")
        expectNoControlCharacters(scan.result.stderr, "stderr")
        #expect(scan.result.stderr.contains(Self.escapedName))
    }

    @Test func jsonKeepsEscapingNamesItsOwnWay() throws {
        let path = dir.appendingPathComponent(Self.hostileName).path
        try FileManager.default.copyItem(atPath: Tool.captures.appendingPathComponent("demo.pcap").path, toPath: path)
        for format in ["ndjson", "eve"] {
            let scan = try CraftedCapture.scan(["--format", format, path])
            expectNoControlCharacters(scan.result.stdout, format)
            let names = scan.result.objects.compactMap { ($0["file"] ?? $0["pcap_filename"]) as? String }
            #expect(!names.isEmpty && names.allSatisfy { $0 == path }, "\(format): the name decodes back to the file's")
        }
    }

    @Test func anInterfaceNameCannotForgeAnErrorLine() throws {
        let result = try Tool.run(["live", "-i", "eth\u{1b}[31m\nigmpguard: 0 hostile", "--duration", "1"])
        #expect(result.status == 2)
        expectNoControlCharacters(result.stderr, "stderr")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains("eth\\x1b[31m\\nigmpguard: 0 hostile"))
    }

    @Test func anArgumentCannotForgeAUsageError() throws {
        let result = try Tool.run(["scan", "--format", "text\u{1b}[2J\nforged"])
        #expect(result.status == 2)
        expectNoControlCharacters(result.stderr, "stderr")
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("forged") })
    }
}
