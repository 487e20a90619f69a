/// One rule that fired on one packet: where, and the values that made it fire.
///
/// A plain value with no references, so recording one never allocates; `message` renders text on demand.
public struct Finding: Hashable, Sendable, CustomStringConvertible {
    /// The rule that fired.
    public var rule: Rule
    /// Byte offset in the frame of the field that fired the rule.
    public var offset: Int
    /// The offending value (a count, a length, a type byte ...), rule-specific.
    public var observed: Int
    /// What it was checked against (the bytes available, the limit, the expected value ...), rule-specific.
    public var limit: Int
    /// A finding of `rule` at frame offset `offset`.

    @inlinable
    public init(_ rule: Rule, at offset: Int, observed: Int = 0, limit: Int = 0) {
        self.rule = rule
        self.offset = offset
        self.observed = observed
        self.limit = limit
    }

    /// The rule's severity.
    @inlinable public var severity: Severity { rule.severity }

    /// A short human message with the values that fired the rule.
    public var message: String {
        switch rule {
        case .ms06007OptionsPattern:
            observed == 0 ? "IPv4 options begin with two End of Option List bytes"
                : "IPv4 option 0x\(hex(observed)) has length \(limit) and no valid Router Alert is present"
        case .ipv4OptionMalformed: "IPv4 option 0x\(hex(observed)) has invalid length \(limit)"
        case .fragmentedIGMP:
            "IGMP in an IP fragment (flags/offset 0x\(hex(observed)))"
        case .ipv4LengthInconsistent: "IPv4 length field says \(observed) bytes, \(limit) are there"
        case .igmpTooShort: "IGMP message is \(observed) bytes, the minimum is 8"
        case .querySourceCountOverflow: "Number of Sources \(observed) needs \(12 + 4 * observed) bytes, message has \(limit)"
        case .reportRecordCountOverflow: "Number of Group Records is \(observed), only \(limit) fit in the message"
        case .recordSourceCountOverflow: "record needs \(observed) bytes for its sources, \(limit) remain"
        case .recordAuxDataOverflow: "record needs \(observed) bytes with its aux data, \(limit) remain"
        case .igmpChecksumInvalid: "IGMP checksum 0x\(hex(observed)) does not verify"
        case .queryLengthInvalid: "query is \(observed) bytes long"
        case .generalQueryWithSources: "General Query lists \(observed) sources"
        case .generalQueryDestination: "General Query sent to \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: observed)))"
        case .reportDestination: "IGMPv3 report sent to \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: observed)))"
        case .groupNotMulticast: "group \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: observed))) is not multicast"
        case .maxRespCodeZero: "Max Resp Code is 0"
        case .unknownRecordType: "record type \(observed)"
        case .sourceCountExceedsMTU: "\(observed) sources, at most \(limit) fit an Ethernet MTU"
        case .duplicateSources: "source \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: observed))) is listed twice"
        case .ttlNotOne: "TTL is \(observed)"
        case .unknownType: "IGMP type 0x\(hex(observed))"
        case .ipv4ChecksumInvalid: "IPv4 header checksum 0x\(hex(observed)) does not verify"
        case .routerAlertMissing: "no Router Alert option"
        case .ipv4ChecksumZero: "IPv4 header checksum is 0"
        case .tosNotInternetControl: "TOS is 0x\(hex(observed))"
        case .reservedBitsSet: "reserved/flag bits 0x\(hex(observed)) are set"
        case .captureTruncated: "captured \(observed) of \(limit) bytes: not fully validated"
        }
    }

    public var description: String { "\(rule.id) [\(severity)] @\(offset): \(message)" }
}

@usableFromInline
func hex(_ value: Int) -> String { String(value, radix: 16) }
