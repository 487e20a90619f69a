/// The IGMP Type byte, with every type this decoder names (IANA "IGMP Type Numbers").
public struct IGMPType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Type byte.
    public var rawValue: UInt8
    /// The message type of byte `rawValue`, known or not (`isKnown`).
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Membership Query, all versions (RFC 1112, 2236, 3376 4.1).
    public static let membershipQuery = IGMPType(rawValue: 0x11)
    /// IGMPv1 Membership Report (RFC 1112).
    public static let membershipReportV1 = IGMPType(rawValue: 0x12)
    /// DVMRP (RFC 1075, draft-ietf-idmr-dvmrp-v3).
    public static let dvmrp = IGMPType(rawValue: 0x13)
    /// PIM version 1.
    public static let pimV1 = IGMPType(rawValue: 0x14)
    /// IGMPv2 Membership Report (RFC 2236).
    public static let membershipReportV2 = IGMPType(rawValue: 0x16)
    /// IGMPv2 Leave Group (RFC 2236).
    public static let leaveGroup = IGMPType(rawValue: 0x17)
    /// Multicast traceroute response (RFC 8487).
    public static let mtraceResponse = IGMPType(rawValue: 0x1e)
    /// Multicast traceroute query/request (RFC 8487).
    public static let mtraceRequest = IGMPType(rawValue: 0x1f)
    /// IGMPv3 Membership Report (RFC 3376 4.2).
    public static let membershipReportV3 = IGMPType(rawValue: 0x22)
    /// Multicast Router Discovery Advertisement (RFC 4286, 0x30).
    public static let mrdAdvertisement = IGMPType(rawValue: 0x30)
    /// Multicast Router Discovery Solicitation (RFC 4286, 0x31).
    public static let mrdSolicitation = IGMPType(rawValue: 0x31)
    /// Multicast Router Discovery Termination (RFC 4286, 0x32).
    public static let mrdTermination = IGMPType(rawValue: 0x32)
    /// Router-port Group Management Protocol (RGMP, RFC 3488) Leave (0xFC).
    public static let rgmpLeave = IGMPType(rawValue: 0xfc)
    /// RGMP Join (RFC 3488, 0xFD).
    public static let rgmpJoin = IGMPType(rawValue: 0xfd)
    /// RGMP Bye (RFC 3488, 0xFE).
    public static let rgmpBye = IGMPType(rawValue: 0xfe)
    /// RGMP Hello (RFC 3488, 0xFF).
    public static let rgmpHello = IGMPType(rawValue: 0xff)

    /// Whether this is a type some RFC defines (unknown types are named, not rejected, but flagged).
    public var isKnown: Bool { name != nil }

    /// A human name, nil for types no RFC defines.
    public var name: String? {
        switch self {
        case .membershipQuery: "membership query"
        case .membershipReportV1: "v1 membership report"
        case .dvmrp: "DVMRP"
        case .pimV1: "PIMv1"
        case .membershipReportV2: "v2 membership report"
        case .leaveGroup: "leave group"
        case .mtraceResponse: "mtrace response"
        case .mtraceRequest: "mtrace request"
        case .membershipReportV3: "v3 membership report"
        case .mrdAdvertisement: "MRD advertisement"
        case .mrdSolicitation: "MRD solicitation"
        case .mrdTermination: "MRD termination"
        case .rgmpLeave: "RGMP leave"
        case .rgmpJoin: "RGMP join"
        case .rgmpBye: "RGMP bye"
        case .rgmpHello: "RGMP hello"
        default: nil
        }
    }

    /// The type's name (`membership query`, `v3 membership report`), or `unknown type 0x..` when unknown.
    public var description: String { name ?? "unknown type 0x\(String(rawValue, radix: 16))" }
}
