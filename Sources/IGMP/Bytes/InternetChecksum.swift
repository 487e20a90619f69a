/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
///
/// IGMP (RFC 3376 4.1.2) and the IPv4 header both use it. Summing 64-bit words with end-around carry keeps the
/// hot path at memory speed.
public enum InternetChecksum {
    /// The one's complement sum of `bytes`, folded to 16 bits (not yet complemented).
    @inlinable
    public static func sum(_ bytes: RawSpan) -> UInt16 {
        var acc: UInt64 = 0
        var offset = 0
        let count = bytes.byteCount
        while offset + 8 <= count {
            let (s, carry) = acc.addingReportingOverflow(bytes.uint64(at: offset))
            acc = s &+ (carry ? 1 : 0)
            offset += 8
        }
        while offset + 2 <= count {
            let (s, carry) = acc.addingReportingOverflow(UInt64(bytes.uint16(at: offset)))
            acc = s &+ (carry ? 1 : 0)
            offset += 2
        }
        if offset < count {
            let (s, carry) = acc.addingReportingOverflow(UInt64(bytes.uint8(at: offset)) << 8)
            acc = s &+ (carry ? 1 : 0)
        }
        // Fold 64 -> 16 bits with end-around carry.
        acc = (acc >> 32) &+ (acc & 0xffff_ffff)
        acc = (acc >> 32) &+ (acc & 0xffff_ffff)
        acc = (acc >> 16) &+ (acc & 0xffff)
        acc = (acc >> 16) &+ (acc & 0xffff)
        acc = (acc >> 16) &+ (acc & 0xffff)
        return UInt16(truncatingIfNeeded: acc)
    }

    /// The checksum to store in a header whose checksum field is zero while summing.
    @inlinable
    public static func checksum(_ bytes: RawSpan) -> UInt16 { ~sum(bytes) }

    /// Whether `bytes`, checksum field included, sum to all ones (RFC 1071 verification).
    @inlinable
    public static func isValid(_ bytes: RawSpan) -> Bool { sum(bytes) == 0xffff }

    /// The checksum of an array (used by the encoder).
    public static func checksum(_ bytes: [UInt8]) -> UInt16 { checksum(bytes.span.bytes) }
}
