/// The key of a rule in the catalogue: a stable number, never reused. Everything else about the rule (its id,
/// severity, title, references, rationale and message) is its row in `RuleCatalogue.rows`.
///
/// Adding a rule: a case here, its row in `RuleCatalogue.rows`, its check in the validator (and, if it can fire on
/// a packet `CleanProof` accepts, its condition there; for MLD, `FullPass+MLD.swift` and `CleanProof+MLD.swift`) or, for a rule that judges traffic, in `TrafficModel`, and its
/// test.
public enum Rule: UInt16, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// `ms06-007-options` (hostile): IPv4 options of the MS06-007 IGMPv3 denial of service.
    case ms06007OptionsPattern = 1
    /// `ipv4-option-malformed` (hostile): Malformed IPv4 option on an IGMP packet.
    case ipv4OptionMalformed = 2
    /// `fragmented-igmp` (hostile): Fragmented IGMP (MS99-034).
    case fragmentedIGMP = 3
    /// `ipv4-length-inconsistent` (hostile): IPv4 header or total length inconsistent with the bytes on the wire.
    case ipv4LengthInconsistent = 4
    /// `igmp-too-short` (hostile): IGMP message shorter than 8 bytes.
    case igmpTooShort = 5
    /// `query-source-count-overflow` (hostile): IGMPv3 query Number of Sources runs past the message.
    case querySourceCountOverflow = 6
    /// `report-record-count-overflow` (hostile): IGMPv3 report Number of Group Records runs past the message.
    case reportRecordCountOverflow = 7
    /// `record-source-count-overflow` (hostile): Group record Number of Sources runs past the message.
    case recordSourceCountOverflow = 8
    /// `record-aux-data-overflow` (hostile): Group record Aux Data Len runs past the message.
    case recordAuxDataOverflow = 9
    /// `igmp-checksum-invalid` (warning): IGMP checksum does not verify.
    case igmpChecksumInvalid = 20
    /// `query-length-invalid` (warning): Query of 9 to 11 bytes.
    case queryLengthInvalid = 21
    /// `general-query-with-sources` (warning): General Query carrying sources.
    case generalQueryWithSources = 22
    /// `general-query-destination` (warning): General Query not sent to 224.0.0.1.
    case generalQueryDestination = 23
    /// `report-destination` (warning): IGMPv3 report not sent to 224.0.0.22.
    case reportDestination = 24
    /// `group-not-multicast` (warning): Group address is not multicast.
    case groupNotMulticast = 25
    /// `max-resp-code-zero` (warning): IGMPv3 query with Max Resp Code 0.
    case maxRespCodeZero = 26
    /// `unknown-record-type` (warning): Unknown group record type.
    case unknownRecordType = 27
    /// `source-count-exceeds-mtu` (warning): More sources than fit an Ethernet MTU.
    case sourceCountExceedsMTU = 28
    /// `duplicate-sources` (warning): Duplicate source addresses.
    case duplicateSources = 29
    /// `ttl-not-one` (warning): IGMP membership message with TTL other than 1.
    case ttlNotOne = 30
    /// `unknown-type` (warning): Unknown IGMP type.
    case unknownType = 31
    /// `ipv4-checksum-invalid` (warning): IPv4 header checksum does not verify.
    case ipv4ChecksumInvalid = 32
    /// `router-alert-missing` (info): IGMPv2/v3 message without Router Alert.
    case routerAlertMissing = 40
    /// `ipv4-checksum-zero` (info): IPv4 header checksum 0 (transmit offload).
    case ipv4ChecksumZero = 41
    /// `tos-not-internet-control` (info): IGMPv3 message with TOS other than 0xc0.
    case tosNotInternetControl = 42
    /// `reserved-bits-set` (info): Reserved or flag bits set.
    case reservedBitsSet = 43
    /// `capture-truncated` (info): Packet cut by the capture's snapshot length: not fully validated.
    case captureTruncated = 44
    /// `querier-takeover` (warning): A lower address takes the querier role from a querier still present.
    case querierTakeover = 50
    /// `querier-not-listed` (hostile): Query from a router not on the `--querier` list.
    case querierNotListed = 51
    /// `version-downgrade` (warning): IGMPv1/v2 query on a segment whose querier speaks IGMPv3.
    case versionDowngrade = 52
    /// `source-list-query-storm` (hostile): Group-and-source-specific queries listing too many sources in a window.
    case sourceListQueryStorm = 53
    /// `query-flood` (warning): More General Queries from one source than the limit in a window.
    case queryFlood = 54
    /// `report-flood` (warning): More membership reports from one source than the limit in a window.
    case reportFlood = 55
    /// `leave-flood` (warning): More leaves from one source than the limit in a window.
    case leaveFlood = 56
    /// `host-group-cap` (warning): A host holds more groups than the cap.
    case hostGroupCap = 57
    /// `host-source-cap` (warning): A host's filter for one group holds more sources than the cap.
    case hostSourceCap = 58
    /// `mld-extension-header-malformed` (hostile): IPv6 extension headers of an MLD packet that cannot be walked.
    case mldExtensionHeaderMalformed = 60
    /// `fragmented-mld` (hostile): Fragmented MLD.
    case fragmentedMLD = 61
    /// `ipv6-length-inconsistent` (hostile): IPv6 Payload Length inconsistent with the bytes on the wire.
    case ipv6LengthInconsistent = 62
    /// `mld-too-short` (hostile): MLD message shorter than its fixed header.
    case mldTooShort = 63
    /// `mld-query-source-count-overflow` (hostile): MLDv2 query Number of Sources runs past the message.
    case mldQuerySourceCountOverflow = 64
    /// `mld-report-record-count-overflow` (hostile): MLDv2 report record count runs past the message.
    case mldReportRecordCountOverflow = 65
    /// `mld-record-source-count-overflow` (hostile): MLDv2 address record Number of Sources runs past the message.
    case mldRecordSourceCountOverflow = 66
    /// `mld-record-aux-data-overflow` (hostile): MLDv2 address record Aux Data Len runs past the message.
    case mldRecordAuxDataOverflow = 67
    /// `mld-checksum-invalid` (warning): ICMPv6 checksum of an MLD message does not verify.
    case mldChecksumInvalid = 70
    /// `mld-query-length-invalid` (warning): MLD query of 25 to 27 bytes.
    case mldQueryLengthInvalid = 71
    /// `mld-general-query-with-sources` (warning): MLD General Query carrying sources.
    case mldGeneralQueryWithSources = 72
    /// `mld-general-query-destination` (warning): MLD General Query not sent to ff02::1.
    case mldGeneralQueryDestination = 73
    /// `mld-report-destination` (warning): MLDv2 report not sent to ff02::16.
    case mldReportDestination = 74
    /// `mld-group-not-multicast` (warning): MLD multicast address is not multicast.
    case mldGroupNotMulticast = 75
    /// `mld-max-resp-code-zero` (warning): MLDv2 query with Maximum Response Code 0.
    case mldMaxRespCodeZero = 76
    /// `mld-unknown-record-type` (warning): Unknown MLDv2 record type.
    case mldUnknownRecordType = 77
    /// `mld-source-count-exceeds-mtu` (warning): More sources than fit the IPv6 minimum MTU.
    case mldSourceCountExceedsMTU = 78
    /// `mld-duplicate-sources` (warning): Duplicate MLD source addresses.
    case mldDuplicateSources = 79
    /// `mld-hop-limit-not-one` (warning): MLD message with Hop Limit other than 1.
    case mldHopLimitNotOne = 80
    /// `mld-source-not-link-local` (warning): MLD message from a source that is not link-local.
    case mldSourceNotLinkLocal = 81
    /// `mld-router-alert-missing` (info): MLD message without a Hop-by-Hop Router Alert.
    case mldRouterAlertMissing = 85
    /// `mld-reserved-bits-set` (info): MLD Code, reserved or flag bits set.
    case mldReservedBitsSet = 86
    /// `mld-querier-takeover` (warning): A lower address takes the MLD querier role from a querier still present.
    case mldQuerierTakeover = 90
    /// `mld-querier-not-listed` (hostile): MLD query from a router not on the `--querier` list.
    case mldQuerierNotListed = 91
    /// `mld-version-downgrade` (warning): MLDv1 query on a segment whose querier speaks MLDv2.
    case mldVersionDowngrade = 92
    /// `mld-source-list-query-storm` (hostile): MLDv2 queries listing too many sources in a window.
    case mldSourceListQueryStorm = 93
    /// `mld-query-flood` (warning): More MLD General Queries from one source than the limit in a window.
    case mldQueryFlood = 94
    /// `mld-report-flood` (warning): More MLD reports from one source than the limit in a window.
    case mldReportFlood = 95
    /// `mld-done-flood` (warning): More MLD Done messages and leaves from one source than the limit in a window.
    case mldDoneFlood = 96
    /// `mld-host-group-cap` (warning): A host listens to more multicast addresses than the cap.
    case mldHostGroupCap = 97
    /// `mld-host-source-cap` (warning): A host's MLD filter for one address holds more sources than the cap.
    case mldHostSourceCap = 98

    /// The rule's row in the catalogue.
    public var row: RuleDescription { RuleCatalogue.rows[index] }

    /// The rule's position in `RuleCatalogue.rows` (0 ..< `Rule.allCases.count`): tables of per-rule counts are
    /// indexed by it.
    @inlinable public var index: Int { Int(RuleCatalogue.rowIndexByNumber[Int(rawValue)]) }

    /// The stable rule id printed in outputs (kebab case).
    public var id: String { RuleCatalogue.rows[index].id }

    /// Looks a rule up by its `id`.
    public init?(id: String) {
        guard let row = RuleCatalogue.rows.first(where: { $0.id == id }) else { return nil }
        self = row.rule
    }

    /// A number for IDS-style outputs (Suricata EVE `signature_id`), in the range Suricata keeps for local rules.
    public var signatureID: Int { 1_376_000 + Int(rawValue) }

    /// How bad a finding of this rule is.
    public var severity: Severity { RuleCatalogue.rows[index].severity }

    /// A one-line description.
    public var title: String { RuleCatalogue.rows[index].title }
    /// RFC sections, CVEs, bulletins and Snort SIDs behind the rule.
    public var references: [Reference] { RuleCatalogue.rows[index].references }
    /// Why the rule exists and what fires it.
    public var rationale: String { RuleCatalogue.rows[index].rationale }

    /// The rule id.
    public var description: String { id }
}
