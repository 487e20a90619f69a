import Foundation
import IGMPTestSupport
import Testing

/// The evidence file holds captured traffic and is written as whoever runs the scan, often root: it is created
/// 0600, never through a symbolic link, and never over a file another user owns, a file with other hard links, or
/// anything but a regular file. Each refusal is one error line naming the file, exit status 2, before any scanning.
@Suite struct EvidenceFileSafetyTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    var demo: String { Tool.captures.appendingPathComponent("demo.pcap").path }

    func expectRefused(_ evidence: String, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let scan = try CraftedCapture.scan(["--evidence", evidence, demo])
        #expect(scan.status == 2, sourceLocation: sourceLocation)
        #expect(scan.result.stdout.isEmpty, "nothing is scanned", sourceLocation: sourceLocation)
        #expect(scan.result.stderr.split(separator: "\n").count == 1, "\(scan.result.stderr)", sourceLocation: sourceLocation)
        #expect(scan.result.stderr.contains("igmpguard: \(evidence): cannot open: "), "\(scan.result.stderr)", sourceLocation: sourceLocation)
        #expect(scan.result.stderr.contains(phrase), "\(scan.result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aNewEvidenceFileIsReadableByItsOwnerOnly() throws {
        let evidence = dir.appendingPathComponent("new.pcapng").path
        let scan = try CraftedCapture.scan(["--evidence", evidence, demo])
        #expect(scan.status == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: evidence)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func anEvidenceFileOfOurOwnIsRewrittenReadableByUsOnly() throws {
        let evidence = dir.appendingPathComponent("old.pcapng").path
        try Data(repeating: 0x41, count: 100_000).write(to: URL(fileURLWithPath: evidence))
        chmod(evidence, 0o644)
        let scan = try CraftedCapture.scan(["--evidence", evidence, demo])
        #expect(scan.status == 1)
        #expect(CraftedCapture.readWithLibpcap(evidence).packets.count == scan.result.lines.filter { $0.contains("HOSTILE") || $0.contains("SUSPICIOUS") }.count)
        #expect(try FileManager.default.attributesOfItem(atPath: evidence)[.posixPermissions] as? Int == 0o600)
    }

    @Test func aSymbolicLinkIsNotFollowed() throws {
        let target = dir.appendingPathComponent("precious").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: target))
        let link = dir.appendingPathComponent("evidence.pcapng").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try expectRefused(link, "is a symbolic link")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    @Test func aDanglingSymbolicLinkCreatesNothing() throws {
        let target = dir.appendingPathComponent("would-be-created").path
        let link = dir.appendingPathComponent("evidence.pcapng").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try expectRefused(link, "is a symbolic link")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aFileWithAnotherHardLinkIsNotOverwritten() throws {
        let original = dir.appendingPathComponent("original").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: original))
        let link = dir.appendingPathComponent("evidence.pcapng").path
        try FileManager.default.linkItem(atPath: original, toPath: link)
        try expectRefused(link, "hard links")
        #expect(try String(contentsOfFile: original, encoding: .utf8) == "keep me")
    }

    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let fifo = dir.appendingPathComponent("evidence.pcapng").path
        #expect(mkfifo(fifo, 0o600) == 0)
        try expectRefused(fifo, "not a regular file")
    }

    @Test func aCaptureToScanIsNeverTheEvidence() throws {
        let capture = dir.appendingPathComponent("traffic.pcap").path
        try FileManager.default.copyItem(atPath: demo, toPath: capture)
        let before = try Data(contentsOf: URL(fileURLWithPath: capture))
        let scan = try CraftedCapture.scan(["--evidence", dir.path + "/./traffic.pcap", demo, capture])
        #expect(scan.status == 2)
        #expect(scan.result.stdout.isEmpty)
        #expect(scan.result.stderr.contains("it is also a capture to scan"), "\(scan.result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: capture)) == before)
    }

    @Test func aSiblingEvidenceFileIsNeverACaptureToScan() throws {
        // The raw-IP capture comes first, so Ethernet packets go to the sibling evidence-EN10MB.pcapng: which is also
        // the name of the third capture, not yet read when the second one's packets need the sibling.
        let raw = try CraftedCapture.write(ClassicPcap(linkType: 101, records: CraftedCapture.rawDemoFrames.map {
            .init(seconds: 1, fraction: 0, data: $0) }).bytes, "raw.pcap", in: dir)
        let sibling = dir.appendingPathComponent("evidence-EN10MB.pcapng").path
        try FileManager.default.copyItem(atPath: demo, toPath: sibling)
        let before = try Data(contentsOf: URL(fileURLWithPath: sibling))
        let evidence = dir.appendingPathComponent("evidence.pcapng").path
        let scan = try CraftedCapture.scan(["--format", "ndjson", "--evidence", evidence, raw, demo, sibling])
        #expect(scan.status == 2)
        #expect(scan.result.stderr.contains("\(sibling): cannot open: it is also a capture to scan"), "\(scan.result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: sibling)) == before)
        // Every capture is still scanned, the third one whole.
        let summaries = scan.result.objects.filter { $0["event"] as? String == "summary" }
        #expect(summaries.compactMap { $0["file"] as? String } == [raw, demo, sibling])
        #expect(summaries.last?["packets"] as? Int == CraftedCapture.demoFrames.count)
    }

    @Test func anotherUsersFileIsNotOverwritten() throws {
        guard Tool.isRoot, let nobody = getpwnam("nobody") else {
            print("skipped: needs root to give a file to another user")
            return
        }
        let evidence = dir.appendingPathComponent("theirs.pcapng").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: evidence))
        #expect(chown(evidence, nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0)
        try expectRefused(evidence, "not by this process")
        #expect(try String(contentsOfFile: evidence, encoding: .utf8) == "keep me")
    }
}
