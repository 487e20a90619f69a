// Big-endian integer reads over `RawSpan`.
//
// `unsafeLoadUnaligned(fromByteOffset:as:)` is bounds-checked in every build configuration (it traps rather than
// over-reads), and loading whole words is several times faster than assembling bytes. Every caller validates its
// lengths first, so these checks are a last line of defence that hostile input cannot reach.
extension RawSpan {
    @inlinable
    func uint8(at offset: Int) -> UInt8 {
        unsafeLoadUnaligned(fromByteOffset: offset, as: UInt8.self)
    }

    @inlinable
    func uint16(at offset: Int) -> UInt16 {
        UInt16(bigEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inlinable
    func uint32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

// Field reads for views whose construction already proved the field present (a header length checked once, as
// smoltcp's `new_checked` does): the per-read bounds check above would only repeat that proof. Each caller names the
// check that covers it; debug builds (and so the test suite) still verify every read.
extension RawSpan {
    @inlinable @inline(__always)
    func uint8(uncheckedAt offset: Int) -> UInt8 {
        assert(offset >= 0 && offset < byteCount, "field read past a checked header")
        return unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt8.self)
    }

    @inlinable @inline(__always)
    func uint16(uncheckedAt offset: Int) -> UInt16 {
        assert(offset >= 0 && offset + 2 <= byteCount, "field read past a checked header")
        return UInt16(bigEndian: unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt16.self))
    }

    @inlinable @inline(__always)
    func uint32(uncheckedAt offset: Int) -> UInt32 {
        assert(offset >= 0 && offset + 4 <= byteCount, "field read past a checked header")
        return UInt32(bigEndian: unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt32.self))
    }
}
