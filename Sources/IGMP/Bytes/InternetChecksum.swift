/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
///
/// IGMP (RFC 3376 4.1.2) and the IPv4 header both use it. Summing 64-bit words with end-around carry keeps the
/// hot path at memory speed.
public enum InternetChecksum {
    /// The one's complement sum of `bytes`, folded to 16 bits (not yet complemented).
    ///
    /// The one's complement sum does not depend on byte order (RFC 1071 2(B)), so native-order 64-bit words are
    /// summed as 32-bit halves into a 64-bit accumulator (no carry can be lost below 2^32 words), then folded and
    /// swapped to network order once.
    @inlinable
    public static func sum(_ bytes: RawSpan) -> UInt16 {
        // Every load below starts at `offset` with `offset + width <= count`, so the unchecked loads stay inside
        // the span; the per-load bounds check of `RawSpan` would only repeat that.
        let count = bytes.byteCount
        var acc: UInt64 = 0
        var offset = 0
        while offset + 16 <= count {
            let a = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self)
            let b = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset + 8, as: UInt64.self)
            acc &+= (a & 0xffff_ffff) &+ (a >> 32) &+ (b & 0xffff_ffff) &+ (b >> 32)
            offset += 16
        }
        if offset + 8 <= count {
            let word = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self)
            acc &+= (word & 0xffff_ffff) &+ (word >> 32)
            offset += 8
        }
        if offset + 4 <= count {
            acc &+= UInt64(bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt32.self))
            offset += 4
        }
        if offset + 2 <= count {
            acc &+= UInt64(bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt16.self))
            offset += 2
        }
        if offset < count {
            // A trailing odd byte is the high byte of a zero-padded big-endian word.
            acc &+= UInt64(UInt16(bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt8.self)) << 8).littleEndianIfNative
        }
        var folded = (acc >> 32) &+ (acc & 0xffff_ffff)
        folded = (folded >> 32) &+ (folded & 0xffff_ffff)
        folded = (folded >> 16) &+ (folded & 0xffff)
        folded = (folded >> 16) &+ (folded & 0xffff)
        folded = (folded >> 16) &+ (folded & 0xffff)
        return UInt16(bigEndian: UInt16(truncatingIfNeeded: folded))
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

extension UInt64 {
    /// A big-endian 16-bit value placed where a native-order load would have put it.
    @inlinable var littleEndianIfNative: UInt64 { UInt64(UInt16(truncatingIfNeeded: self).bigEndian) }
}
