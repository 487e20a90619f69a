import Foundation
import IGMP
import IGMPCapture
import Testing

/// The evidence writer across rotations: by size, by SIGHUP (`reopen`) with files of two link types, and a file it
/// did not make at its path, which is set aside, never emptied.
@Suite struct EvidenceRotationTests {
    static let ethernetFrame: [UInt8] = Array(repeating: 0xee, count: 60)
    static let sll2Frame: [UInt8] = Array(repeating: 0x22, count: 60)

    static func write(_ writer: EvidenceWriter, _ frame: [UInt8], _ linkType: LinkType, _ n: Int) throws {
        let info = PacketInfo(frameNumber: n, timestamp: Timestamp(seconds: 1_767_225_600 + Int64(n), nanoseconds: 0),
                              wireLength: frame.count, capturedLength: frame.count)
        try writer.write(frame.span.bytes, linkType: linkType, info: info, comment: "test \(n)")
    }

    /// Link type and packet count of a pcapng file, as libpcap reads it.
    static func read(_ path: String) throws -> (LinkType, Int) {
        let reader = try CaptureReader(path: path)
        var n = 0
        try reader.forEachPacket { _, _ in n += 1; return true }
        return (reader.linkType, n)
    }

    @Test func aReopenAfterBothFilesMovedKeepsEachLinkTypeInItsOwnFile() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ev.pcapng").path
        let sibling = dir.appendingPathComponent("ev-LINUX_SLL2.pcapng").path
        let writer = try EvidenceWriter(path: path)
        try Self.write(writer, Self.ethernetFrame, .ethernet, 1)
        try Self.write(writer, Self.sll2Frame, .linuxSLL2, 2)
        for p in [path, sibling] { try FileManager.default.moveItem(atPath: p, toPath: p + ".1") }
        #expect(try Set(writer.reopen()) == [path, sibling])
        // The SLL2 packet comes first now: it must still go to the sibling, not take the main file.
        try Self.write(writer, Self.sll2Frame, .linuxSLL2, 3)
        try Self.write(writer, Self.ethernetFrame, .ethernet, 4)
        try writer.close()
        #expect(try Self.read(path).0 == .ethernet && Self.read(path).1 == 1)
        #expect(try Self.read(sibling).0 == .linuxSLL2 && Self.read(sibling).1 == 1)
        #expect(try Self.read(path + ".1").1 == 1 && Self.read(sibling + ".1").1 == 1)
        #expect(writer.count == 4)
    }

    @Test func aReopenWithNothingMovedEmptiesNothing() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ev.pcapng").path
        let writer = try EvidenceWriter(path: path)
        try Self.write(writer, Self.ethernetFrame, .ethernet, 1)
        #expect(try writer.reopen().isEmpty)
        try Self.write(writer, Self.ethernetFrame, .ethernet, 2)
        try writer.close()
        #expect(try Self.read(path).1 == 2)
    }

    @Test func aFileAtThePathThatIsNotTheWritersIsSetAsideNotEmptied() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ev.pcapng").path
        let writer = try EvidenceWriter(path: path)
        try Self.write(writer, Self.ethernetFrame, .ethernet, 1)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".moved")
        // Someone else's bytes at the path (what a failed rotation leaves is the same: a file the writer lost).
        try Data("earlier evidence".utf8).write(to: URL(fileURLWithPath: path))
        _ = try writer.reopen()
        try writer.close()
        #expect(try String(contentsOfFile: path + ".1", encoding: .utf8) == "earlier evidence")
        #expect(try Self.read(path).1 == 0)
        // And before a live capture starts: a non-empty file is moved up the chain, an empty one left.
        try EvidenceWriter.setAside(path, keep: 3)
        #expect(FileManager.default.fileExists(atPath: path + ".2") && !FileManager.default.fileExists(atPath: path))
    }

    @Test func sizeRotationKeepsTheNewestFilesWholeUpToTheCount() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ev.pcapng").path
        let writer = try EvidenceWriter(path: path)
        writer.maximumFileSize = 1000
        writer.keptFiles = 2
        for n in 1...40 { try Self.write(writer, Self.ethernetFrame, .ethernet, n) }
        try writer.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["ev.pcapng", "ev.pcapng.1", "ev.pcapng.2"])
        let counts = try [path + ".2", path + ".1", path].map { try Self.read($0).1 }
        #expect(writer.rotations > 2 && writer.count == 40)
        // Each full file passed the size with its last packet; the newest are kept: the last ones written.
        let perFile = counts[0]
        #expect(counts[1] == perFile && counts[2] == 40 - writer.rotations * perFile, "\(counts)")
    }
}
