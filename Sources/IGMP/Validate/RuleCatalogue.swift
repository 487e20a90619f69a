/// The rule catalogue: one row per rule. The validator, every output, `igmpguard rules` and `docs/rules.md` (exactly
/// `RuleCatalogue.markdown`, a test checks) all read it from here.
public enum RuleCatalogue {
    /// Every rule, in the order of its number.
    public static let rows: [RuleDescription] = [
        RuleDescription(
            .ms06007OptionsPattern, id: "ms06-007-options", severity: .hostile, family: .igmp, scope: .packet,
            title: "IPv4 options of the MS06-007 IGMPv3 denial of service",
            references: [.bulletin("MS06-007"), .cve("CVE-2006-0021"), .snort(gid: 3, sid: 8092), .rfc(791, section: "3.1"), .rfc(2113, section: "2.1")],
            rationale: "Windows XP/2003 froze on an IGMPv3 packet whose IPv4 options were invalid (MS06-007). Fires when an IGMP packet's options begin with two End of Option List bytes, or carry an option whose length byte is 0, 1 or runs past the header while no valid Router Alert is present.",
            message: { f in f.observed == 0 ? "IPv4 options begin with two End of Option List bytes"
                : "IPv4 option 0x\(hex(f.observed)) has length \(f.limit) and no valid Router Alert is present" }),
        RuleDescription(
            .ipv4OptionMalformed, id: "ipv4-option-malformed", severity: .hostile, family: .igmp, scope: .packet,
            title: "Malformed IPv4 option on an IGMP packet",
            references: [.rfc(791, section: "3.1"), .rfc(2113, section: "2.1"), .snort(gid: 116, sid: 5)],
            rationale: "Any other IPv4 option that cannot be walked (length below 2, running past the header, a Router Alert whose length is not 4) on an IGMP packet. Option parsers that trust these lengths over-read.",
            message: { f in "IPv4 option 0x\(hex(f.observed)) has invalid length \(f.limit)" }),
        RuleDescription(
            .fragmentedIGMP, id: "fragmented-igmp", severity: .hostile, family: .igmp, scope: .packet,
            title: "Fragmented IGMP (MS99-034)",
            references: [.bulletin("MS99-034"), .cve("CVE-1999-0918"), .snort(gid: 1, sid: 272), .snort(gid: 1, sid: 273)],
            rationale: "IGMP messages are tiny and never legitimately fragmented; fragmented IGMP crashed Windows 9x/NT (MS99-034). Fires on MF set or a non-zero fragment offset.",
            message: { f in "IGMP in an IP fragment (flags/offset 0x\(hex(f.observed)))" }),
        RuleDescription(
            .ipv4LengthInconsistent, id: "ipv4-length-inconsistent", severity: .hostile, family: .igmp, scope: .packet,
            title: "IPv4 header or total length inconsistent with the bytes on the wire",
            references: [.rfc(791, section: "3.1")],
            rationale: "IHL below 5, a header longer than the frame, Total Length below the header, or Total Length beyond the bytes on the wire when the capture was not cut: the header lies about sizes.",
            message: { f in "IPv4 length field says \(f.observed) bytes, \(f.limit) are there" }),
        RuleDescription(
            .igmpTooShort, id: "igmp-too-short", severity: .hostile, family: .igmp, scope: .packet,
            title: "IGMP message shorter than 8 bytes",
            references: [.rfc(3376, section: "4"), .rfc(2236, section: "2")],
            rationale: "Every IGMP message has at least the 8-byte common header; anything shorter is malformed.",
            message: { f in "IGMP message is \(f.observed) bytes, the minimum is 8" }),
        RuleDescription(
            .querySourceCountOverflow, id: "query-source-count-overflow", severity: .hostile, family: .igmp, scope: .packet,
            title: "IGMPv3 query Number of Sources runs past the message",
            references: [.rfc(3376, section: "4.1.8"), .rfc(9776, section: "4.1.8")],
            rationale: "Number of Sources (N) in an IGMPv3 query claims more addresses than the message holds; a receiver that trusts N reads past the packet.",
            message: { f in "Number of Sources \(f.observed) needs \(12 + 4 * f.observed) bytes, message has \(f.limit)" }),
        RuleDescription(
            .reportRecordCountOverflow, id: "report-record-count-overflow", severity: .hostile, family: .igmp, scope: .packet,
            title: "IGMPv3 report Number of Group Records runs past the message",
            references: [.rfc(3376, section: "4.2.3"), .rfc(9776, section: "4.2.3")],
            rationale: "Number of Group Records (M) claims more records than the message holds (including a record whose 8-byte header is cut).",
            message: { f in "Number of Group Records is \(f.observed), only \(f.limit) fit in the message" }),
        RuleDescription(
            .recordSourceCountOverflow, id: "record-source-count-overflow", severity: .hostile, family: .igmp, scope: .packet,
            title: "Group record Number of Sources runs past the message",
            references: [.rfc(3376, section: "4.2.7"), .rfc(9776, section: "4.2.7")],
            rationale: "A group record's Number of Sources claims more addresses than the message holds.",
            message: { f in "record needs \(f.observed) bytes for its sources, \(f.limit) remain" }),
        RuleDescription(
            .recordAuxDataOverflow, id: "record-aux-data-overflow", severity: .hostile, family: .igmp, scope: .packet,
            title: "Group record Aux Data Len runs past the message",
            references: [.rfc(3376, section: "4.2.6"), .rfc(9776, section: "4.2.6")],
            rationale: "A group record's Aux Data Len (in 32-bit words) runs past the message. Parsers that read it as bytes (tcpdump) misparse valid reports; ones that trust it over-read.",
            message: { f in "record needs \(f.observed) bytes with its aux data, \(f.limit) remain" }),
        RuleDescription(
            .igmpChecksumInvalid, id: "igmp-checksum-invalid", severity: .warning, family: .igmp, scope: .packet,
            title: "IGMP checksum does not verify",
            references: [.rfc(3376, section: "4.1.2"), .rfc(3376, section: "4.2.2"), .rfc(2236, section: "2.3")],
            rationale: "The checksum over the whole IGMP message, additional data included, does not verify; receivers discard such messages.",
            message: { f in "IGMP checksum 0x\(hex(f.observed)) does not verify" }),
        RuleDescription(
            .queryLengthInvalid, id: "query-length-invalid", severity: .warning, family: .igmp, scope: .packet,
            title: "Query of 9 to 11 bytes",
            references: [.rfc(3376, section: "7.1")],
            rationale: "RFC 3376 7.1: a query of 9-11 bytes is neither IGMPv1/v2 (8) nor IGMPv3 (12 or more) and must be ignored.",
            message: { f in "query is \(f.observed) bytes long" }),
        RuleDescription(
            .generalQueryWithSources, id: "general-query-with-sources", severity: .warning, family: .igmp, scope: .packet,
            title: "General Query carrying sources",
            references: [.rfc(3376, section: "4.1.9"), .rfc(3376, section: "4.1.11")],
            rationale: "A General Query (group 0.0.0.0) must not list sources.",
            message: { f in "General Query lists \(f.observed) sources" }),
        RuleDescription(
            .generalQueryDestination, id: "general-query-destination", severity: .warning, family: .igmp, scope: .packet,
            title: "General Query not sent to 224.0.0.1",
            references: [.rfc(3376, section: "4.1.12"), .rfc(2236, section: "2")],
            rationale: "General Queries are sent to the all-systems group 224.0.0.1.",
            message: { f in "General Query sent to \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.observed)))" }),
        RuleDescription(
            .reportDestination, id: "report-destination", severity: .warning, family: .igmp, scope: .packet,
            title: "IGMPv3 report not sent to 224.0.0.22",
            references: [.rfc(3376, section: "4.2.14")],
            rationale: "IGMPv3 reports are sent to 224.0.0.22 (all IGMPv3-capable routers).",
            message: { f in "IGMPv3 report sent to \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.observed)))" }),
        RuleDescription(
            .groupNotMulticast, id: "group-not-multicast", severity: .warning, family: .igmp, scope: .packet,
            title: "Group address is not multicast",
            references: [.rfc(3376, section: "4.1.3"), .rfc(3376, section: "4.2.8"), .rfc(2236, section: "2.4")],
            rationale: "The group of a group-specific query, a v1/v2 report, a leave or a v3 group record must be a multicast address (224.0.0.0/4).",
            message: { f in "group \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.observed))) is not multicast" }),
        RuleDescription(
            .maxRespCodeZero, id: "max-resp-code-zero", severity: .warning, family: .igmp, scope: .packet,
            title: "IGMPv3 query with Max Resp Code 0",
            references: [.cve("CVE-2012-0207"), .rfc(3376, section: "4.1.1")],
            rationale: "A Max Resp Code of 0 in an IGMPv3 query made the Linux kernel divide by zero (CVE-2012-0207) and asks every host to answer at once.",
            message: { f in "Max Resp Code is 0" }),
        RuleDescription(
            .unknownRecordType, id: "unknown-record-type", severity: .warning, family: .igmp, scope: .packet,
            title: "Unknown group record type",
            references: [.rfc(3376, section: "4.2.12")],
            rationale: "Group record types are 1 to 6; routers must ignore others.",
            message: { f in "record type \(f.observed)" }),
        RuleDescription(
            .sourceCountExceedsMTU, id: "source-count-exceeds-mtu", severity: .warning, family: .igmp, scope: .packet,
            title: "More sources than fit an Ethernet MTU",
            references: [.rfc(3376, section: "4.1.8"), .rfc(3376, section: "4.2.16"), .cve("CVE-2007-0069"), .bulletin("MS08-001")],
            rationale: "More sources than fit one Ethernet frame (366 in a query, 365 in a report record) cannot come from a conforming sender, and large source lists were the vector of MS08-001 (CVE-2007-0069).",
            message: { f in "\(f.observed) sources, at most \(f.limit) fit an Ethernet MTU" }),
        RuleDescription(
            .duplicateSources, id: "duplicate-sources", severity: .warning, family: .igmp, scope: .packet,
            title: "Duplicate source addresses",
            references: [.rfc(3376, section: "4.1.9"), .rfc(3376, section: "4.2.9")],
            rationale: "The same source address listed twice in one query or record; conforming senders list each once, and duplicates inflate per-source state. Looked for among the first 2048 sources of a list (more than a 9000-byte jumbo frame holds; longer lists fire source-count-exceeds-mtu anyway), in linear time.",
            message: { f in "source \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.observed))) is listed twice" }),
        RuleDescription(
            .ttlNotOne, id: "ttl-not-one", severity: .warning, family: .igmp, scope: .packet,
            title: "IGMP membership message with TTL other than 1",
            references: [.rfc(3376, section: "4"), .rfc(2236, section: "2")],
            rationale: "Membership messages are link-local and sent with TTL 1; another TTL suggests forwarding or spoofing from off-link.",
            message: { f in "TTL is \(f.observed)" }),
        RuleDescription(
            .unknownType, id: "unknown-type", severity: .warning, family: .igmp, scope: .packet,
            title: "Unknown IGMP type",
            references: [.rfc(3376, section: "4"), .rfc(2236, section: "2.1")],
            rationale: "An IGMP type no RFC defines; receivers must ignore it.",
            message: { f in "IGMP type 0x\(hex(f.observed))" }),
        RuleDescription(
            .ipv4ChecksumInvalid, id: "ipv4-checksum-invalid", severity: .warning, family: .igmp, scope: .packet,
            title: "IPv4 header checksum does not verify",
            references: [.rfc(791, section: "3.1")],
            rationale: "The IPv4 header checksum is non-zero and wrong; receivers discard the packet.",
            message: { f in "IPv4 header checksum 0x\(hex(f.observed)) does not verify" }),
        RuleDescription(
            .routerAlertMissing, id: "router-alert-missing", severity: .info, family: .igmp, scope: .packet,
            title: "IGMPv2/v3 message without Router Alert",
            references: [.rfc(3376, section: "4"), .rfc(2236, section: "2"), .rfc(2113, section: "2.1")],
            rationale: "IGMPv2 and IGMPv3 messages should carry Router Alert, but real switches and routers often omit it.",
            message: { f in "no Router Alert option" }),
        RuleDescription(
            .ipv4ChecksumZero, id: "ipv4-checksum-zero", severity: .info, family: .igmp, scope: .packet,
            title: "IPv4 header checksum 0 (transmit offload)",
            references: [.rfc(791, section: "3.1")],
            rationale: "A zero IPv4 header checksum that does not verify is what transmit checksum offload leaves in a capture taken on the sending host. (A zero that verifies is a correct checksum and fires nothing.)",
            message: { f in "IPv4 header checksum is 0" }),
        RuleDescription(
            .tosNotInternetControl, id: "tos-not-internet-control", severity: .info, family: .igmp, scope: .packet,
            title: "IGMPv3 message with TOS other than 0xc0",
            references: [.rfc(3376, section: "4")],
            rationale: "IGMPv3 messages are sent with IP precedence Internetwork Control (TOS 0xc0); many stacks use other values.",
            message: { f in "TOS is 0x\(hex(f.observed))" }),
        RuleDescription(
            .reservedBitsSet, id: "reserved-bits-set", severity: .info, family: .igmp, scope: .packet,
            title: "Reserved or flag bits set",
            references: [.rfc(3376, section: "4.1.4"), .rfc(3376, section: "4.2.1"), .rfc(9776, section: "4.1.4")],
            rationale: "Reserved bits (RFC 3376) or flags (RFC 9776) are set; receivers ignore them.",
            message: { f in "reserved/flag bits 0x\(hex(f.observed)) are set" }),
        RuleDescription(
            .captureTruncated, id: "capture-truncated", severity: .info, family: .igmp, scope: .packet,
            title: "Packet cut by the capture's snapshot length: not fully validated",
            references: [],
            rationale: "The capture kept fewer bytes than the packet had, so lengths and checksums could not be checked. Never a verdict on the packet.",
            message: { f in "captured \(f.observed) of \(f.limit) bytes: not fully validated" }),
        RuleDescription(
            .querierTakeover, id: "querier-takeover", severity: .warning, family: .igmp, scope: .traffic,
            title: "A lower address takes the querier role from a querier still present",
            references: [.rfc(3376, section: "6.6.2"), .rfc(9776, section: "6.6.2"), .rfc(2236, section: "3")],
            rationale: "The querier election picks the lowest address (RFC 3376 6.6.2), so one forged query from a lower address makes its sender the segment's querier, and snooping switches follow it. Fires on a query (any version) whose source is lower than that of the elected querier while that querier is still present: within the Other Querier Present Interval of its last query (Robustness x Query Interval + half the Max Resp Code, from the query's own fields; the querier-timeout limit for IGMPv1/v2). A failover to a higher address after the querier fell silent, a first querier, and a router that was this segment's querier before coming back (RFC 3376 6.6.2 elects it again) fire nothing; nor does 0.0.0.0, from which snooping switches query (RFC 4541 2.1.1) and which no router elects. Not fired for a router on the --querier list.",
            message: { f in "query from \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.observed))) takes the querier role from \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.limit))), still present" }),
        RuleDescription(
            .querierNotListed, id: "querier-not-listed", severity: .hostile, family: .igmp, scope: .traffic,
            title: "Query from a router not on the --querier list",
            references: [.rfc(3376, section: "6.6.2"), .rfc(3376, section: "9.1")],
            rationale: "When the routers allowed to query are given (--querier, TrafficConfiguration.queriers), a query from any other address is the classic rogue querier. Fires on that source's first query (again after the model forgot the source). Snooping switches query from 0.0.0.0: list it when one is expected.",
            message: { f in "query from \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.observed))), which is not on the querier list" }),
        RuleDescription(
            .versionDowngrade, id: "version-downgrade", severity: .warning, family: .igmp, scope: .traffic,
            title: "IGMPv1/v2 query on a segment whose querier speaks IGMPv3",
            references: [.rfc(3376, section: "7.2.1"), .rfc(3376, section: "7.3.1"), .rfc(9776, section: "7.2.1"), .rfc(3810, section: "10.1")],
            rationale: "An older-version query puts every host into compatibility mode for the Older Version Querier Present Timeout (RFC 3376 7.2.1), and source filtering (SSM) stops working; RFC 3810 10.1 warns of exactly this forgery. Fires on an IGMPv1 or v2 query while the elected querier is present and its last query was IGMPv3; once per source, until that source sends an IGMPv3 query.",
            message: { f in "IGMPv\(f.observed) query while the querier \(IPv4Address(rawValue: UInt32(truncatingIfNeeded: f.limit))) speaks IGMPv3" }),
        RuleDescription(
            .sourceListQueryStorm, id: "source-list-query-storm", severity: .hostile, family: .igmp, scope: .traffic,
            title: "Group-and-source-specific queries listing too many sources in a window",
            references: [.bulletin("MS08-001"), .cve("CVE-2007-0069"), .rfc(3376, section: "9.1")],
            rationale: "IGMPv3 queries carrying many sources, sent repeatedly in a short time, exhausted Windows' memory (MS08-001, CVE-2007-0069); RFC 3376 9.1 names forged group-and-source-specific queries as an attack. Fires when the sources listed by one sender's queries (group-and-source-specific ones, and General Queries that wrongly carry sources) pass the queried-sources limit within the flood window (a router sends these only when hosts block sources, Last Member Query Count times); once per episode.",
            message: { f in "\(f.observed) sources listed in queries from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .queryFlood, id: "query-flood", severity: .warning, family: .igmp, scope: .traffic,
            title: "More General Queries from one source than the limit in a window",
            references: [.rfc(3376, section: "8.1"), .rfc(3376, section: "8.6"), .rfc(3376, section: "9.1")],
            rationale: "A querier sends a General Query every Query Interval (125 s) and its startup queries a quarter of that apart; every General Query makes every member of every group answer. Fires when one source's General Queries pass the queries limit within the flood window; once per episode (until a window stays under the limit). Group-specific queries are not counted: a querier sends Last Member Query Count of them for every leave, as many as hosts leave (group-and-source-specific ones count toward source-list-query-storm).",
            message: { f in "\(f.observed) General Queries from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .reportFlood, id: "report-flood", severity: .warning, family: .igmp, scope: .traffic,
            title: "More membership reports from one source than the limit in a window",
            references: [.rfc(3376, section: "9.2"), .cve("CVE-2020-3566"), .cve("CVE-2020-3569"), .cve("CVE-2022-0742")],
            rationale: "Report floods exhaust routers' and switches' memory and CPU (Cisco IOS XR CVE-2020-3566 and CVE-2020-3569, whose mitigation is a rate limit; Linux CVE-2022-0742 leaked memory per message). A host answering a General Query with every group it may hold sends at most the group cap of reports; the default limit is twice that. Fires when one source's reports (any version, one per message) pass the reports limit within the flood window; once per episode.",
            message: { f in "\(f.observed) membership reports from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .leaveFlood, id: "leave-flood", severity: .warning, family: .igmp, scope: .traffic,
            title: "More leaves from one source than the limit in a window",
            references: [.rfc(2236, section: "9"), .rfc(3376, section: "9.2")],
            rationale: "Every leave makes the querier send Last Member Query Count group-specific queries, and forged leaves cut other hosts' traffic (RFC 2236 9). Fires when one source's leaves (IGMPv2 Leave Group messages and IGMPv3 TO_IN({}) records) pass the leaves limit within the flood window; once per episode. A host leaving every group it may hold stays under the default.",
            message: { f in "\(f.observed) leaves from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .hostGroupCap, id: "host-group-cap", severity: .warning, family: .igmp, scope: .traffic,
            title: "A host holds more groups than the cap",
            references: [.cve("CVE-2020-3566"), .cve("CVE-2022-0742"), .rfc(3376, section: "9.2")],
            rationale: "One host joining more groups than any real host does is state exhaustion against the router's tables (Zeek caps its own at 500 and raises igmp_max_groups_exceeded). Memberships are counted per host as a router keeps them: made by reports, ended by leaves and by the membership timeout (the Group Membership Interval, 260 s by default). Fires on the report that takes a host past the groups-per-host cap; again only after it fell back under. Reports from 0.0.0.0 are not counted: their hosts cannot be told apart.",
            message: { f in "this host now holds \(f.observed) groups (cap \(f.limit))" }),
        RuleDescription(
            .hostSourceCap, id: "host-source-cap", severity: .warning, family: .igmp, scope: .traffic,
            title: "A host's filter for one group holds more sources than the cap",
            references: [.cve("CVE-2007-0069"), .cve("CVE-2022-0742"), .rfc(3376, section: "3.2")],
            rationale: "Per-source state is what large source lists exhaust (MS08-001, CVE-2007-0069); Linux lets a socket filter 10 sources (igmp_max_msf). A host's filter for a group is set by its full-state records and grown by ALLOW and BLOCK records (a retransmitted change counts once; an INCLUDE filter emptied by BLOCK is a leave). Fires on the record that takes the filter past the sources-per-group cap; again only after it fell back under.",
            message: { f in "this host's filter for the group now holds \(f.observed) sources (cap \(f.limit))" }),
        RuleDescription(
            .mldExtensionHeaderMalformed, id: "mld-extension-header-malformed", severity: .hostile, family: .mld, scope: .packet,
            title: "IPv6 extension headers of an MLD packet that cannot be walked",
            references: [.rfc(8200, section: "4"), .rfc(8200, section: "4.2"), .rfc(2711, section: "2"), .rfc(3810, section: "5")],
            rationale: "The IPv6 counterpart of MS06-007's invalid IPv4 options: on a packet that carries MLD (or whose Hop-by-Hop header carries MLD's Router Alert), an extension header whose length runs past the packet, an option that runs past its header, a Router Alert whose length is not 2, a Hop-by-Hop header that is not first, a header repeated (RFC 8200 4.1: each once, Destination Options twice), or a chain longer than the walk follows (10 headers). Header-chain parsers that trust these lengths over-read or loop. A flaw inside the packet's bounds does not stop the walk, so the MLD message behind it is judged too.",
            message: { f in
                let type = f.observed & 0xff
                switch FlawReasonCode.reason(f.observed >> 8) {
                case .headerRunsPast?: return "IPv6 extension header \(type) declares \(f.limit) bytes, past the payload"
                case .hopByHopNotFirst?: return "Hop-by-Hop Options header after another header"
                case .repeatedHeader?: return "IPv6 extension header \(type) repeated"
                case .tooManyHeaders?: return "more than \(IPv6HeaderChain.maximumHeaders) extension headers"
                case .optionRunsPast?: return "option \(type) declares \(f.limit) bytes, past its header"
                case .routerAlertBadLength?: return "Router Alert option of length \(f.limit), not 2"
                case nil: return "IPv6 extension headers malformed"
                }
            }),
        RuleDescription(
            .fragmentedMLD, id: "fragmented-mld", severity: .hostile, family: .mld, scope: .packet,
            title: "Fragmented MLD",
            references: [.rfc(8200, section: "4.5"), .rfc(7112, section: "5"), .rfc(3810, section: "5")],
            rationale: "MLD messages are small and never legitimately fragmented: the twin of IGMP's MS99-034 class. A fragmented MLD message (a Fragment header with M set or a non-zero offset, after a header chain that leads to MLD or carries MLD's Router Alert) is a way to slip past filters and to exercise reassembly.",
            message: { f in "MLD in an IPv6 fragment (offset and flags 0x\(hex(f.observed)))" }),
        RuleDescription(
            .ipv6LengthInconsistent, id: "ipv6-length-inconsistent", severity: .hostile, family: .mld, scope: .packet,
            title: "IPv6 Payload Length inconsistent with the bytes on the wire",
            references: [.rfc(8200, section: "3")],
            rationale: "Payload Length promises more bytes than the packet has, when the capture did not cut it: the header lies about its size.",
            message: { f in "IPv6 Payload Length says \(f.observed) bytes, \(f.limit) are there" }),
        RuleDescription(
            .mldTooShort, id: "mld-too-short", severity: .hostile, family: .mld, scope: .packet,
            title: "MLD message shorter than its fixed header",
            references: [.rfc(2710, section: "3"), .rfc(3810, section: "5.1"), .rfc(3810, section: "5.2")],
            rationale: "A query, an MLDv1 report or a Done is at least 24 bytes; an MLDv2 report at least 8. Anything shorter is malformed.",
            message: { f in "MLD message is \(f.observed) bytes, the minimum is \(f.limit)" }),
        RuleDescription(
            .mldQuerySourceCountOverflow, id: "mld-query-source-count-overflow", severity: .hostile, family: .mld, scope: .packet,
            title: "MLDv2 query Number of Sources runs past the message",
            references: [.rfc(3810, section: "5.1.10"), .rfc(9777, section: "5.1.10"), .cve("CVE-2007-0069"), .bulletin("MS08-001")],
            rationale: "Number of Sources (N) in an MLDv2 query claims more 16-byte addresses than the message holds; a receiver that trusts N reads past the packet. MS08-001 was a flaw in Windows' handling of IGMPv3 and MLDv2 source lists.",
            message: { f in "Number of Sources \(f.observed) needs \(28 + 16 * f.observed) bytes, message has \(f.limit)" }),
        RuleDescription(
            .mldReportRecordCountOverflow, id: "mld-report-record-count-overflow", severity: .hostile, family: .mld, scope: .packet,
            title: "MLDv2 report record count runs past the message",
            references: [.rfc(3810, section: "5.2.3"), .rfc(9777, section: "5.2.3")],
            rationale: "Nr of Mcast Address Records (M) claims more records than the message holds (including a record whose 20-byte header is cut).",
            message: { f in "Nr of Mcast Address Records is \(f.observed), only \(f.limit) fit in the message" }),
        RuleDescription(
            .mldRecordSourceCountOverflow, id: "mld-record-source-count-overflow", severity: .hostile, family: .mld, scope: .packet,
            title: "MLDv2 address record Number of Sources runs past the message",
            references: [.rfc(3810, section: "5.2.7"), .rfc(9777, section: "5.2.7"), .cve("CVE-2007-0069"), .bulletin("MS08-001")],
            rationale: "A multicast address record's Number of Sources claims more 16-byte addresses than the message holds.",
            message: { f in "record needs \(f.observed) bytes for its sources, \(f.limit) remain" }),
        RuleDescription(
            .mldRecordAuxDataOverflow, id: "mld-record-aux-data-overflow", severity: .hostile, family: .mld, scope: .packet,
            title: "MLDv2 address record Aux Data Len runs past the message",
            references: [.rfc(3810, section: "5.2.6"), .rfc(9777, section: "5.2.6")],
            rationale: "A multicast address record's Aux Data Len (in 32-bit words) runs past the message.",
            message: { f in "record needs \(f.observed) bytes with its aux data, \(f.limit) remain" }),
        RuleDescription(
            .mldChecksumInvalid, id: "mld-checksum-invalid", severity: .warning, family: .mld, scope: .packet,
            title: "ICMPv6 checksum of an MLD message does not verify",
            references: [.rfc(4443, section: "2.3"), .rfc(8200, section: "8.1"), .rfc(3810, section: "5")],
            rationale: "The ICMPv6 checksum over the IPv6 pseudo-header (the final destination when a Routing header has segments left) and the whole message does not verify; receivers discard such messages.",
            message: { f in "ICMPv6 checksum 0x\(hex(f.observed)) does not verify" }),
        RuleDescription(
            .mldQueryLengthInvalid, id: "mld-query-length-invalid", severity: .warning, family: .mld, scope: .packet,
            title: "MLD query of 25 to 27 bytes",
            references: [.rfc(3810, section: "8.1")],
            rationale: "RFC 3810 8.1: a query that is neither 24 bytes (MLDv1) nor 28 or more (MLDv2) must be ignored.",
            message: { f in "query is \(f.observed) bytes long" }),
        RuleDescription(
            .mldGeneralQueryWithSources, id: "mld-general-query-with-sources", severity: .warning, family: .mld, scope: .packet,
            title: "MLD General Query carrying sources",
            references: [.rfc(3810, section: "5.1.10"), .rfc(3810, section: "5.1.13")],
            rationale: "A General Query (multicast address ::) must not list sources.",
            message: { f in "General Query lists \(f.observed) sources" }),
        RuleDescription(
            .mldGeneralQueryDestination, id: "mld-general-query-destination", severity: .warning, family: .mld, scope: .packet,
            title: "MLD General Query not sent to ff02::1",
            references: [.rfc(3810, section: "5.1.15")],
            rationale: "General Queries are sent to the link-scope all-nodes address ff02::1.",
            message: { _ in "General Query not sent to ff02::1" }),
        RuleDescription(
            .mldReportDestination, id: "mld-report-destination", severity: .warning, family: .mld, scope: .packet,
            title: "MLDv2 report not sent to ff02::16",
            references: [.rfc(3810, section: "5.2.14")],
            rationale: "MLDv2 reports are sent to ff02::16, all MLDv2-capable routers.",
            message: { _ in "MLDv2 report not sent to ff02::16" }),
        RuleDescription(
            .mldGroupNotMulticast, id: "mld-group-not-multicast", severity: .warning, family: .mld, scope: .packet,
            title: "MLD multicast address is not multicast",
            references: [.rfc(3810, section: "5.1.5"), .rfc(3810, section: "5.2.8"), .rfc(2710, section: "3.6")],
            rationale: "The address of a multicast-address-specific query, an MLDv1 report, a Done or an MLDv2 record must be multicast (ff00::/8).",
            message: { _ in "multicast address is not multicast" }),
        RuleDescription(
            .mldMaxRespCodeZero, id: "mld-max-resp-code-zero", severity: .warning, family: .mld, scope: .packet,
            title: "MLDv2 query with Maximum Response Code 0",
            references: [.rfc(3810, section: "5.1.3"), .rfc(3810, section: "9.3")],
            rationale: "A Maximum Response Code of 0 asks every listener to answer at once: the MLD twin of IGMPv3's max-resp-code-zero (the pattern of CVE-2012-0207), and a way to make every host on a link report together.",
            message: { _ in "Maximum Response Code is 0" }),
        RuleDescription(
            .mldUnknownRecordType, id: "mld-unknown-record-type", severity: .warning, family: .mld, scope: .packet,
            title: "Unknown MLDv2 record type",
            references: [.rfc(3810, section: "5.2.12")],
            rationale: "Record types are 1 to 6; routers must ignore others.",
            message: { f in "record type \(f.observed)" }),
        RuleDescription(
            .mldSourceCountExceedsMTU, id: "mld-source-count-exceeds-mtu", severity: .warning, family: .mld, scope: .packet,
            title: "More sources than fit the IPv6 minimum MTU",
            references: [.rfc(3810, section: "5.1.10"), .rfc(3810, section: "5.2.15"), .rfc(8200, section: "5"), .cve("CVE-2007-0069"), .bulletin("MS08-001")],
            rationale: "More sources than a 1280-byte packet (the IPv6 minimum MTU, the one size every link carries, with the 8-byte Hop-by-Hop header) holds: 75 in a query, 75 in the record of a one-record report. MLD is never fragmented, and senders split longer lists (RFC 3810 5.2.15); large source lists were MS08-001's vector. On an Ethernet link a querier may list up to 89 (RFC 3810 5.1.10 works that out), so a query of 76 to 89 sources there fires this warning although its link carries it.",
            message: { f in "\(f.observed) sources, at most \(f.limit) fit a 1280-byte packet" }),
        RuleDescription(
            .mldDuplicateSources, id: "mld-duplicate-sources", severity: .warning, family: .mld, scope: .packet,
            title: "Duplicate MLD source addresses",
            references: [.rfc(3810, section: "5.1.11"), .rfc(3810, section: "5.2.9")],
            rationale: "The same source listed twice in one query or record; duplicates inflate per-source state. Looked for among the first 2048 sources, in linear time.",
            message: { _ in "a source is listed twice" }),
        RuleDescription(
            .mldHopLimitNotOne, id: "mld-hop-limit-not-one", severity: .warning, family: .mld, scope: .packet,
            title: "MLD message with Hop Limit other than 1",
            references: [.rfc(3810, section: "5"), .rfc(2710, section: "3")],
            rationale: "MLD messages are sent with Hop Limit 1 and never forwarded; another value suggests a sender off the link. ERNW showed hosts that accept MLD with a larger Hop Limit.",
            message: { f in "Hop Limit is \(f.observed)" }),
        RuleDescription(
            .mldSourceNotLinkLocal, id: "mld-source-not-link-local", severity: .warning, family: .mld, scope: .packet,
            title: "MLD message from a source that is not link-local",
            references: [.rfc(3810, section: "5"), .rfc(3810, section: "5.1.14"), .rfc(3810, section: "5.2.13"), .rfc(2710, section: "3"), .rfc(3590, section: "4")],
            rationale: "MLD messages are sent from a link-local address (fe80::/10), and receivers discard the others. Reports may come from :: while a host has no link-local address yet (MLDv2: RFC 3810 5.2.13; MLDv1: RFC 3590); queries and Done may not.",
            message: { _ in "source address is not link-local" }),
        RuleDescription(
            .mldRouterAlertMissing, id: "mld-router-alert-missing", severity: .info, family: .mld, scope: .packet,
            title: "MLD message without a Hop-by-Hop Router Alert",
            references: [.rfc(3810, section: "5"), .rfc(2710, section: "3"), .rfc(2711, section: "2")],
            rationale: "MLD messages are sent with a Router Alert option in a Hop-by-Hop header, so routers look at them. Receivers are told to accept messages without it, but a router or snooping switch may not see them.",
            message: { f in f.limit == 0 ? "no Hop-by-Hop Router Alert" : "Router Alert value \(f.observed) is not MLD's (0)" }),
        RuleDescription(
            .mldReservedBitsSet, id: "mld-reserved-bits-set", severity: .info, family: .mld, scope: .packet,
            title: "MLD Code, reserved or flag bits set",
            references: [.rfc(3810, section: "5.1"), .rfc(3810, section: "5.2"), .rfc(2710, section: "3"), .rfc(9777, section: "5.1")],
            rationale: "The ICMPv6 Code, a reserved field (RFC 3810, RFC 2710) or the flags of RFC 9777 are not 0; receivers ignore them.",
            message: { f in "Code, reserved or flag bits 0x\(hex(f.observed)) are set" }),
        RuleDescription(
            .mldQuerierTakeover, id: "mld-querier-takeover", severity: .warning, family: .mld, scope: .traffic,
            title: "A lower address takes the MLD querier role from a querier still present",
            references: [.rfc(3810, section: "7.6.2"), .rfc(9777, section: "7.6.2"), .rfc(2710, section: "4"), .rfc(3810, section: "10.1")],
            rationale: "The twin of querier-takeover: MLD elects the lowest IPv6 address among the routers querying a link (RFC 3810 7.6.2, RFC 2710 4), so one forged query from a lower link-local address makes its sender the querier, and MLD snooping switches follow it. Fires on a query (MLDv1 or v2) whose source is lower than that of the elected MLD querier while that querier is still present: within the Other Querier Present Interval of its last query (RFC 3810 9.5: Robustness x Query Interval + half the Maximum Response Delay, from the query's own QRV, QQIC and Maximum Response Code; the querier-timeout limit for MLDv1). A failover after the querier fell silent, a first querier and a former querier coming back fire nothing; nor does a router on the --querier list. IGMP's election on the same segment is separate. The finding's observed and limit values hold the displaced querier's address (high and low 64 bits).",
            message: { f in "query takes the MLD querier role from \(f.ipv6Address), still present" }),
        RuleDescription(
            .mldQuerierNotListed, id: "mld-querier-not-listed", severity: .hostile, family: .mld, scope: .traffic,
            title: "MLD query from a router not on the --querier list",
            references: [.rfc(3810, section: "7.6.2"), .rfc(3810, section: "10.1")],
            rationale: "The twin of querier-not-listed: when the MLD routers allowed to query are given (IPv6 addresses on --querier, TrafficConfiguration.mldQueriers), a query from any other address is a rogue querier (RFC 3810 10.1). Fires on that source's first query (again after the model forgot the source). IPv4 addresses alone on --querier leave MLD unchecked. The finding's observed and limit values hold the source address (high and low 64 bits).",
            message: { f in "MLD query from \(f.ipv6Address), which is not on the querier list" }),
        RuleDescription(
            .mldVersionDowngrade, id: "mld-version-downgrade", severity: .warning, family: .mld, scope: .traffic,
            title: "MLDv1 query on a segment whose querier speaks MLDv2",
            references: [.rfc(3810, section: "8.2.1"), .rfc(3810, section: "10.1"), .rfc(9777, section: "8.2.1")],
            rationale: "The twin of version-downgrade: an MLDv1 query puts every listener into MLDv1 compatibility mode for the Older Version Querier Present Timeout (RFC 3810 8.2.1), and source filtering (SSM) stops working; RFC 3810 10.1 names this forgery. Fires on an MLDv1 query while the elected MLD querier is present and its last query was MLDv2; once per source, until that source sends an MLDv2 query. The finding's observed and limit values hold the MLDv2 querier's address (high and low 64 bits).",
            message: { f in "MLDv1 query while the querier \(f.ipv6Address) speaks MLDv2" }),
        RuleDescription(
            .mldSourceListQueryStorm, id: "mld-source-list-query-storm", severity: .hostile, family: .mld, scope: .traffic,
            title: "MLDv2 queries listing too many sources in a window",
            references: [.bulletin("MS08-001"), .cve("CVE-2007-0069"), .rfc(3810, section: "10.1")],
            rationale: "The twin of source-list-query-storm: MS08-001 (CVE-2007-0069) was Windows' handling of IGMPv3 and MLDv2 source lists. Fires when the sources listed by one sender's MLDv2 queries (multicast-address-and-source-specific ones, and General Queries that wrongly carry them) pass the queried-sources limit within the flood window; once per episode.",
            message: { f in "\(f.observed) sources listed in MLD queries from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .mldQueryFlood, id: "mld-query-flood", severity: .warning, family: .mld, scope: .traffic,
            title: "More MLD General Queries from one source than the limit in a window",
            references: [.rfc(3810, section: "9.2"), .rfc(3810, section: "9.6"), .rfc(3810, section: "10.1"), .cve("CVE-2012-3062")],
            rationale: "The twin of query-flood: a querier sends a General Query every Query Interval (125 s) and its startup queries a quarter of that apart, and every one makes every listener on the link answer (ERNW showed MLD floods bringing hosts and switches down; Cisco CVE-2012-3062 was MLD snooping's CPU). Fires when one source's General Queries pass the queries limit within the flood window; once per episode. Multicast-address-specific queries are not counted.",
            message: { f in "\(f.observed) MLD General Queries from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .mldReportFlood, id: "mld-report-flood", severity: .warning, family: .mld, scope: .traffic,
            title: "More MLD reports from one source than the limit in a window",
            references: [.rfc(3810, section: "10.2"), .cve("CVE-2022-0742"), .cve("CVE-2012-3062")],
            rationale: "The twin of report-flood: Linux leaked memory on MLD messages it received (CVE-2022-0742, ICMPv6 types 130 and 131), and MLD snooping switches spend CPU on every report (Cisco CVE-2012-3062). Fires when one source's reports (MLDv1 and MLDv2, one per message) pass the reports limit within the flood window; once per episode.",
            message: { f in "\(f.observed) MLD reports from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .mldDoneFlood, id: "mld-done-flood", severity: .warning, family: .mld, scope: .traffic,
            title: "More MLD Done messages and leaves from one source than the limit in a window",
            references: [.rfc(2710, section: "4"), .rfc(3810, section: "10.3")],
            rationale: "The twin of leave-flood: every Done makes the querier send Last Listener Query Count multicast-address-specific queries, and forged ones cut other listeners' traffic (RFC 3810 10.3). Fires when one source's leaves (MLDv1 Done messages and MLDv2 TO_IN({}) records) pass the leaves limit within the flood window; once per episode.",
            message: { f in "\(f.observed) MLD leaves from this source within the flood window (limit \(f.limit))" }),
        RuleDescription(
            .mldHostGroupCap, id: "mld-host-group-cap", severity: .warning, family: .mld, scope: .traffic,
            title: "A host listens to more multicast addresses than the cap",
            references: [.cve("CVE-2012-3062"), .rfc(3810, section: "10.2")],
            rationale: "The twin of host-group-cap: one host listening to more multicast addresses than any real host does is state exhaustion against the router's and the snooping switch's tables. Counted per host as a router keeps listener state: made by reports, ended by Done, TO_IN({}) and the membership timeout (the Multicast Address Listening Interval, 260 s by default, RFC 3810 9.4). Fires on the report that takes a host past the groups-per-host cap; again only after it fell back under. Reports from :: are not counted: their hosts cannot be told apart.",
            message: { f in "this host now listens to \(f.observed) multicast addresses (cap \(f.limit))" }),
        RuleDescription(
            .mldHostSourceCap, id: "mld-host-source-cap", severity: .warning, family: .mld, scope: .traffic,
            title: "A host's MLD filter for one address holds more sources than the cap",
            references: [.cve("CVE-2007-0069"), .bulletin("MS08-001"), .rfc(3810, section: "10.3")],
            rationale: "The twin of host-source-cap: per-source state is what large source lists exhaust (MS08-001, CVE-2007-0069). A host's filter for a multicast address is set by its full-state records and grown by ALLOW and BLOCK records (a retransmitted change counts once; an INCLUDE filter emptied by BLOCK is a leave). Fires on the record that takes the filter past the sources-per-group cap; again only after it fell back under.",
            message: { f in "this host's filter for the address now holds \(f.observed) sources (cap \(f.limit))" }),
    ]

    /// Rule numbers stay below this: the full pass keeps the rules that fired as a 128-bit set of rule numbers
    /// (`worstSeverity(ofRuleNumbers:)`). A catalogue that needs more numbers widens that set.
    static let ruleNumberLimit = UInt128.bitWidth

    /// The worst severity among the rules whose numbers are the set bits of `numbers` (nil for none): two masks, one
    /// load for the whole packet.
    @inline(never)
    static func worstSeverity(ofRuleNumbers numbers: UInt128) -> Severity? {
        guard numbers != 0 else { return nil }
        let sets = ruleNumbersBySeverity
        if numbers & sets.hostile != 0 { return .hostile }
        if numbers & sets.warning != 0 { return .warning }
        return .info
    }

    /// The numbers of the hostile rules and of the warning rules, as sets (bit n: rule number n); every other rule
    /// is info.
    static let ruleNumbersBySeverity: (hostile: UInt128, warning: UInt128) = {
        var hostile: UInt128 = 0, warning: UInt128 = 0
        precondition(rowIndexByNumber.count <= ruleNumberLimit, "rule numbers must stay below \(ruleNumberLimit)")
        for row in rows {
            switch row.severity {
            case .hostile: hostile |= 1 << UInt128(row.rule.rawValue)
            case .warning: warning |= 1 << UInt128(row.rule.rawValue)
            case .info: break
            }
        }
        return (hostile, warning)
    }()

    /// `Rule.index` by rule number.
    @usableFromInline static let rowIndexByNumber: [UInt8] = {
        var table = [UInt8](repeating: .max, count: Int(rows.map(\.rule.rawValue).max() ?? 0) + 1)
        for (index, row) in rows.enumerated() {
            precondition(table[Int(row.rule.rawValue)] == .max, "two catalogue rows for \(row.id)")
            table[Int(row.rule.rawValue)] = UInt8(index)
        }
        precondition(rows.count == Rule.allCases.count && rows.count < Int(UInt8.max), "a rule without its row")
        return table
    }()

    /// Builds the catalogue's tables now, so that the first packet judged does not (a judge step calls it when made).
    package static func prepare() {
        _ = rowIndexByNumber
        _ = ruleNumbersBySeverity
    }

    /// Rules from most to least severe, in catalogue order within a severity.
    public static var rules: [Rule] { Rule.allCases.sorted { ($0.severity, $1.rawValue) > ($1.severity, $0.rawValue) } }

    /// The catalogue as Markdown (the content of docs/rules.md).
    public static var markdown: String {
        var s = """
        # Rule catalogue

        <!-- Generated from Sources/IGMP/Validate/RuleCatalogue.swift by RuleCatalogue.markdown; a test keeps it in sync.
             Regenerate with: IGMPGUARD_WRITE_DOCS=1 swift test --filter RulesDocumentationTests -->

        Every finding names one of these rules, with a severity, the byte offset in the frame of the field that fired
        it, and a short message with the values involved. A packet's verdict is the worst of its findings:
        `hostile` if any finding is hostile, `suspicious` if the worst is a warning, otherwise `clean`
        (info findings never change a verdict).

        A rule judges one packet alone, or the traffic around a packet (the "judges" column, and "Limits of the
        traffic rules" below).

        IGMP (IPv4) and MLD (IPv6, RFC 2710 and RFC 3810) are judged by twin rules, not shared ones: every MLD rule
        has its own id (`mld-...`, `ipv6-length-inconsistent`, `fragmented-mld`), severity, references and signature
        id. A row holds one list of references (RFC 3376 sections for IGMP, RFC 3810 sections for MLD), a SIEM tells
        the protocols apart by the id alone, and Suricata too gives IPv4 and IPv6 events signatures of their own.
        Only `capture-truncated`, a property of the capture rather than of either protocol, is shared. The traffic
        rules have MLD twins too (`mld-querier-takeover` ... `mld-host-source-cap`): on one segment IGMP and MLD each
        elect their own querier (RFC 3376 6.6.2, RFC 3810 7.6.2) and hold their own hosts and memberships, so a
        finding names the protocol whose state it is about.

        | id | severity | judges | title | references |
        |---|---|---|---|---|

        """
        for rule in rules {
            s += "| [`\(rule.id)`](#\(rule.id)) | \(rule.severity) | \(rule.row.scope) | \(rule.title) | \(rule.references.map(\.description).joined(separator: ", ")) |\n"
        }
        s += """

        ## Limits of the traffic rules

        The rules that judge "the traffic around a packet" keep a model per segment (a capture file or interface
        and the frame's VLAN tags) on the packets' own timestamps: the querier election, each source's message counts
        in fixed windows, each host's groups and sources. They fire on the packet that crosses a line, once per episode.
        Their thresholds, timers and table caps, which `igmpguard scan` and `live` take as `--context-limit NAME=VALUE`
        and the library as `TrafficConfiguration`:

        \(TrafficConfiguration.limitsMarkdown)
        The limits apply to IGMP and MLD alike, each protocol counted on its own (an IGMP report and an MLD report
        from one machine count toward two hosts' floods), and each protocol has tables of its own with these caps (a
        flood of both at once can take both tables' memory). `--querier` takes IPv4 addresses for IGMP and IPv6
        link-local addresses for MLD; a protocol with no address listed is not checked for rogue queriers, only for
        takeovers.

        Every table drops its least recently seen entry when full; the summary counts what each dropped (`evicted`).
        `--no-context` judges every packet alone. In `scan`, each file is its own set of segments (files can be
        scanned at once); `--rotations` carries the model from each file to the next, in command-line order, for the
        pieces of one capture.

        """
        for rule in rules {
            s += """

            ## \(rule.id)

            - Severity: **\(rule.severity)**
            - Title: \(rule.title)
            - References: \(rule.references.isEmpty ? "none (a property of the capture, not the packet)" : rule.references.map(\.description).joined(separator: ", "))
            - Judges: \(rule.row.family), \(rule.row.scope == .packet ? "one packet" : "the traffic around a packet")
            - Signature id (EVE output): \(rule.signatureID)

            \(rule.rationale)

            """
        }
        return s
    }
}

@usableFromInline
func hex(_ value: Int) -> String { String(value, radix: 16) }
