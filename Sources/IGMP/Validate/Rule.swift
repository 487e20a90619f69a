/// The rule catalogue: every check the validator makes, as data.
///
/// Raw values are stable and never reused; `id` is the stable name printed in every output.
/// `docs/rules.md` documents each rule and a test keeps it in step with this file. A new rule that can fire on a
/// packet `CleanProof` accepts must add its condition there too (`CleanProofTests.ruleSamples` and the fuzz
/// invariant `validate == fullPass` catch one that does not).
public enum Rule: UInt16, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    // Hostile: shapes that crashed or hung real stacks, or lies about lengths.
    case ms06007OptionsPattern = 1
    case ipv4OptionMalformed = 2
    case fragmentedIGMP = 3
    case ipv4LengthInconsistent = 4
    case igmpTooShort = 5
    case querySourceCountOverflow = 6
    case reportRecordCountOverflow = 7
    case recordSourceCountOverflow = 8
    case recordAuxDataOverflow = 9

    // Warnings: RFC violations a receiver must survive.
    case igmpChecksumInvalid = 20
    case queryLengthInvalid = 21
    case generalQueryWithSources = 22
    case generalQueryDestination = 23
    case reportDestination = 24
    case groupNotMulticast = 25
    case maxRespCodeZero = 26
    case unknownRecordType = 27
    case sourceCountExceedsMTU = 28
    case duplicateSources = 29
    case ttlNotOne = 30
    case unknownType = 31
    case ipv4ChecksumInvalid = 32

    // Info: seen on healthy networks.
    case routerAlertMissing = 40
    case ipv4ChecksumZero = 41
    case tosNotInternetControl = 42
    case reservedBitsSet = 43
    case captureTruncated = 44

    /// The stable rule id printed in outputs (kebab case).
    public var id: String {
        switch self {
        case .ms06007OptionsPattern: "ms06-007-options"
        case .ipv4OptionMalformed: "ipv4-option-malformed"
        case .fragmentedIGMP: "fragmented-igmp"
        case .ipv4LengthInconsistent: "ipv4-length-inconsistent"
        case .igmpTooShort: "igmp-too-short"
        case .querySourceCountOverflow: "query-source-count-overflow"
        case .reportRecordCountOverflow: "report-record-count-overflow"
        case .recordSourceCountOverflow: "record-source-count-overflow"
        case .recordAuxDataOverflow: "record-aux-data-overflow"
        case .igmpChecksumInvalid: "igmp-checksum-invalid"
        case .queryLengthInvalid: "query-length-invalid"
        case .generalQueryWithSources: "general-query-with-sources"
        case .generalQueryDestination: "general-query-destination"
        case .reportDestination: "report-destination"
        case .groupNotMulticast: "group-not-multicast"
        case .maxRespCodeZero: "max-resp-code-zero"
        case .unknownRecordType: "unknown-record-type"
        case .sourceCountExceedsMTU: "source-count-exceeds-mtu"
        case .duplicateSources: "duplicate-sources"
        case .ttlNotOne: "ttl-not-one"
        case .unknownType: "unknown-type"
        case .ipv4ChecksumInvalid: "ipv4-checksum-invalid"
        case .routerAlertMissing: "router-alert-missing"
        case .ipv4ChecksumZero: "ipv4-checksum-zero"
        case .tosNotInternetControl: "tos-not-internet-control"
        case .reservedBitsSet: "reserved-bits-set"
        case .captureTruncated: "capture-truncated"
        }
    }

    /// Looks a rule up by its `id`.
    public init?(id: String) {
        guard let rule = Rule.allCases.first(where: { $0.id == id }) else { return nil }
        self = rule
    }

    /// A number for IDS-style outputs (Suricata EVE `signature_id`), in the range Suricata keeps for local rules.
    public var signatureID: Int { 1_376_000 + Int(rawValue) }

    /// How bad a finding of this rule is.
    @inlinable
    public var severity: Severity {
        switch rawValue {
        case 1..<20: .hostile
        case 20..<40: .warning
        default: .info
        }
    }

    /// A one-line description.
    public var title: String {
        switch self {
        case .ms06007OptionsPattern: "IPv4 options of the MS06-007 IGMPv3 denial of service"
        case .ipv4OptionMalformed: "Malformed IPv4 option on an IGMP packet"
        case .fragmentedIGMP: "Fragmented IGMP (MS99-034)"
        case .ipv4LengthInconsistent: "IPv4 header or total length inconsistent with the bytes on the wire"
        case .igmpTooShort: "IGMP message shorter than 8 bytes"
        case .querySourceCountOverflow: "IGMPv3 query Number of Sources runs past the message"
        case .reportRecordCountOverflow: "IGMPv3 report Number of Group Records runs past the message"
        case .recordSourceCountOverflow: "Group record Number of Sources runs past the message"
        case .recordAuxDataOverflow: "Group record Aux Data Len runs past the message"
        case .igmpChecksumInvalid: "IGMP checksum does not verify"
        case .queryLengthInvalid: "Query of 9 to 11 bytes"
        case .generalQueryWithSources: "General Query carrying sources"
        case .generalQueryDestination: "General Query not sent to 224.0.0.1"
        case .reportDestination: "IGMPv3 report not sent to 224.0.0.22"
        case .groupNotMulticast: "Group address is not multicast"
        case .maxRespCodeZero: "IGMPv3 query with Max Resp Code 0"
        case .unknownRecordType: "Unknown group record type"
        case .sourceCountExceedsMTU: "More sources than fit an Ethernet MTU"
        case .duplicateSources: "Duplicate source addresses"
        case .ttlNotOne: "IGMP membership message with TTL other than 1"
        case .unknownType: "Unknown IGMP type"
        case .ipv4ChecksumInvalid: "IPv4 header checksum does not verify"
        case .routerAlertMissing: "IGMPv2/v3 message without Router Alert"
        case .ipv4ChecksumZero: "IPv4 header checksum 0 (transmit offload)"
        case .tosNotInternetControl: "IGMPv3 message with TOS other than 0xc0"
        case .reservedBitsSet: "Reserved or flag bits set"
        case .captureTruncated: "Packet cut by the capture's snapshot length: not fully validated"
        }
    }

    /// RFC sections, CVEs, bulletins and Snort SIDs behind the rule.
    public var references: [Reference] {
        switch self {
        case .ms06007OptionsPattern:
            [.bulletin("MS06-007"), .cve("CVE-2006-0021"), .snort(gid: 3, sid: 8092), .rfc(791, section: "3.1"), .rfc(2113, section: "2.1")]
        case .ipv4OptionMalformed: [.rfc(791, section: "3.1"), .rfc(2113, section: "2.1"), .snort(gid: 116, sid: 5)]
        case .fragmentedIGMP: [.bulletin("MS99-034"), .cve("CVE-1999-0918"), .snort(gid: 1, sid: 272), .snort(gid: 1, sid: 273)]
        case .ipv4LengthInconsistent: [.rfc(791, section: "3.1")]
        case .igmpTooShort: [.rfc(3376, section: "4"), .rfc(2236, section: "2")]
        case .querySourceCountOverflow: [.rfc(3376, section: "4.1.8"), .rfc(9776, section: "4.1.8")]
        case .reportRecordCountOverflow: [.rfc(3376, section: "4.2.3"), .rfc(9776, section: "4.2.3")]
        case .recordSourceCountOverflow: [.rfc(3376, section: "4.2.7"), .rfc(9776, section: "4.2.7")]
        case .recordAuxDataOverflow: [.rfc(3376, section: "4.2.6"), .rfc(9776, section: "4.2.6")]
        case .igmpChecksumInvalid: [.rfc(3376, section: "4.1.2"), .rfc(3376, section: "4.2.2"), .rfc(2236, section: "2.3")]
        case .queryLengthInvalid: [.rfc(3376, section: "7.1")]
        case .generalQueryWithSources: [.rfc(3376, section: "4.1.9"), .rfc(3376, section: "4.1.11")]
        case .generalQueryDestination: [.rfc(3376, section: "4.1.12"), .rfc(2236, section: "2")]
        case .reportDestination: [.rfc(3376, section: "4.2.14")]
        case .groupNotMulticast: [.rfc(3376, section: "4.1.3"), .rfc(3376, section: "4.2.8"), .rfc(2236, section: "2.4")]
        case .maxRespCodeZero: [.cve("CVE-2012-0207"), .rfc(3376, section: "4.1.1")]
        case .unknownRecordType: [.rfc(3376, section: "4.2.12")]
        case .sourceCountExceedsMTU: [.rfc(3376, section: "4.1.8"), .rfc(3376, section: "4.2.16"), .cve("CVE-2007-0069"), .bulletin("MS08-001")]
        case .duplicateSources: [.rfc(3376, section: "4.1.9"), .rfc(3376, section: "4.2.9")]
        case .ttlNotOne: [.rfc(3376, section: "4"), .rfc(2236, section: "2")]
        case .unknownType: [.rfc(3376, section: "4"), .rfc(2236, section: "2.1")]
        case .ipv4ChecksumInvalid: [.rfc(791, section: "3.1")]
        case .routerAlertMissing: [.rfc(3376, section: "4"), .rfc(2236, section: "2"), .rfc(2113, section: "2.1")]
        case .ipv4ChecksumZero: [.rfc(791, section: "3.1")]
        case .tosNotInternetControl: [.rfc(3376, section: "4")]
        case .reservedBitsSet: [.rfc(3376, section: "4.1.4"), .rfc(3376, section: "4.2.1"), .rfc(9776, section: "4.1.4")]
        case .captureTruncated: []
        }
    }

    /// Why the rule exists and what fires it.
    public var rationale: String {
        switch self {
        case .ms06007OptionsPattern:
            "Windows XP/2003 froze on an IGMPv3 packet whose IPv4 options were invalid (MS06-007). Fires when an IGMP packet's options begin with two End of Option List bytes, or carry an option whose length byte is 0, 1 or runs past the header while no valid Router Alert is present."
        case .ipv4OptionMalformed:
            "Any other IPv4 option that cannot be walked (length below 2, running past the header, a Router Alert whose length is not 4) on an IGMP packet. Option parsers that trust these lengths over-read."
        case .fragmentedIGMP:
            "IGMP messages are tiny and never legitimately fragmented; fragmented IGMP crashed Windows 9x/NT (MS99-034). Fires on MF set or a non-zero fragment offset."
        case .ipv4LengthInconsistent:
            "IHL below 5, a header longer than the frame, Total Length below the header, or Total Length beyond the bytes on the wire when the capture was not cut: the header lies about sizes."
        case .igmpTooShort:
            "Every IGMP message has at least the 8-byte common header; anything shorter is malformed."
        case .querySourceCountOverflow:
            "Number of Sources (N) in an IGMPv3 query claims more addresses than the message holds; a receiver that trusts N reads past the packet."
        case .reportRecordCountOverflow:
            "Number of Group Records (M) claims more records than the message holds (including a record whose 8-byte header is cut)."
        case .recordSourceCountOverflow:
            "A group record's Number of Sources claims more addresses than the message holds."
        case .recordAuxDataOverflow:
            "A group record's Aux Data Len (in 32-bit words) runs past the message. Parsers that read it as bytes (tcpdump) misparse valid reports; ones that trust it over-read."
        case .igmpChecksumInvalid:
            "The checksum over the whole IGMP message, additional data included, does not verify; receivers discard such messages."
        case .queryLengthInvalid:
            "RFC 3376 7.1: a query of 9-11 bytes is neither IGMPv1/v2 (8) nor IGMPv3 (12 or more) and must be ignored."
        case .generalQueryWithSources:
            "A General Query (group 0.0.0.0) must not list sources."
        case .generalQueryDestination:
            "General Queries are sent to the all-systems group 224.0.0.1."
        case .reportDestination:
            "IGMPv3 reports are sent to 224.0.0.22 (all IGMPv3-capable routers)."
        case .groupNotMulticast:
            "The group of a group-specific query, a v1/v2 report, a leave or a v3 group record must be a multicast address (224.0.0.0/4)."
        case .maxRespCodeZero:
            "A Max Resp Code of 0 in an IGMPv3 query made the Linux kernel divide by zero (CVE-2012-0207) and asks every host to answer at once."
        case .unknownRecordType:
            "Group record types are 1 to 6; routers must ignore others."
        case .sourceCountExceedsMTU:
            "More sources than fit one Ethernet frame (366 in a query, 365 in a report record) cannot come from a conforming sender, and large source lists were the vector of MS08-001 (CVE-2007-0069)."
        case .duplicateSources:
            "The same source address listed twice in one query or record; conforming senders list each once, and duplicates inflate per-source state. Looked for among the first 2048 sources of a list (more than a 9000-byte jumbo frame holds; longer lists fire source-count-exceeds-mtu anyway), in linear time."
        case .ttlNotOne:
            "Membership messages are link-local and sent with TTL 1; another TTL suggests forwarding or spoofing from off-link."
        case .unknownType:
            "An IGMP type no RFC defines; receivers must ignore it."
        case .ipv4ChecksumInvalid:
            "The IPv4 header checksum is non-zero and wrong; receivers discard the packet."
        case .routerAlertMissing:
            "IGMPv2 and IGMPv3 messages should carry Router Alert, but real switches and routers often omit it."
        case .ipv4ChecksumZero:
            "A zero IPv4 header checksum that does not verify is what transmit checksum offload leaves in a capture taken on the sending host. (A zero that verifies is a correct checksum and fires nothing.)"
        case .tosNotInternetControl:
            "IGMPv3 messages are sent with IP precedence Internetwork Control (TOS 0xc0); many stacks use other values."
        case .reservedBitsSet:
            "Reserved bits (RFC 3376) or flags (RFC 9776) are set; receivers ignore them."
        case .captureTruncated:
            "The capture kept fewer bytes than the packet had, so lengths and checksums could not be checked. Never a verdict on the packet."
        }
    }

    public var description: String { id }
}
