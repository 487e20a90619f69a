import CPcap
import Foundation
import IGMP
import IGMPCapture
import Testing

/// The evidence file: flagged packets only, bytes and timestamps intact, comments naming the rules, readable by
/// libpcap and by tshark.
@Suite struct EvidenceTests {
    struct Read { var frame: [UInt8]; var info: PacketInfo; var linkType: LinkType }

    func readBack(_ path: String) throws -> [Read] {
        let reader = try CaptureReader(path: path)
        var out: [Read] = []
        try reader.forEachPacket { span, info in
            out.append(Read(frame: (0..<span.byteCount).map { span.unsafeLoad(fromByteOffset: $0, as: UInt8.self) },
                            info: info, linkType: reader.linkType))
            return true
        }
        return out
    }

    @Test func evidenceHoldsExactlyTheFlaggedPacketsAcrossLinkTypes() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evidence = dir.appendingPathComponent("evidence.pcapng").path
        let result = try Tool.run(["scan", "--format", "ndjson", "--evidence", evidence, "Captures/demo.pcap", "Captures/linktype-linux-sll2.pcap"])
        #expect(result.status == 1)
        let flagged = result.objects.filter { $0["event"] as? String == "packet" }
        let packets = try readBack(evidence)
        let sibling = dir.appendingPathComponent("evidence-LINUX_SLL2.pcapng").path
        let sll2 = try readBack(sibling)
        #expect(packets.count + sll2.count == flagged.count)
        #expect(packets.count == 5 && sll2.count == 1)
        #expect(packets.allSatisfy { $0.linkType == .ethernet })
        #expect(sll2[0].linkType == .linuxSLL2)
        #expect(result.stderr.contains("LINUX_SLL2 packets go to \(sibling)"))
        // Same bytes and timestamps as in the source captures.
        let demo = try readBack("Captures/demo.pcap")
        for (got, object) in zip(packets.prefix(5), flagged.prefix(5)) {
            let source = demo[(object["frame"] as! Int) - 1]
            #expect(got.frame == source.frame)
            #expect(got.info.timestamp == source.info.timestamp)
            #expect(got.info.wireLength == source.info.wireLength)
        }
        #expect(sll2[0].frame == (try readBack("Captures/linktype-linux-sll2.pcap"))[3].frame)
    }

    @Test func tsharkShowsTheComments() throws {
        guard let tshark = Tool.tsharkPath else {
            print("tshark not installed (apt-get install tshark): comment check skipped")
            return
        }
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evidence = dir.appendingPathComponent("evidence.pcapng").path
        #expect(try Tool.run(["scan", "--evidence", evidence, "Captures/demo.pcap", "Captures/hostile-ms06-007.pcap"]).status == 1)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tshark)
        process.arguments = ["-r", evidence, "-T", "fields", "-e", "frame.number", "-e", "frame.comment", "-e", "ip.src", "-e", "igmp.type"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rows = output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 10)
        #expect(rows[1][1].contains("ms06-007-options"))
        #expect(rows[1][1].contains("Captures/demo.pcap frame 9"))
        #expect(rows.allSatisfy { $0[2] == "198.51.100.66" || $0[2] == "192.0.2.10" })
        #expect(rows[9][1].contains("hostile-ms06-007.pcap frame 5"))
        #expect(rows[9][3] == "0x11" || rows[9][3] == "17")
    }

    @Test func evidenceIsClosedAndReadableWhenALaterFileFails() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cut = dir.appendingPathComponent("cut.pcap")
        let demo = try Data(contentsOf: Tool.captures.appendingPathComponent("demo.pcap"))
        try demo.prefix(demo.count - 30).write(to: cut)
        let evidence = dir.appendingPathComponent("evidence.pcapng").path
        let result = try Tool.run(["scan", "--evidence", evidence, "Captures/hostile-ms06-007.pcap", cut.path])
        #expect(result.status == 2)
        // 5 from hostile-ms06-007.pcap, then the 5 flagged packets of demo.pcap before its last record was cut.
        #expect(try readBack(evidence).count == 5 + 5)
    }

    /// Nothing flagged: the evidence file is still a valid capture that libpcap (tcpdump) and tshark open, empty.
    @Test func evidenceWithoutPacketsIsAValidEmptyCapture() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evidence = dir.appendingPathComponent("none.pcapng").path
        #expect(try Tool.run(["scan", "--evidence", evidence, "Captures/benign-mix.pcap"]).status == 0)
        #expect(try readBack(evidence).isEmpty)
    }

    @Test func unwritableEvidenceIsAnError() throws {
        let result = try Tool.run(["scan", "--evidence", "/nonexistent-dir/e.pcapng", "Captures/demo.pcap"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent-dir/e.pcapng: cannot open"))
    }
}
