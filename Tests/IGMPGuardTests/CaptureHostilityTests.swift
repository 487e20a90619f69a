import Foundation
import Testing

/// Crafted capture files: each must end in one clear error line or a clean stop, never a crash or a hang, and in
/// bounded memory (peak RSS measured with GNU time when installed).
@Suite struct CaptureHostilityTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    // MARK: builders

    func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    /// A classic pcap header (little-endian, microseconds).
    func pcapHeader(snaplen: UInt32 = 65535, linkType: UInt32 = 1) -> [UInt8] {
        le32(0xa1b2_c3d4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(snaplen) + le32(linkType)
    }

    func record(caplen: UInt32, len: UInt32, data: [UInt8]) -> [UInt8] { le32(1) + le32(0) + le32(caplen) + le32(len) + data }

    /// A frame with an IGMPv2 report, from the bundled benign capture.
    var frame: [UInt8] {
        let bytes = [UInt8](try! Data(contentsOf: Tool.captures.appendingPathComponent("benign-mix.pcap")))
        let caplen = Int(bytes[24 + 8]) | Int(bytes[24 + 9]) << 8
        return Array(bytes[(24 + 16)..<(24 + 16 + caplen)])
    }

    func block(_ type: UInt32, _ body: [UInt8], totalLengthOverride: UInt32? = nil) -> [UInt8] {
        let total = totalLengthOverride ?? UInt32(12 + body.count)
        return le32(type) + le32(total) + body + le32(total)
    }

    var sectionHeader: [UInt8] { block(0x0a0d_0d0a, le32(0x1a2b_3c4d) + le16(1) + le16(0) + [UInt8](repeating: 0xff, count: 8)) }
    func interface(linkType: UInt16 = 1, snaplen: UInt32 = 65535) -> [UInt8] { block(1, le16(linkType) + le16(0) + le32(snaplen)) }
    func enhancedPacket(_ data: [UInt8], interface: UInt32 = 0) -> [UInt8] {
        var body = le32(interface) + le32(0) + le32(0) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + data
        while body.count % 4 != 0 { body.append(0) }
        return block(6, body)
    }

    // MARK: running

    struct Outcome { var status: Int32; var stderr: String; var summary: [String: Any]?; var peakKB: Int? }

    func scan(_ name: String, _ bytes: [UInt8]) throws -> Outcome {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        let time = "/usr/bin/time"
        let measured = FileManager.default.isExecutableFile(atPath: time)
        let result = try Tool.run(["scan", "--format", "ndjson", url.path], prefix: measured ? [time, "-f", "peak-kb %M"] : [])
        var stderr = result.stderr
        var peak: Int? = nil
        if measured, let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("peak-kb ") }) {
            peak = Int(line.dropFirst(8))
            stderr = stderr.split(separator: "\n").filter { !$0.hasPrefix("peak-kb ") && !$0.hasPrefix("Command exited") }.joined(separator: "\n")
        }
        let summary = result.objects.last { $0["event"] as? String == "summary" }
        return Outcome(status: result.status, stderr: stderr, summary: summary, peakKB: peak)
    }

    func expectError(_ o: Outcome, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(o.status == 2, sourceLocation: sourceLocation)
        #expect(o.stderr.split(separator: "\n").count == 1, "\(o.stderr)", sourceLocation: sourceLocation)
        #expect(o.stderr.contains(phrase), "\(o.stderr)", sourceLocation: sourceLocation)
        expectBounded(o, sourceLocation: sourceLocation)
    }

    func expectCleanStop(_ o: Outcome, packets: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(o.status == 0, "\(o.stderr)", sourceLocation: sourceLocation)
        #expect(o.summary?["packets"] as? Int == packets, sourceLocation: sourceLocation)
        expectBounded(o, sourceLocation: sourceLocation)
    }

    func expectBounded(_ o: Outcome, sourceLocation: SourceLocation) {
        if let kb = o.peakKB { #expect(kb < 64 * 1024, "peak RSS \(kb) KB", sourceLocation: sourceLocation) }
    }

    // MARK: classic pcap

    @Test func snaplenZero() throws {
        // libpcap treats a zero snapshot length as "the maximum"; packets still read.
        expectCleanStop(try scan("snaplen0.pcap", pcapHeader(snaplen: 0) + record(caplen: UInt32(frame.count), len: UInt32(frame.count), data: frame)), packets: 1)
    }

    @Test func snaplenTwoToThe31() throws {
        // libpcap clamps an absurd snapshot length instead of allocating 2 GB; the packet reads.
        expectCleanStop(try scan("snaplen2g.pcap", pcapHeader(snaplen: 1 << 31) + record(caplen: UInt32(frame.count), len: UInt32(frame.count), data: frame)), packets: 1)
    }

    @Test func caplenLargerThanLen() throws {
        // A record whose captured length exceeds its wire length: read as is, judged on the bytes present.
        expectCleanStop(try scan("caplen-gt-len.pcap", pcapHeader() + record(caplen: UInt32(frame.count), len: 20, data: frame)), packets: 1)
    }

    @Test func hugeCaplenIsRefusedWithoutAllocating() throws {
        expectError(try scan("caplen-huge.pcap", pcapHeader() + record(caplen: 0xffff_fff0, len: 0xffff_fff0, data: frame)), "corrupt capture")
    }

    // MARK: pcapng

    @Test func pcapngWithUnknownBlocksReadsThePackets() throws {
        let unknown = block(0x0000_0bad, [1, 2, 3, 4, 5, 6, 7, 8])
        let custom = block(0x0000_0bad | 0x4000_0000, [0, 0, 0, 0])
        let file = sectionHeader + unknown + interface() + custom + enhancedPacket(frame) + unknown + enhancedPacket(frame)
        expectCleanStop(try scan("unknown-blocks.pcapng", file), packets: 2)
    }

    @Test func pcapngBlockLengthLies() throws {
        // An enhanced packet block claiming 1 GB.
        let liar = le32(6) + le32(1 << 30) + le32(0) + le32(0) + le32(0) + le32(60) + le32(60) + frame
        expectError(try scan("block-length-lie.pcapng", sectionHeader + interface() + enhancedPacket(frame) + liar), "capture")
        // A block length that is not a multiple of 4 / shorter than a block header.
        let short = le32(6) + le32(7) + le32(0)
        expectError(try scan("block-length-short.pcapng", sectionHeader + interface() + short), "capture")
        // Trailing length that disagrees with the leading one.
        var mismatched = enhancedPacket(frame)
        mismatched.replaceSubrange((mismatched.count - 4)..., with: le32(4))
        expectError(try scan("block-length-mismatch.pcapng", sectionHeader + interface() + mismatched), "capture")
    }

    @Test func pcapngHugeInterfaceCount() throws {
        // 20000 interface descriptions, then a packet on the last one: memory stays bounded, the packet reads.
        var file = sectionHeader
        for _ in 0..<20_000 { file += interface() }
        file += enhancedPacket(frame, interface: 19_999)
        expectCleanStop(try scan("many-interfaces.pcapng", file), packets: 1)
    }

    @Test func pcapngPacketOnAnUndeclaredInterface() throws {
        expectError(try scan("no-such-interface.pcapng", sectionHeader + interface() + enhancedPacket(frame, interface: 7)), "capture")
    }

    @Test func pcapngCutMidBlock() throws {
        let file = sectionHeader + interface() + enhancedPacket(frame) + enhancedPacket(frame)
        expectError(try scan("cut-block.pcapng", Array(file.prefix(file.count - 10))), "truncated")
        expectError(try scan("cut-header.pcapng", Array(file.prefix(file.count - 90))), "truncated")
    }
}
