/// Builds a byte array: the one builder behind the encoder (network order), pcapng blocks (the writer's byte order),
/// and summary lines (ASCII text). (Standard output is built in place instead, in `OutputBytes`, where appending
/// to an array per byte would cost too much.)
package struct ByteWriter {
    /// The order multi-byte integers are written in.
    package enum ByteOrder {
        case bigEndian, littleEndian

        /// This machine's order (a pcapng section is written in its writer's).
        package static var host: ByteOrder { 1.littleEndian == 1 ? .littleEndian : .bigEndian }
    }

    package var bytes: [UInt8]
    package let order: ByteOrder

    package init(reserving capacity: Int = 64, order: ByteOrder = .bigEndian) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.order = order
    }

    /// Continues `bytes` (which it takes over).
    package init(appendingTo bytes: [UInt8], order: ByteOrder = .bigEndian) {
        self.bytes = bytes
        self.order = order
    }

    // Fields.

    package mutating func u8(_ v: UInt8) { bytes.append(v) }
    package mutating func u16(_ v: UInt16) { integer(UInt64(v), width: 2) }
    package mutating func u32(_ v: UInt32) { integer(UInt64(v), width: 4) }
    package mutating func u64(_ v: UInt64) { integer(v, width: 8) }
    package mutating func mac(_ m: MACAddress) { bytes.append(contentsOf: m.bytes) }
    /// The address's 4 bytes, in network order whatever `order` says.
    package mutating func address(_ a: IPv4Address) {
        bytes.append(UInt8(truncatingIfNeeded: a.rawValue >> 24))
        bytes.append(UInt8(truncatingIfNeeded: a.rawValue >> 16))
        bytes.append(UInt8(truncatingIfNeeded: a.rawValue >> 8))
        bytes.append(UInt8(truncatingIfNeeded: a.rawValue))
    }
    package mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    package mutating func ipv6Address(_ a: IPv6Address) { integer(a.high, width: 8); integer(a.low, width: 8) }
    /// Zeros up to the next multiple of 4 bytes.
    package mutating func padToWord() { while bytes.count % 4 != 0 { bytes.append(0) } }

    /// A type-length-value option padded to 32 bits, as pcapng lays its options out.
    package mutating func option(_ code: UInt16, _ value: [UInt8]) {
        u16(code)
        u16(UInt16(truncatingIfNeeded: value.count))
        bytes += value
        padToWord()
    }

    /// Overwrites the 16-bit field at `offset` (a checksum filled in after the bytes it covers).
    package mutating func patch16(_ v: UInt16, at offset: Int) {
        let high = UInt8(v >> 8), low = UInt8(truncatingIfNeeded: v)
        bytes[offset] = order == .bigEndian ? high : low
        bytes[offset + 1] = order == .bigEndian ? low : high
    }

    private mutating func integer(_ v: UInt64, width: Int) {
        for i in 0..<width {
            let shift = order == .bigEndian ? (width - 1 - i) * 8 : i * 8
            bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift)))
        }
    }

    // Text.

    /// A literal's bytes (every literal written here is ASCII).
    package static func += (w: inout ByteWriter, text: StaticString) {
        w.bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package mutating func text(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// `a.b.c.d`.
    package mutating func dottedQuad(_ address: IPv4Address) { address.appendDottedQuad(to: &bytes) }

    /// A decimal, never negative (every number in a summary is a length, count or timer).
    package mutating func decimal(_ value: Int) { DecimalText.append(max(0, value), to: &bytes) }
}
