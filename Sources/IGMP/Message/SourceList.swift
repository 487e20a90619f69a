/// A run of IPv4 source addresses inside a query or a group record.
///
/// `declaredCount` is what the message claims; `count` is how many are actually present, never more than the
/// bytes hold. A caller can therefore index `0..<count` without any further check.
///
/// A view cannot be a `Sequence` (a sequence and its iterator must be escapable values), so `for in` goes over
/// `indices` (`sources[i]`, `sources.frameOffset(of: i)`), or `forEach` hands over each address; neither copies a
/// byte (<doc:ReadingMessages>).
public struct SourceList: ~Escapable {
    /// The bytes after the count field, up to the end of the query or record.
    public let bytes: RawSpan
    /// Byte offset of the first address in the frame.
    public let frameOffset: Int
    /// Number of Sources as sent.
    public let declaredCount: Int

    @_lifetime(copy bytes)
    init(bytes: RawSpan, frameOffset: Int, declaredCount: Int) {
        self.bytes = bytes
        self.frameOffset = frameOffset
        self.declaredCount = declaredCount
    }

    /// Addresses present (at most `declaredCount`).
    @inlinable public var count: Int { min(declaredCount, bytes.byteCount / 4) }
    /// Whether every declared address is present.
    @inlinable public var isComplete: Bool { count == declaredCount }
    /// Whether no address is present.
    @inlinable public var isEmpty: Bool { count == 0 }
    /// The indices of the addresses present, `0..<count`: what `for in` walks.
    @inlinable public var indices: Range<Int> { 0..<count }
    /// The address at `index` (0..<count).
    @inlinable
    public subscript(index: Int) -> IPv4Address {
        precondition(index >= 0 && index < count, "source index out of range")
        // `count` never exceeds the whole addresses in `bytes`.
        return IPv4Address(rawValue: bytes.uint32(uncheckedAt: index * 4))
    }

    /// Frame offset of the address at `index`.
    @inlinable public func frameOffset(of index: Int) -> Int { frameOffset + index * 4 }

    /// Calls `body` with each address present, in wire order. Errors `body` throws stop the walk and are rethrown.
    @inlinable
    public func forEach<E: Error>(_ body: (IPv4Address) throws(E) -> Void) throws(E) {
        for i in 0..<count { try body(self[i]) }
    }

    /// The addresses as an array (allocates; for tests and output, not the hot path).
    public var array: [IPv4Address] { (0..<count).map { self[$0] } }
}
