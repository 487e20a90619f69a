/// What a judged message is: an IGMP message, with the query version told apart exactly as RFC 3376 7.1 says
/// (an 8-byte query is IGMPv1 when Max Resp Code is 0 and IGMPv2 otherwise, a query of 12 or more bytes is IGMPv3,
/// and a 9-11 byte query is none of them: it must be ignored), or an MLD message (`mld`, told apart by RFC 3810 8.1).
public enum MessageKind: Hashable, Sendable, CustomStringConvertible {
    /// An IGMPv1 query: 8 bytes, Max Resp Code 0 (RFC 3376 7.1).
    case queryV1
    /// An IGMPv2 query: 8 bytes, Max Resp Code not 0.
    case queryV2
    /// An IGMPv3 query: 12 bytes or more.
    case queryV3
    /// A 9-11 byte query (RFC 3376 7.1: "MUST be silently ignored").
    case queryInvalidLength
    /// An IGMPv1 Membership Report (0x12).
    case reportV1
    /// An IGMPv2 Membership Report (0x16).
    case reportV2
    /// An IGMPv2 Leave Group (0x17).
    case leaveV2
    /// An IGMPv3 Membership Report (0x22).
    case reportV3
    /// Any other type: DVMRP, PIMv1, mtrace, MRD, RGMP or an unknown one.
    case other(IGMPType)
    /// An MLD message (ICMPv6 130, 131, 132 or 143) of IPv6.
    case mld(MLDKind)

    /// Classifies a message by type, declared length and Max Resp Code (RFC 3376 7.1).
    @inlinable
    public init(type: IGMPType, length: Int, maxRespCode: UInt8) {
        switch type {
        case .membershipQuery:
            if length == 8 { self = maxRespCode == 0 ? .queryV1 : .queryV2 }
            else if length >= 12 { self = .queryV3 }
            else { self = .queryInvalidLength }
        case .membershipReportV1: self = .reportV1
        case .membershipReportV2: self = .reportV2
        case .leaveGroup: self = .leaveV2
        case .membershipReportV3: self = .reportV3
        default: self = .other(type)
        }
    }

    /// The IGMP version of a membership message, or the MLD version of an MLD message (nil for other types and
    /// invalid-length queries).
    public var version: Int? {
        switch self {
        case .mld(let kind): kind.version
        case .queryV1, .reportV1: 1
        case .queryV2, .reportV2, .leaveV2: 2
        case .queryV3, .reportV3: 3
        case .queryInvalidLength, .other: nil
        }
    }

    /// Whether this is a Membership Query of any version or length.
    public var isQuery: Bool {
        switch self {
        case .queryV1, .queryV2, .queryV3, .queryInvalidLength: true
        case .mld(let kind): kind.isQuery
        default: false
        }
    }

    /// A stable machine-readable name (used in JSON output).
    public var name: String {
        switch self {
        case .queryV1: "query-v1"
        case .queryV2: "query-v2"
        case .queryV3: "query-v3"
        case .queryInvalidLength: "query-invalid-length"
        case .reportV1: "report-v1"
        case .reportV2: "report-v2"
        case .leaveV2: "leave-v2"
        case .reportV3: "report-v3"
        case .mld(let kind): kind.name
        case .other(let t):
            switch t {
            case .dvmrp: "dvmrp"
            case .pimV1: "pim-v1"
            case .mtraceResponse: "mtrace-response"
            case .mtraceRequest: "mtrace-request"
            case .mrdAdvertisement: "mrd-advertisement"
            case .mrdSolicitation: "mrd-solicitation"
            case .mrdTermination: "mrd-termination"
            case .rgmpLeave: "rgmp-leave"
            case .rgmpJoin: "rgmp-join"
            case .rgmpBye: "rgmp-bye"
            case .rgmpHello: "rgmp-hello"
            default: "unknown-0x" + String(t.rawValue, radix: 16)
            }
        }
    }

    /// Whether this is an MLD message.
    public var isMLD: Bool {
        if case .mld = self { return true }
        return false
    }

    /// The kind as the NDJSON `kind` field names it (`query-v3`, `report-v2`, `leave-v2`, `mld-report-v2`).
    public var description: String { name }
}
