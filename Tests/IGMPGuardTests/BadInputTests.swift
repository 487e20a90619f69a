import Foundation
import Testing

/// Bad input to the tool: one clear line naming the file (and byte offset where known), exit 2, everything found
/// before the error still printed, the other files still scanned.
@Suite struct BadInputTests {
    let dir: URL
    let demo: Data

    init() throws {
        dir = try Tool.temporaryDirectory()
        demo = try Data(contentsOf: Tool.captures.appendingPathComponent("demo.pcap"))
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// demo.pcap with record `index`'s caplen replaced.
    func withCaplen(_ value: UInt32, record index: Int) -> Data {
        var bytes = [UInt8](demo)
        var offset = 24
        for _ in 0..<index {
            let caplen = Int(bytes[offset + 8]) | Int(bytes[offset + 9]) << 8 | Int(bytes[offset + 10]) << 16 | Int(bytes[offset + 11]) << 24
            offset += 16 + caplen
        }
        withUnsafeBytes(of: value.littleEndian) { for i in 0..<4 { bytes[offset + 8 + i] = $0[i] } }
        return Data(bytes)
    }

    func expectOneErrorLine(_ result: Tool.Result, naming path: String, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("igmpguard: \(path): "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(phrase), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func missingFile() throws {
        let result = try Tool.run(["scan", "/nonexistent/capture.pcap"])
        expectOneErrorLine(result, naming: "/nonexistent/capture.pcap", "No such file or directory")
    }

    /// A directory is scanned file by file (ScanInputsTests); one with nothing under it is an error.
    @Test func aDirectoryWithNoFileIsAnError() throws {
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        expectOneErrorLine(try Tool.run(["scan", empty.path]), naming: empty.path, "no file under this directory")
    }

    @Test func unreadableFile() throws {
        let path = try write("secret.pcap", demo)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        // Root reads anything: run the binary as nobody, as a real user would meet the error.
        let prefix = Tool.isRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        if Tool.isRoot { try FileManager.default.setAttributes([.posixPermissions: 0o711], ofItemAtPath: dir.path) }
        let result = try Tool.run(["scan", path], prefix: prefix)
        expectOneErrorLine(result, naming: path, "Permission denied")
    }

    @Test func notACapture() throws {
        let path = try write("notes.pcap", Data("this is not a capture file at all\n".utf8))
        expectOneErrorLine(try Tool.run(["scan", path]), naming: path, "not a capture file")
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        let empty = try write("empty.pcap", Data())
        expectOneErrorLine(try Tool.run(["scan", empty]), naming: empty, "truncated capture")
        let headerOnly = try write("header.pcap", demo.prefix(24))
        let result = try Tool.run(["scan", "--format", "ndjson", headerOnly])
        #expect(result.status == 0, "a capture with no packet is valid")
        #expect(result.objects.last?["packets"] as? Int == 0)
    }

    @Test func truncatedMidRecordKeepsWhatWasFound() throws {
        let path = try write("cut.pcap", demo.prefix(demo.count - 30))
        let result = try Tool.run(["scan", "--format", "ndjson", path])
        expectOneErrorLine(result, naming: path, "truncated capture")
        #expect(result.stderr.contains("(at byte offset "))
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count == 5, "the flagged packets before the cut are printed")
        #expect(result.objects.contains { $0["event"] as? String == "error" })
        #expect(result.objects.last?["event"] as? String == "summary")
        #expect(result.objects.last?["packets"] as? Int == 25)
    }

    @Test func truncatedMidRecordHeader() throws {
        let path = try write("cuthdr.pcap", demo.prefix(24 + 16 + 60 + 8))
        let result = try Tool.run(["scan", path])
        expectOneErrorLine(result, naming: path, "truncated capture")
        #expect(result.stderr.contains("(at byte offset 100)"))
    }

    @Test func absurdCaplenIsCorrupt() throws {
        let path = try write("absurd.pcap", withCaplen(172_716_570, record: 2))
        let result = try Tool.run(["scan", "--format", "ndjson", path])
        expectOneErrorLine(result, naming: path, "corrupt capture")
        #expect(result.stderr.contains("172716570"))
        #expect(result.objects.last?["packets"] as? Int == 2)
    }

    @Test func caplenLargerThanSnaplenIsCorrupt() throws {
        let path = try write("bigcap.pcap", withCaplen(300_000, record: 0))
        expectOneErrorLine(try Tool.run(["scan", path]), naming: path, "bigger than snaplen")
    }

    @Test func unsupportedLinkType() throws {
        var bytes = [UInt8](demo)
        bytes[20] = 105 // IEEE 802.11
        let path = try write("wifi.pcap", Data(bytes))
        expectOneErrorLine(try Tool.run(["scan", path]), naming: path, "unsupported link type: IEEE802_11 (105)")
    }

    @Test func otherFilesAreStillScanned() throws {
        let cut = try write("cut.pcap", demo.prefix(110)) // header, one record, then 10 bytes of the next
        let result = try Tool.run(["scan", "--format", "ndjson", "/nonexistent.pcap", cut, "Captures/hostile-ms06-007.pcap"])
        #expect(result.status == 2, "an error wins over hostile findings")
        #expect(result.stderr.split(separator: "\n").count == 2)
        let summaries = result.objects.filter { $0["event"] as? String == "summary" }
        #expect(summaries.map { $0["file"] as? String } == [cut, "Captures/hostile-ms06-007.pcap"])
        #expect(summaries.last?["hostile"] as? Int == 5)
    }
}
