import CCandidateReader
import CPcap
import Foundation
import IGMP
@testable import IGMPCapture
import Testing

/// `CaptureReader` reads a file through its own 64 KiB stdio buffer (`streamBufferSize`) rather than glibc's 4 KiB,
/// and without stdio's lock.
@Suite struct CaptureReaderTests {
    struct Packet: Equatable {
        var frameNumber: Int
        var seconds: Int64
        var nanoseconds: Int32
        var wireLength: Int
        var bytes: [UInt8]
    }

    func readAll(_ reader: CaptureReader) throws -> [Packet] {
        var packets: [Packet] = []
        try reader.forEachPacket { frame, info in
            packets.append(Packet(frameNumber: info.frameNumber, seconds: info.timestamp.seconds, nanoseconds: info.timestamp.nanoseconds,
                                  wireLength: info.wireLength, bytes: frame.withUnsafeBytes { Array($0) }))
            return true
        }
        return packets
    }

    /// ~3 MB of records from 1 to 4,000 bytes, so records and their headers straddle every buffer boundary: each
    /// comes back whole and in order, the same as through a stream with glibc's own buffer.
    @Test func aCaptureManyBuffersLongReadsBackEveryPacketWhole() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("long.pcap").path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        var rng = SplitMix(seed: 0x6400)
        var written: [Packet] = []
        for i in 0..<1500 {
            let length = i % 7 == 0 ? 1 + i % 13 : Int.random(in: 1...4000, using: &rng)
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
            let wire = i % 5 == 0 ? length + 100 : length
            writer.write(bytes, timestamp: Timestamp(seconds: Int64(i), nanoseconds: Int32(i * 1000)), wireLength: wire)
            written.append(Packet(frameNumber: i + 1, seconds: Int64(i), nanoseconds: Int32(i * 1000), wireLength: wire, bytes: bytes))
        }
        writer.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 40 * 64 * 1024, "the capture spans many stream buffers")

        let reader = try CaptureReader(path: path)
        let read = try readAll(reader)
        #expect(reader.packetsRead == written.count)
        #expect(read.count == written.count)
        if let first = read.indices.first(where: { $0 < written.count && read[$0] != written[$0] }) {
            Issue.record("packet \(first + 1) differs: \(read[first].bytes.count) bytes read, \(written[first].bytes.count) written")
        }
        reader.close()

        let stream = try #require(fopen(path, "rb"))
        let plain = try CaptureReader(stream: stream, name: path) // glibc's own buffer
        #expect(try readAll(plain) == read)
    }

    /// A file opened by path is read without stdio's lock (the reader keeps it to one thread at a time): otherwise a
    /// two-thread scan takes the lock with atomic operations twice a packet, which only the benchmarks would show. A
    /// stream handed in by the caller keeps its lock, as it may be shared.
    @Test func aFileOpenedByPathIsReadWithoutStdiosLock() throws {
        let path = Tool.captures.appendingPathComponent("demo.pcap").path
        let reader = try CaptureReader(path: path)
        // (libpcap's stream of an open savefile; imported as an implicitly unwrapped pointer.)
        let file = try #require(pcap_file(reader.handle) as UnsafeMutablePointer<FILE>?)
        #expect(igmpguard_stream_is_locked_by_stdio(file) == 0)
        reader.close()

        let stream = try #require(fopen(path, "rb"))
        #expect(igmpguard_stream_is_locked_by_stdio(stream) == 1, "a stream is locked until told otherwise")
        let given = try CaptureReader(stream: stream, name: path)
        let givenFile = try #require(pcap_file(given.handle) as UnsafeMutablePointer<FILE>?)
        #expect(igmpguard_stream_is_locked_by_stdio(givenFile) == 1)
        given.close()
    }

    /// The error of a record cut off mid-file still names its offset with the larger buffer (the record starts
    /// past the first buffer's end).
    @Test func aRecordCutOffPastTheFirstBufferIsReportedAtItsOffset() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cut.pcap").path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        let frame = [UInt8](repeating: 0x5a, count: 1000)
        for i in 0..<100 { writer.write(frame, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0)) }
        writer.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 500).write(to: URL(fileURLWithPath: path)) // the last record loses half its data

        let reader = try CaptureReader(path: path)
        var count = 0
        do {
            try reader.forEachPacket { _, _ in count += 1; return true }
            Issue.record("a cut record must throw")
        } catch {
            #expect(error.kind == .truncated)
            #expect(error.offset == Int64(24 + 99 * (16 + 1000)), "the cut record's start")
        }
        #expect(count == 99, "every whole record before the cut is handed out")
    }
}
