import IGMP

extension IPAddress {
    /// The address as Suricata's EVE writes it (IPv6 uncompressed).
    var eveText: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.expandedDescription
        }
    }
}
