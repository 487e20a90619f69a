/// A capture's link-layer header type: the LINKTYPE_ value stored in pcap/pcapng files, or the DLT_ value libpcap
/// reports for it (they differ only for raw IP).
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The DLT_ value libpcap reports (LINKTYPE_ values in files map to these).
    public var rawValue: UInt32
    /// The link type of DLT_ value `rawValue`, whether or not the decoder reads it (`isSupported`).
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II, with any 802.1Q / 802.1ad tags.
    public static let ethernet = LinkType(rawValue: Self.ethernetRawValue)
    @usableFromInline static let ethernetRawValue: UInt32 = 1
    /// Raw IP as libpcap reports it on most systems (DLT_RAW).
    public static let rawDLT = LinkType(rawValue: 12)
    /// Raw IP as OpenBSD's libpcap reports it.
    public static let rawDLTOpenBSD = LinkType(rawValue: 14)
    /// Raw IP as stored in files (LINKTYPE_RAW).
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback: a 4-byte address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (SLL), 16-byte header.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4 (LINKTYPE_IPV4).
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6 (LINKTYPE_IPV6).
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2 (SLL2), 20-byte header.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// Whether the decoder understands this link type.
    public var isSupported: Bool {
        switch self {
        case .null, .ethernet, .rawDLT, .rawDLTOpenBSD, .raw, .loop, .linuxSLL, .ipv4, .ipv6, .linuxSLL2: true
        default: false
        }
    }

    /// The LINKTYPE_ value a capture file stores for this link type: libpcap's DLT_RAW (12, or 14 on OpenBSD) is
    /// LINKTYPE_RAW (101) on disk; every other value is the same in both.
    public var stored: LinkType {
        self == .rawDLT || self == .rawDLTOpenBSD ? .raw : self
    }

    /// libpcap's name for the link type.
    public var name: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .rawDLT, .rawDLTOpenBSD, .raw: "RAW"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .linuxSLL2: "LINUX_SLL2"
        default: "LINKTYPE_\(rawValue)"
        }
    }

    /// libpcap's name for the link type and its value: `EN10MB (1)`, `LINKTYPE_147 (147)` for one not named here.
    public var description: String { "\(name) (\(rawValue))" }
}
