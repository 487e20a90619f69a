import CCandidateReader
import Foundation
import IGMP
import IGMPCapture
import IGMPSamples
import Testing

/// `CaptureReader.readCandidates(into:)`, the scan's reading loop in C: it must copy out exactly the packets that
/// `forEachPacket` and `FrameWalk.mayCarryIGMP` would keep, whole, with their facts, in file order, whatever the
/// batch size; count what the snapshot length cut; and stop at a read error with everything before it kept.
@Suite struct CandidateReaderTests {
    struct Packet: Equatable, CustomStringConvertible {
        var frameNumber: Int
        var timestamp: Timestamp
        var wireLength: Int
        var bytes: [UInt8]
        init(_ frame: RawSpan, _ info: PacketInfo) {
            frameNumber = info.frameNumber
            timestamp = info.timestamp
            wireLength = info.wireLength
            bytes = frame.withUnsafeBytes { Array($0) }
            #expect(info.capturedLength == bytes.count)
        }
        var description: String { "frame \(frameNumber), \(bytes.count) bytes" }
    }

    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    /// The benchmarks' synthetic mix, every seventh packet recorded as cut by the snapshot length, and every 500th
    /// an IGMP-looking frame of 3,000 bytes (larger than the small batches below).
    func mixedCapture(_ name: String, frames: Int, linkType: LinkType = .ethernet) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let writer = try PcapWriter(path: path, linkType: linkType)
        var traffic = SyntheticTraffic(seed: 11, ipv6: true)  // IPv6 and MLD too: both prefilters meet them
        for i in 0..<frames {
            var bytes = traffic.next().bytes
            if i % 500 == 250 { // untagged IPv4 protocol 2, as the prefilter sees it
                bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 3000)
                bytes[12] = 0x08; bytes[13] = 0x00; bytes[14] = 0x45; bytes[23] = 2
            }
            writer.write(bytes, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(i), nanoseconds: Int32(i % 1000) * 1000),
                         wireLength: i % 7 == 0 ? bytes.count + 10 : nil)
        }
        writer.close()
        return path
    }

    /// `mixedCapture` with its last record cut off 20 bytes short: reading it ends in an error.
    func cutCapture(_ name: String, frames: Int) throws -> String {
        let path = try mixedCapture(name, frames: frames)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 20).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// What the Swift loop keeps: every packet (that passes the filter) that may carry IGMP, and the counts. A read
    /// error is thrown, unless `endsInError` (a cut capture): then it is returned, with every packet before it.
    func expected(_ path: String, filter: String? = nil, endsInError: Bool = false) throws
        -> (packets: [Packet], truncated: Int, read: Int, error: CaptureError?) {
        let reader = try CaptureReader(path: path)
        if let filter { try reader.setFilter(filter) }
        var packets: [Packet] = []
        var truncated = 0
        var ending: CaptureError?
        do {
            try reader.forEachPacket { frame, info in
                if info.isTruncated { truncated += 1 }
                if FrameWalk.mayCarryIGMP(frame, linkType: reader.linkType) { packets.append(Packet(frame, info)) }
                return true
            }
        } catch {
            guard endsInError else { throw error }
            ending = error
        }
        return (packets, truncated, reader.packetsRead, ending)
    }

    /// Reads with `readCandidates` into `batch`, collecting every batch as it fills.
    func candidates(_ reader: CaptureReader, batch: FrameBatch, pauseEvery: Int? = nil,
                    paused: (Int) -> Void = { _ in }) throws -> (packets: [Packet], fullBatches: Int) {
        var packets: [Packet] = []
        var full = 0
        func drain() {
            batch.forEach { frame, info in
                packets.append(Packet(frame, info))
                // Frames start 8-byte aligned in the batch, as in libpcap's buffer, for the validator's word loads.
                frame.withUnsafeBytes { if let base = $0.baseAddress { #expect(Int(bitPattern: base) % 8 == 0) } }
            }
            batch.removeAll()
        }
        reading: while true {
            switch try reader.readCandidates(into: batch, pauseEvery: pauseEvery) {
            case .batchFull:
                #expect(!batch.isEmpty, "a full batch holds a frame at least")
                full += 1
                drain()
            case .paused:
                paused(reader.packetsRead)
            case .endOfFile:
                drain()
                break reading
            }
        }
        return (packets, full)
    }

    func expectEqual(_ read: [Packet], _ expected: [Packet], _ label: String) {
        #expect(read.count == expected.count, "\(label): \(read.count) frames kept, \(expected.count) expected")
        if let i = zip(read, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("\(label): \(read[i]) differs from \(expected[i])")
        }
    }

    @Test func everyCandidateIsCopiedOutWholeAndInOrderWhateverTheBatchSize() throws {
        let path = try mixedCapture("mix.pcap", frames: 6000)
        let want = try expected(path)
        #expect(want.packets.count > 1000 && want.packets.count < 3000, "about 30% of the mix may carry IGMP")
        for (bytes, frames) in [(256 * 1024, 4096), (4096, 16), (64, 3), (1, 1)] {
            let reader = try CaptureReader(path: path)
            let (read, full) = try candidates(reader, batch: FrameBatch(byteCapacity: bytes, frameCapacity: frames))
            expectEqual(read, want.packets, "batches of \(bytes) bytes, \(frames) frames")
            #expect(reader.packetsRead == 6000)
            #expect(reader.truncatedPackets == want.truncated)
            if frames < 4096 { #expect(full > want.packets.count / frames / 2, "many batches filled") }
        }
    }

    /// A frame larger than a batch's whole store goes alone into a grown batch.
    @Test func anEmptyBatchGrowsToTakeAFrameLargerThanItsStore() throws {
        let path = try mixedCapture("raw.pcap", frames: 1200, linkType: .raw) // every frame passes on raw IP
        let want = try expected(path)
        #expect(want.packets.count == 1200)
        let batch = FrameBatch(byteCapacity: 512, frameCapacity: 64)
        let reader = try CaptureReader(path: path)
        let (read, _) = try candidates(reader, batch: batch)
        expectEqual(read, want.packets, "raw IP, 512-byte batches")
        #expect(batch.byteCapacity == 3000, "grown to the largest frame")
    }

    @Test func pausesFallOnMultiplesOfPauseEveryAndChangeNothing() throws {
        let path = try mixedCapture("pauses.pcap", frames: 5000)
        let want = try expected(path)
        var pausedAt: [Int] = []
        let reader = try CaptureReader(path: path)
        let (read, _) = try candidates(reader, batch: FrameBatch(byteCapacity: 8192, frameCapacity: 100), pauseEvery: 256) {
            pausedAt.append($0)
        }
        expectEqual(read, want.packets, "with pauses")
        #expect(pausedAt == Array(stride(from: 256, through: 5000, by: 256)))
    }

    /// Frame numbers count every packet of the file; the filter only decides which are kept.
    @Test func aFilterKeepsTheMatchingCandidatesAndFrameNumbersCountEveryPacket() throws {
        let path = try mixedCapture("filtered.pcap", frames: 4000)
        let filter = "ip[6:2] & 0x1fff = 0 and ip[8] < 64"
        let want = try expected(path, filter: filter)
        let all = try expected(path)
        #expect(!want.packets.isEmpty && want.packets.count < all.packets.count)
        let reader = try CaptureReader(path: path)
        try reader.setFilter(filter)
        let (read, _) = try candidates(reader, batch: FrameBatch(byteCapacity: 4096, frameCapacity: 32))
        expectEqual(read, want.packets, "filtered")
        #expect(reader.packetsRead == 4000)
        #expect(reader.truncatedPackets == want.truncated)
    }

    /// A record cut off mid-file: the error names its offset, and every frame before it is in the batch.
    @Test func aReadErrorKeepsEverythingBeforeItAndNamesTheRecordsOffset() throws {
        let path = try cutCapture("cut.pcap", frames: 3000)
        let want = try expected(path, endsInError: true)
        let expectedError = try #require(want.error)

        let reader = try CaptureReader(path: path)
        let batch = FrameBatch(byteCapacity: 2048, frameCapacity: 8)
        var read: [Packet] = []
        do {
            while true {
                let status = try reader.readCandidates(into: batch)
                batch.forEach { frame, info in read.append(Packet(frame, info)) }
                batch.removeAll()
                if status == .endOfFile { Issue.record("a cut record must throw"); break }
            }
        } catch {
            batch.forEach { frame, info in read.append(Packet(frame, info)) }
            #expect(error.kind == expectedError.kind)
            #expect(error.offset == expectedError.offset)
            #expect(error.offset != nil)
        }
        expectEqual(read, want.packets, "before the cut")
        #expect(reader.packetsRead == 2999)
    }

    /// One reader, both loops: `readCandidates` until a batch is full (a packet read and kept waits for the next
    /// batch), then `forEachPacket` for the rest. The waiting packet comes first out of `forEachPacket`, no packet is
    /// lost or seen twice, the counts cover both loops, and a read error's offset is right.
    @Test func theTwoLoopsShareOneReaderWithoutLosingTheWaitingPacket() throws {
        let path = try cutCapture("mixed-loops.pcap", frames: 3000)
        let want = try expected(path, endsInError: true)
        let expectedError = try #require(want.error)

        let reader = try CaptureReader(path: path)
        let batch = FrameBatch(byteCapacity: 4096, frameCapacity: 16)
        var read: [Packet] = []
        // Two full batches: the third batch's first packet is read and waits.
        for _ in 0..<2 { #expect(try reader.readCandidates(into: batch) == .batchFull) }
        batch.forEach { frame, info in read.append(Packet(frame, info)) }
        let waitingFrame = reader.packetsRead
        var first: Int?
        var thrown: CaptureError?
        do {
            try reader.forEachPacket { frame, info in
                if first == nil { first = info.frameNumber }
                if FrameWalk.mayCarryIGMP(frame, linkType: .ethernet) { read.append(Packet(frame, info)) }
                return true
            }
        } catch { thrown = error }
        #expect(first == waitingFrame, "the waiting packet comes first")
        expectEqual(read, want.packets, "batch, then forEachPacket")
        #expect(reader.packetsRead == 2999)
        #expect(reader.truncatedPackets == want.truncated, "counted by both loops")
        #expect(thrown?.kind == expectedError.kind)
        #expect(thrown?.offset == expectedError.offset, "the cut record's start, counted across both loops")
    }

    /// `forEachPacket` stopped early and called again goes on where it stopped, and still names a cut record's start.
    @Test func forEachPacketResumedStillNamesTheCutRecordsOffset() throws {
        let path = try cutCapture("resumed.pcap", frames: 500)
        let expectedOffset = try #require(try expected(path, endsInError: true).error?.offset)

        let reader = try CaptureReader(path: path)
        var seen: [Int] = []
        try reader.forEachPacket { _, info in seen.append(info.frameNumber); return info.frameNumber < 100 }
        do {
            try reader.forEachPacket { _, info in seen.append(info.frameNumber); return true }
            Issue.record("a cut record must throw")
        } catch {
            #expect(error.offset == expectedOffset)
        }
        #expect(seen == Array(1...499))
    }

    /// Every capture we ship and every reference capture (all link types, pcap and pcapng, big-endian files).
    @Test func sampleAndReferenceCapturesKeepTheSameFrames() throws {
        var paths = try Tool.packetSampleCaptures().map { Tool.captures.appendingPathComponent($0).path }
        if let reference = Tool.referenceDirectory {
            paths += ReferenceCaptureTests.files.map { "\(reference)/\($0)" }
        } else {
            print("reference captures absent: only the sample captures are read")
        }
        #expect(paths.count >= 17)
        for path in paths {
            let want = try expected(path)
            let reader = try CaptureReader(path: path)
            let (read, _) = try candidates(reader, batch: FrameBatch(byteCapacity: 1024, frameCapacity: 4))
            expectEqual(read, want.packets, path)
            #expect(reader.packetsRead == want.read, "\(path)")
            #expect(reader.truncatedPackets == want.truncated, "\(path)")
        }
    }

    /// The C loop's Ethernet prefilter is `FrameWalk.mayCarryIGMP`'s, negated: every EtherType, every version and
    /// protocol byte of IPv4, and every length around the 24 bytes it needs.
    @Test func theCPrefilterIsTheSwiftPrefilter() {
        var frame = [UInt8](repeating: 0, count: 64)
        func agree(_ length: Int) -> Bool {
            frame.withUnsafeBytes { buffer in
                let c = igmpguard_ethernet_frame_without_igmp(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), length) != 0
                let swift = !FrameWalk.mayCarryIGMP(RawSpan(_unsafeBytes: UnsafeRawBufferPointer(rebasing: buffer[..<length])), linkType: .ethernet)
                return c == swift
            }
        }
        var disagreements = 0
        for etherType in 0...0xffff {
            frame[12] = UInt8(etherType >> 8)
            frame[13] = UInt8(etherType & 0xff)
            for (version, proto) in [(0x45, 2), (0x45, 17), (0x60, 2)] {
                frame[14] = UInt8(version)
                frame[23] = UInt8(proto)
                if !agree(64) || !agree(24) { disagreements += 1 }
            }
        }
        frame[12] = 0x08; frame[13] = 0x00
        for version in 0...0xff {
            for proto in 0...0xff {
                frame[14] = UInt8(version)
                frame[23] = UInt8(proto)
                if !agree(24) { disagreements += 1 }
            }
        }
        frame[14] = 0x45; frame[23] = 17
        for length in 0...40 where !agree(length) { disagreements += 1 }
        // IPv6: every first Next Header, every ICMPv6 type, and the lengths around the 55 bytes the type needs.
        frame[12] = 0x86; frame[13] = 0xdd; frame[14] = 0x60
        for nextHeader in 0...0xff {
            frame[20] = UInt8(nextHeader)
            for type in 0...0xff {
                frame[54] = UInt8(type)
                if !agree(64) || !agree(55) { disagreements += 1 }
            }
            for length in 20...56 where !agree(length) { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }
}
