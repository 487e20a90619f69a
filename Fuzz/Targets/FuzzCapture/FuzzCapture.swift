import IGMPTestSupport
import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#endif

/// Arbitrary bytes as a whole .pcap/.pcapng file, read through IGMPCapture (libpcap over `fmemopen`).
/// Must end in packets and a clean stop, or a `CaptureError`, never a crash or a hang.
///
/// The file is read twice: packet by packet (`forEachPacket`), and as the scan reads it, through the C reading loop
/// into small batches (`readCandidates`: full batches, grown batches and pauses all happen). The second read must
/// hand out exactly the first's packets that may carry IGMP, count the same cut packets, and end the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0, let stream = fmemopen(UnsafeMutableRawPointer(mutating: start), count, "rb") else { return 0 }
    guard let reader = try? CaptureReader(stream: stream, name: "fuzz") else { return 0 }
    var packets = 0
    var candidates: [Candidate] = []
    var truncated = 0
    var ending: CaptureError?
    do {
        try reader.forEachPacket { frame, info in
            packets += 1
            if info.frameNumber != packets { fatalError("invariant violated: frame numbers skip") }
            if info.capturedLength != frame.byteCount { fatalError("invariant violated: captured length \(info.capturedLength) != \(frame.byteCount)") }
            if frame.byteCount > count { fatalError("invariant violated: a packet larger than the file") }
            do { try checkFrame(frame, linkType: reader.linkType, wireLength: info.wireLength) } catch { fatalError("invariant violated: \(error)") }
            if info.isTruncated { truncated += 1 }
            if FrameWalk.mayCarryIGMP(frame, linkType: reader.linkType) { candidates.append(Candidate(frame, info)) }
            return true
        }
    } catch {
        ending = error as? CaptureError
        _ = "\(error)"
    }
    reader.close()
    readCandidates(start, count, expecting: candidates, packets: packets, truncated: truncated, ending: ending)
    return 0
}

struct Candidate: Equatable {
    var frameNumber: Int
    var timestamp: Timestamp
    var wireLength: Int
    var bytes: [UInt8]
    init(_ frame: RawSpan, _ info: PacketInfo) {
        frameNumber = info.frameNumber
        timestamp = info.timestamp
        wireLength = info.wireLength
        bytes = frame.withUnsafeBytes { Array($0) }
        if info.capturedLength != bytes.count { fatalError("invariant violated: captured length \(info.capturedLength) != \(bytes.count)") }
    }
}

func readCandidates(_ start: UnsafeRawPointer, _ count: Int, expecting expected: [Candidate], packets: Int, truncated: Int,
                    ending: CaptureError?) {
    guard let stream = fmemopen(UnsafeMutableRawPointer(mutating: start), count, "rb"),
          let reader = try? CaptureReader(stream: stream, name: "fuzz") else {
        fatalError("invariant violated: the second open failed where the first succeeded")
    }
    let batch = FrameBatch(byteCapacity: 128, frameCapacity: 3)
    var read: [Candidate] = []
    var error: CaptureError?
    do {
        reading: while true {
            let status = try reader.readCandidates(into: batch, pauseEvery: 2)
            batch.forEach { frame, info in read.append(Candidate(frame, info)) }
            batch.removeAll()
            if status == .endOfFile { break reading }
        }
    } catch let thrown {
        batch.forEach { frame, info in read.append(Candidate(frame, info)) }
        error = thrown
    }
    if read != expected { fatalError("invariant violated: readCandidates kept \(read.count) frames, forEachPacket's prefilter \(expected.count)") }
    if reader.packetsRead != packets { fatalError("invariant violated: readCandidates read \(reader.packetsRead) packets, forEachPacket \(packets)") }
    if reader.truncatedPackets != truncated { fatalError("invariant violated: truncated \(reader.truncatedPackets) != \(truncated)") }
    if error?.kind != ending?.kind || error?.offset != ending?.offset {
        fatalError("invariant violated: readCandidates ended with \(String(describing: error)), forEachPacket with \(String(describing: ending))")
    }
    reader.close()
}
