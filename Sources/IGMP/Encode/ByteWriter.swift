/// Appends big-endian fields to a caller's byte array.
struct ByteWriter {
    var bytes: [UInt8]

    init(reserving capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v)) }
    mutating func u32(_ v: UInt32) { u16(UInt16(v >> 16)); u16(UInt16(truncatingIfNeeded: v)) }
    mutating func mac(_ m: MACAddress) { bytes.append(contentsOf: m.bytes) }
    mutating func address(_ a: IPv4Address) { u32(a.rawValue) }
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    mutating func patch16(_ v: UInt16, at offset: Int) {
        bytes[offset] = UInt8(v >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: v)
    }
}
