import CCandidateReader

/// Frames that may carry IGMP, copied in file order out of libpcap's buffer (which the next read overwrites), with
/// their packet facts. `CaptureReader.readCandidates(into:)` fills it (in C, `igmpguard_read_candidates`); a scan
/// judges it, on the reading thread or on another one.
///
/// Allocated once and reused, so the per-packet path allocates nothing. Its byte store grows only when a single frame
/// is larger than the whole store (libpcap hands out at most 256 KiB for most link types), and then once.
public final class FrameBatch {
    /// The store and the frames' facts, in the layout the C reading loop fills (`igmpguard_batch`).
    @usableFromInline var storage: igmpguard_batch

    /// How much a batch holds.
    public struct Capacity: Sendable {
        /// Bytes of frame data a batch holds.
        public var bytes: Int
        /// Frames a batch holds.
        public var frames: Int
        /// A capacity of `bytes` bytes and `frames` frames.
        public init(bytes: Int, frames: Int) {
            self.bytes = bytes
            self.frames = frames
        }
        /// What a scan uses.
        public static let standard = Capacity(bytes: 256 * 1024, frames: 4096)
    }

    /// An empty batch of `capacity`.
    public convenience init(_ capacity: Capacity) {
        self.init(byteCapacity: capacity.bytes, frameCapacity: capacity.frames)
    }

    /// An empty batch holding up to `byteCapacity` bytes of frames and `frameCapacity` frames.
    public init(byteCapacity: Int = Capacity.standard.bytes, frameCapacity: Int = Capacity.standard.frames) {
        precondition(byteCapacity > 0 && frameCapacity > 0)
        storage = igmpguard_batch(
            bytes: UnsafeMutableRawPointer.allocate(byteCount: byteCapacity, alignment: 64).assumingMemoryBound(to: UInt8.self),
            byte_capacity: byteCapacity, byte_count: 0,
            frames: .allocate(capacity: frameCapacity), frame_capacity: frameCapacity, count: 0)
    }

    deinit {
        UnsafeMutableRawPointer(storage.bytes!).deallocate()
        storage.frames!.deallocate()
    }

    /// Frames in the batch.
    public var count: Int { storage.count }
    /// Whether the batch holds no frame.
    public var isEmpty: Bool { storage.count == 0 }
    /// Bytes the store holds.
    public var byteCapacity: Int { storage.byte_capacity }
    /// Frames the batch can hold.
    public var frameCapacity: Int { storage.frame_capacity }

    /// Calls `body` with each frame and its facts, in file order.
    @inlinable
    public func forEach(_ body: (RawSpan, PacketInfo) -> Void) {
        let bytes = UnsafeRawPointer(storage.bytes!)
        for i in 0..<storage.count {
            let frame = storage.frames[i]
            let info = PacketInfo(frameNumber: Int(frame.frame_number),
                                  timestamp: Timestamp(seconds: frame.seconds, fraction: frame.fraction),
                                  wireLength: Int(frame.wire_length), capturedLength: Int(frame.captured_length))
            body(RawSpan(_unsafeBytes: UnsafeRawBufferPointer(start: bytes + Int(frame.start), count: Int(frame.captured_length))), info)
        }
    }

    /// Empties the batch, keeping its storage.
    public func removeAll() {
        storage.count = 0
        storage.byte_count = 0
    }

    /// Makes an empty batch's store large enough for one frame of `length` bytes.
    func grow(toHold length: Int) {
        precondition(storage.count == 0)
        guard length > storage.byte_capacity else { return }
        UnsafeMutableRawPointer(storage.bytes!).deallocate()
        storage.byte_capacity = length
        storage.bytes = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 64).assumingMemoryBound(to: UInt8.self)
    }
}
