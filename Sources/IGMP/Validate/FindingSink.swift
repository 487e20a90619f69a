/// Where the validator puts findings. Implement it to stream findings elsewhere; `FindingBuffer` is the
/// allocation-free default.
public protocol FindingSink {
    /// Receives one finding. The validator hands them over in the order it checks the rules, which is not always
    /// frame-offset order (`FindingBuffer` sorts them).
    mutating func append(_ finding: Finding)
}

/// A fixed-capacity store of findings that lives on the stack: recording never allocates. Findings are kept in
/// frame-offset order, the order a reader meets the fields in.
///
/// Keep one for many packets and `removeAll()` between them (O(1)): a new buffer initialises its 1 KiB of slots,
/// which costs more than proving a conforming packet clean.
///
/// A packet can fire more rules than fit (a report with thousands of bad records): the first `capacity` reported
/// are kept and the rest counted in `droppedCount`. The validator computes the verdict from every finding, kept or not.
public struct FindingBuffer: FindingSink, RandomAccessCollection, Sendable {
    /// Findings kept per packet.
    public static let capacity = 32

    @usableFromInline var storage: InlineArray<32, Finding>
    /// Findings kept (at most `capacity`).
    public internal(set) var count = 0
    /// Findings that did not fit.
    public internal(set) var droppedCount = 0

    /// An empty buffer.
    public init() {
        storage = InlineArray(repeating: Finding(.captureTruncated, at: 0))
    }

    /// Keeps `finding` in frame-offset order (after any kept finding at the same offset), or counts it as dropped
    /// when full.
    public mutating func append(_ finding: Finding) {
        guard count < Self.capacity else {
            droppedCount += 1
            return
        }
        // The validator reports in the order it checks, nearly always by rising offset: an insertion sort rarely
        // moves anything.
        var slot = count
        while slot > 0 && storage[slot - 1].offset > finding.offset {
            storage[slot] = storage[slot - 1]
            slot -= 1
        }
        storage[slot] = finding
        count += 1
    }

    /// The kept finding at `index` (0..<count).
    @inlinable
    public subscript(index: Int) -> Finding {
        precondition(index >= 0 && index < count, "finding index out of range")
        return storage[index]
    }

    /// Whether no finding was kept.
    public var isEmpty: Bool { count == 0 }
    /// The first finding's index: 0.
    public var startIndex: Int { 0 }
    /// One past the last kept finding: `count`.
    public var endIndex: Int { count }

    /// Empties the buffer for the next packet.
    public mutating func removeAll() {
        count = 0
        droppedCount = 0
    }

    /// The kept findings as an array (allocates; for output and tests).
    public var array: [Finding] {
        guard count > 0 else { return [] }
        var kept: [Finding] = []
        kept.reserveCapacity(count)
        for i in 0..<count { kept.append(storage[i]) }
        return kept
    }

    /// Whether a rule fired (among kept findings).
    public func contains(_ rule: Rule) -> Bool {
        for i in 0..<count where storage[i].rule == rule { return true }
        return false
    }
}
