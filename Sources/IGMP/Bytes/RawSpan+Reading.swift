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

    @inlinable
    func uint64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
