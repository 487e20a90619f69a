/// What an MLD message is, with the query version told apart exactly as RFC 3810 8.1 says: a 24-byte query is
/// MLDv1, a query of 28 bytes or more is MLDv2, and any other query length must be ignored.
public enum MLDKind: Hashable, Sendable, CustomStringConvertible {
    /// An MLDv1 Multicast Listener Query (type 130, 24 bytes, RFC 2710 3).
    case queryV1
    /// An MLDv2 Multicast Listener Query (type 130, 28 bytes or more, RFC 3810 5.1).
    case queryV2
    /// A query of another length (RFC 3810 8.1: "MUST be silently ignored").
    case queryInvalidLength
    /// An MLDv1 Multicast Listener Report (type 131, RFC 2710 3).
    case reportV1
    /// An MLDv1 Multicast Listener Done (type 132, RFC 2710 3).
    case done
    /// An MLDv2 Multicast Listener Report (type 143, RFC 3810 5.2).
    case reportV2

    /// ICMPv6 type of a Multicast Listener Query.
    public static let queryType: UInt8 = 130
    /// ICMPv6 type of an MLDv1 Report.
    public static let reportV1Type: UInt8 = 131
    /// ICMPv6 type of an MLDv1 Done.
    public static let doneType: UInt8 = 132
    /// ICMPv6 type of an MLDv2 Report.
    public static let reportV2Type: UInt8 = 143

    /// Whether an MLD message of ICMPv6 `type` may come from `source`: a link-local address (RFC 3810 5.1.14,
    /// 5.2.13; RFC 2710 3), or `::` for a report from a host that has none yet (RFC 3810 5.2.13, RFC 3590 4).
    /// Receivers discard the others.
    @inlinable
    public static func maySend(type: UInt8, from source: IPv6Address) -> Bool {
        source.isLinkLocalUnicast || (source.isUnspecified && (type == reportV1Type || type == reportV2Type))
    }

    /// Whether an ICMPv6 type is one of MLD's.
    @inlinable
    public static func isMLD(type: UInt8) -> Bool {
        type == queryType || type == reportV1Type || type == doneType || type == reportV2Type
    }

    /// Classifies a message by ICMPv6 type and declared length (RFC 3810 8.1); nil for a type that is not MLD's.
    @inlinable
    public init?(type: UInt8, length: Int) {
        switch type {
        case Self.queryType:
            if length == MLDMessage.listenerMessageLength { self = .queryV1 }
            else if length >= MLDv2Query.headerLength { self = .queryV2 }
            else { self = .queryInvalidLength }
        case Self.reportV1Type: self = .reportV1
        case Self.doneType: self = .done
        case Self.reportV2Type: self = .reportV2
        default: return nil
        }
    }

    /// The MLD version (nil for a query of invalid length).
    public var version: Int? {
        switch self {
        case .queryV1, .reportV1, .done: 1
        case .queryV2, .reportV2: 2
        case .queryInvalidLength: nil
        }
    }

    /// The ICMPv6 type.
    public var type: UInt8 {
        switch self {
        case .queryV1, .queryV2, .queryInvalidLength: Self.queryType
        case .reportV1: Self.reportV1Type
        case .done: Self.doneType
        case .reportV2: Self.reportV2Type
        }
    }

    /// Whether this is a Multicast Listener Query of any version or length.
    public var isQuery: Bool {
        switch self {
        case .queryV1, .queryV2, .queryInvalidLength: true
        default: false
        }
    }

    /// A stable machine-readable name (the NDJSON `kind`): `mld-query-v2`, `mld-report-v1`, `mld-done`.
    public var name: String {
        switch self {
        case .queryV1: "mld-query-v1"
        case .queryV2: "mld-query-v2"
        case .queryInvalidLength: "mld-query-invalid-length"
        case .reportV1: "mld-report-v1"
        case .done: "mld-done"
        case .reportV2: "mld-report-v2"
        }
    }

    /// `name`.
    public var description: String { name }
}
