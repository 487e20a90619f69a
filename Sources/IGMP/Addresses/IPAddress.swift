/// An address of either family: where a value may be an IGMP (IPv4) or an MLD (IPv6) host, group or querier, as in
/// the traffic model's summaries.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An IPv4 address (IGMP).
    case v4(IPv4Address)
    /// An IPv6 address (MLD).
    case v6(IPv6Address)

    /// The IPv4 address, when this is one.
    public var ipv4: IPv4Address? { if case .v4(let a) = self { a } else { nil } }
    /// The IPv6 address, when this is one.
    public var ipv6: IPv6Address? { if case .v6(let a) = self { a } else { nil } }

    /// Dotted quad or RFC 5952 text.
    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// IPv4 addresses before IPv6 ones, each family in numeric order.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}
