/// A 48-bit IEEE 802 MAC address, held in the low 48 bits of a `UInt64`.
public struct MACAddress: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The address in the low 48 bits.
    public var rawValue: UInt64

    /// The address held in the low 48 bits of `rawValue`, first byte most significant.
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue & 0xffff_ffff_ffff }

    /// An address from its six bytes, first on the wire first.
    public init(_ b: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)) {
        self.init(rawValue: UInt64(b.0) << 40 | UInt64(b.1) << 32 | UInt64(b.2) << 24
            | UInt64(b.3) << 16 | UInt64(b.4) << 8 | UInt64(b.5))
    }

    /// The Ethernet multicast MAC of an IPv4 group: 01:00:5e plus the group's low 23 bits (RFC 1112 6.4).
    public init(multicast group: IPv4Address) {
        self.init(rawValue: 0x0100_5e00_0000 | UInt64(group.rawValue & 0x7f_ffff))
    }

    /// The Ethernet multicast address of an IPv6 multicast group: 33:33 and the group's last 32 bits (RFC 2464 7).
    public init(multicast group: IPv6Address) {
        self.init(rawValue: 0x3333_0000_0000 | (group.low & 0xffff_ffff))
    }

    /// The six bytes in wire order.
    public var bytes: [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: rawValue >> (40 - 8 * $0)) } }

    /// The address as six colon-separated lower-case hex pairs (`01:00:5e:00:00:16`).
    public var description: String {
        bytes.map { b in
            let h = String(b, radix: 16)
            return h.count == 1 ? "0" + h : h
        }.joined(separator: ":")
    }
}
