import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frames that may carry IGMP, copied in file order out of libpcap's buffer (which the next read overwrites), with
/// their packet facts: what the reading thread hands the judging thread (`ScanPipeline`).
///
/// Allocated once per scan and reused, so the per-packet path allocates nothing. Its byte store grows only when a
/// single frame is larger than the whole store (libpcap hands out at most 256 KiB), and then once.
final class FrameBatch {
    private var bytes: UnsafeMutableRawPointer
    private var byteCapacity: Int
    private var byteCount = 0
    private let infos: UnsafeMutablePointer<PacketInfo>
    /// Where each frame starts in `bytes` and how long it is.
    private let starts: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    let frameCapacity: Int
    private(set) var count = 0

    init(byteCapacity: Int = 256 * 1024, frameCapacity: Int = 4096) {
        precondition(byteCapacity > 0 && frameCapacity > 0)
        self.byteCapacity = byteCapacity
        self.frameCapacity = frameCapacity
        bytes = .allocate(byteCount: byteCapacity, alignment: 64)
        infos = .allocate(capacity: frameCapacity)
        starts = .allocate(capacity: frameCapacity)
        lengths = .allocate(capacity: frameCapacity)
    }

    deinit {
        bytes.deallocate()
        infos.deinitialize(count: count)
        infos.deallocate()
        starts.deallocate()
        lengths.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// Appends a copy of `frame`. False when the batch is full: hand it over and append to an empty one, which takes
    /// a frame of any size. Inlined into the read loop: a call would make the loop store every packet's facts for
    /// it, IGMP or not.
    @inline(__always)
    func append(_ frame: RawSpan, _ info: PacketInfo) -> Bool {
        let length = frame.byteCount
        // Frames start 8-byte aligned, so the validator's word loads stay within one or two cache lines as in
        // libpcap's own buffer.
        let start = (byteCount + 7) & ~7
        if count == frameCapacity || start + length > byteCapacity {
            guard count == 0 else { return false }
            grow(toHold: length)
        }
        let offset = count == 0 ? 0 : start
        if length > 0 {
            frame.withUnsafeBytes { source in
                (bytes + offset).copyMemory(from: source.baseAddress!, byteCount: length)
            }
        }
        (infos + count).initialize(to: info)
        starts[count] = offset
        lengths[count] = length
        byteCount = offset + length
        count += 1
        return true
    }

    /// Calls `body` with each frame and its facts, in the order they were appended.
    @inline(__always)
    func forEach(_ body: (RawSpan, PacketInfo) -> Void) {
        for i in 0..<count {
            body(RawSpan(_unsafeBytes: UnsafeRawBufferPointer(start: bytes + starts[i], count: lengths[i])), infos[i])
        }
    }

    /// Empties the batch, keeping its storage.
    func removeAll() {
        infos.deinitialize(count: count)
        count = 0
        byteCount = 0
    }

    private func grow(toHold length: Int) {
        guard length > byteCapacity else { return }
        bytes.deallocate()
        byteCapacity = length
        bytes = .allocate(byteCount: byteCapacity, alignment: 64)
    }
}
