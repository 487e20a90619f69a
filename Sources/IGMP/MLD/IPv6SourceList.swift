/// A run of IPv6 source addresses inside an MLDv2 query or address record: `SourceList`'s twin, 16 bytes an address.
///
/// `declaredCount` is what the message claims; `count` is how many are present, never more than the bytes hold.
public struct IPv6SourceList: ~Escapable {
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
    @inlinable public var count: Int { min(declaredCount, bytes.byteCount / 16) }
    /// Whether every declared address is present.
    @inlinable public var isComplete: Bool { count == declaredCount }
    /// The indices of the addresses present, `0..<count`.
    @inlinable public var indices: Range<Int> { 0..<count }
    /// The address at `index` (0..<count).
    @inlinable
    public subscript(index: Int) -> IPv6Address {
        precondition(index >= 0 && index < count, "source index out of range")
        return bytes.ipv6Address(at: index * 16)
    }

    /// Frame offset of the address at `index`.
    @inlinable public func frameOffset(of index: Int) -> Int { frameOffset + index * 16 }

    /// The addresses as an array (allocates; for tests and output).
    public var array: [IPv6Address] { (0..<count).map { self[$0] } }
}
