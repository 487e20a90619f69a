import Foundation
import Testing

/// What only happens on a terminal: colour, and a progress bar for captures over 50 MB. `script` (util-linux)
/// gives the binary a real pseudo-terminal.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script(1) is missing: terminal tests skipped"))
struct TerminalTests {
    func onTerminal(_ command: String) throws -> String {
        let result = try Tool.run(["-qec", command, "/dev/null"], binary: "", prefix: ["/usr/bin/script"])
        return result.stdout
    }

    @Test func colourOnATerminalOnly() throws {
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        let coloured = try onTerminal("env -u NO_COLOR \(binary) scan Captures/demo.pcap")
        #expect(coloured.contains("\u{1b}[1;31mHOSTILE"))
        let plain = try onTerminal("NO_COLOR=1 \(binary) scan Captures/demo.pcap")
        #expect(!plain.contains("\u{1b}["))
    }

    @Test func progressBarForLargeCapturesOnATerminal() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.pcap").path
        #expect(try Tool.run(["--synthetic", "60M", big], binary: "igmpguard-samples").status == 0)
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        let output = try onTerminal("\(binary) scan --format ndjson \(big) >/dev/null")
        #expect(output.contains("% of 62 MB"), "\(output.suffix(200))")
        // Not on a pipe: stderr stays empty.
        let piped = try Tool.run(["scan", "--format", "ndjson", big])
        #expect(piped.stderr.isEmpty)
        #expect(try Tool.run(["scan", "Captures/demo.pcap"]).stderr.isEmpty)
    }
}
