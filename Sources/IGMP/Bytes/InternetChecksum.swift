/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
///
/// IGMP (RFC 3376 4.1.2) and the IPv4 header both use it. Summing 64-bit words with end-around carry keeps the
/// hot path at memory speed.
public enum InternetChecksum {
    /// The one's complement sum of `bytes`, folded to 16 bits (not yet complemented).
    ///
    /// The one's complement sum does not depend on byte order (RFC 1071 2(B)) nor on which 16-bit lane of a wider
    /// word a 16-bit word is added in, so native-order 64-bit words are added with end-around carry (RFC 1071
    /// 2(C), 4.1's "add with carry" on a 64-bit machine), folded to 16 bits and swapped to network order once. The
    /// last partial word is read by loading the final 8 bytes again and shifting out the ones already added: an even
    /// number of bytes, so words keep their pairing. Headers and messages are short, so this straight-line tail
    /// matters more than the loop.
    @inlinable @inline(__always)
    public static func sum(_ bytes: RawSpan) -> UInt16 {
        let count = bytes.byteCount
        guard count >= 8 else { return shortSum(bytes) }
        // Every load below reads 8 bytes at an even offset no larger than `count - 8`, inside the span; the
        // per-load bounds check of `RawSpan` would only repeat that.
        // (Wrapping arithmetic: every offset lies between 0 and `count`.)
        let even = count & ~1
        let lastWord = even &- 8
        var acc: UInt64 = 0
        var offset = 0
        // Four words a turn into two sums, so that each add-with-carry waits on every other one, not the last.
        var other: UInt64 = 0
        while offset &+ 24 <= lastWord {
            acc = addingWithCarry(acc, bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self))
            other = addingWithCarry(other, bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset &+ 8, as: UInt64.self))
            acc = addingWithCarry(acc, bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset &+ 16, as: UInt64.self))
            other = addingWithCarry(other, bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset &+ 24, as: UInt64.self))
            offset &+= 32
        }
        acc = addingWithCarry(acc, other)
        while offset <= lastWord {
            acc = addingWithCarry(acc, bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        // The rest without a branch (message lengths vary packet by packet, so a branch here is mispredicted):
        let tail = even &- offset // 0, 2, 4 or 6 bytes not yet added
        let last = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: lastWord, as: UInt64.self)
        // Little-endian: the last bytes are the high ones, shifted down by 64 - 8 x tail bits, in two steps so
        // that a tail of 0 shifts all 64 out. (On a big-endian machine they are the low ones.)
        let shift = UInt64(truncatingIfNeeded: 63 &- 8 &* tail)
        let word = 1.littleEndian == 1 ? (last &>> shift) &>> 1
                                       : last & ((1 &<< UInt64(truncatingIfNeeded: 8 &* tail)) &- 1)
        // A trailing odd byte is the high byte of a zero-padded big-endian word: the low byte in native order. The
        // last byte is read whatever the length and kept only when the length is odd.
        let lastByte = UInt64(bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: count &- 1, as: UInt8.self))
        let oddByte = lastByte & (0 &- UInt64(truncatingIfNeeded: count & 1))
        acc = addingWithCarry(addingWithCarry(acc, word), 1.littleEndian == 1 ? oddByte : oddByte &<< 8)
        return fold(acc)
    }

    /// One's complement addition of two 64-bit words: the carry out wraps around (compiles to add, adc).
    @usableFromInline @inline(__always)
    static func addingWithCarry(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, carry) = a.addingReportingOverflow(b)
        return sum &+ (carry ? 1 : 0)
    }

    /// `sum` of an IPv4 header of 20 or 24 bytes (no option or one 4-byte option), unrolled: three loads and no
    /// loop for the header every IGMP packet has.
    @inline(__always)
    static func sumOfShortHeader(_ header: RawSpan) -> UInt16 {
        assert(header.byteCount == 20 || header.byteCount == 24)
        let a = header.unsafeLoadUnaligned(fromUncheckedByteOffset: 0, as: UInt64.self)
        let b = header.unsafeLoadUnaligned(fromUncheckedByteOffset: 8, as: UInt64.self)
        let c = header.byteCount == 24 ? header.unsafeLoadUnaligned(fromUncheckedByteOffset: 16, as: UInt64.self)
                                       : UInt64(header.unsafeLoadUnaligned(fromUncheckedByteOffset: 16, as: UInt32.self))
        return fold(addingWithCarry(addingWithCarry(a, b), c))
    }

    /// The same for fewer than 8 bytes, 16 bits at a time.
    @usableFromInline
    static func shortSum(_ bytes: RawSpan) -> UInt16 {
        var acc: UInt64 = 0
        var offset = 0
        while offset + 2 <= bytes.byteCount {
            acc &+= UInt64(bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt16.self))
            offset += 2
        }
        if offset < bytes.byteCount {
            let byte = UInt64(bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt8.self))
            acc &+= 1.littleEndian == 1 ? byte : byte &<< 8
        }
        return fold(acc)
    }

    /// Folds a 64-bit one's complement sum of native-order words to 16 bits, in network order.
    @inlinable @inline(__always)
    static func fold(_ acc: UInt64) -> UInt16 {
        var folded = (acc >> 32) &+ (acc & 0xffff_ffff) // at most 33 bits
        folded = (folded >> 16) &+ (folded & 0xffff)    // at most 18 bits
        folded = (folded >> 16) &+ (folded & 0xffff)    // at most 17 bits
        folded = (folded >> 16) &+ (folded & 0xffff)    // 16 bits
        return UInt16(bigEndian: UInt16(truncatingIfNeeded: folded))
    }

    /// One's complement addition of two 16-bit sums (as `sum` returns them).
    @inlinable
    public static func add(_ a: UInt16, _ b: UInt16) -> UInt16 {
        let (sum, carry) = a.addingReportingOverflow(b)
        return sum &+ (carry ? 1 : 0)
    }

    /// The sum of the IPv6 pseudo-header (RFC 8200 8.1): source, final destination, upper-layer length and Next
    /// Header, as `sum` would return it for those 40 bytes. `add` it to the upper-layer message's `sum`.
    public static func pseudoHeaderSum(source: IPv6Address, destination: IPv6Address, length: UInt32,
                                       nextHeader: UInt8) -> UInt16 {
        @inline(__always) func groups(_ half: UInt64) -> UInt64 {
            (half >> 48) &+ ((half >> 32) & 0xffff) &+ ((half >> 16) & 0xffff) &+ (half & 0xffff)
        }
        var acc = groups(source.high) &+ groups(source.low) &+ groups(destination.high) &+ groups(destination.low)
        acc &+= UInt64(length >> 16) &+ UInt64(length & 0xffff) &+ UInt64(nextHeader)
        while acc > 0xffff { acc = (acc >> 16) &+ (acc & 0xffff) }
        return UInt16(acc)
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
