import IGMP

/// A packet's source or destination: IPv4 for IGMP, IPv6 for MLD.
package enum PacketAddress: Hashable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// The address as text (dotted quad; RFC 5952 for IPv6).
    var text: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// The address as Suricata's EVE writes it (IPv6 uncompressed).
    var eveText: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.expandedDescription
        }
    }
}
