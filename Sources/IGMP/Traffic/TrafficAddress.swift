/// An address as the traffic model's tables hold it: 128 bits, an IPv4 address in the low 32. The families are never
/// compared with each other: their tables' keys carry the family (`TrafficRules.segmentBit`).
struct TrafficAddress: Hashable, Comparable {
    var high: UInt64
    var low: UInt64

    init(_ address: IPv4Address) {
        high = 0
        low = UInt64(address.rawValue)
    }

    init(_ address: IPv6Address) {
        high = address.high
        low = address.low
    }

    /// 0.0.0.0 or `::`: a snooping switch's queries, a report from a host that has no address yet.
    var isUnspecified: Bool { high == 0 && low == 0 }

    /// The address folded to 64 bits for the tables' hashes: an IPv4 address as it is (one value each, so no
    /// collision to aim at, and IGMP pays nothing); an IPv6 one under a per-process key.
    var folded: UInt64 { high == 0 ? low : IPv6AddressHash.mixed(high: high, low: low) }

    /// The address of `family` these bits hold.
    func address(_ family: ProtocolFamily) -> IPAddress {
        switch family {
        case .igmp: .v4(IPv4Address(rawValue: UInt32(truncatingIfNeeded: low)))
        case .mld: .v6(IPv6Address(high: high, low: low))
        }
    }

    static func < (lhs: TrafficAddress, rhs: TrafficAddress) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
