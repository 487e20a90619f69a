import IGMP

/// Every sample capture in `Captures/`, with the verdict each packet must get.
public enum SampleCatalog {
    public static var all: [SampleCapture] {
        [benignMix, suspiciousMix, ms06007, optionMalformed, fragmented, lengthInconsistent, tooShort,
         querySourceCount, reportRecordCount, recordSourceCount, recordAuxData, snapshotCut,
         linuxSLL, linuxSLL2, rawIPv4, nullLoopback, demo]
    }

    /// Every capture in `Captures/`: the packet samples above and the traffic scenarios.
    public static var everyCapture: [SampleCapture] { all + mldCaptures + trafficScenarios }

    static func capture(_ name: String, _ summary: String, linkType: LinkType = .ethernet, snapshotLength: Int = 262_144,
                        _ packets: [SamplePacket]) -> SampleCapture {
        SampleCapture(fileName: name, linkType: linkType, snapshotLength: snapshotLength, summary: summary, packets: packets)
    }

    // MARK: benign

    static var benignPackets: [SamplePacket] {
        typealias N = Net
        let records = [
            GroupRecordRepr(type: .modeIsInclude, group: N.ssmGroup, sources: [N.sources[0]]),
            GroupRecordRepr(type: .modeIsExclude, group: N.groupB),
            GroupRecordRepr(type: .changeToInclude, group: N.groupA, sources: [N.sources[1], N.sources[2]]),
            GroupRecordRepr(type: .changeToExclude, group: IPv4Address(239, 2, 2, 2)),
            GroupRecordRepr(type: .allowNewSources, group: N.ssmGroup, sources: [N.sources[1]], auxData: [0xde, 0xad, 0xbe, 0xef]),
            GroupRecordRepr(type: .blockOldSources, group: N.ssmGroup, sources: [N.sources[2]]),
        ]
        return [
            SamplePacket(Net.frame(.queryV1(), from: N.querier), note: "IGMPv1 General Query"),
            SamplePacket(Net.frame(.reportV1(N.groupA), from: N.hostA), note: "IGMPv1 report"),
            SamplePacket(Net.frame(.queryV2(), from: N.querier), note: "IGMPv2 General Query (10 s)"),
            SamplePacket(Net.frame(.queryV2(maxRespCode: 10, group: N.groupA), from: N.querier), note: "IGMPv2 group-specific query"),
            SamplePacket(Net.frame(.reportV2(N.groupA), from: N.hostA), note: "IGMPv2 report"),
            SamplePacket(Net.frame(.leave(N.groupA), from: N.hostA), note: "IGMPv2 Leave Group to 224.0.0.2"),
            SamplePacket(Net.frame(.queryV3(QueryV3Repr()), from: N.querier), note: "IGMPv3 General Query"),
            SamplePacket(Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: N.groupA, suppressRouterSideProcessing: true)), from: N.querier),
                         note: "IGMPv3 group-specific query, S flag set"),
            SamplePacket(Net.frame(.queryV3(QueryV3Repr(maxRespCode: 0x8a, group: N.ssmGroup, robustness: 3, qqic: 0x90, sources: N.sources)), from: N.querier),
                         note: "IGMPv3 group-and-source query, exponential Max Resp Code and QQIC"),
            SamplePacket(Net.frame(IGMPRepr(.queryV3(QueryV3Repr()), additionalData: [0, 0, 0, 0, 0, 0]), from: N.querier),
                         note: "IGMPv3 General Query with 6 bytes of additional data (RFC 3376 4.1.10)"),
            SamplePacket(Net.frame(.reportV3(records), from: N.hostA), note: "IGMPv3 report, all six record types, aux data"),
            SamplePacket(Net.frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: N.groupB)]), from: N.hostB) { f in
                f.ip.options = [1, 0x94, 4, 0, 0, 0, 0, 0]
            }, note: "IGMPv3 report, Router Alert after a NOP, EOL padding"),
            SamplePacket(Net.frame(.reportV3([GroupRecordRepr(type: .changeToExclude, group: N.groupB)]), from: .any),
                         note: "IGMPv3 report from 0.0.0.0 (RFC 3376 4.2.13)"),
            SamplePacket(Net.frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: N.groupA)]), from: N.hostA,
                                   vlanTags: [VLANTag(vlanID: 100)]), note: "IGMPv3 report in an 802.1Q VLAN (100)"),
            SamplePacket(Net.frame(.reportV2(N.groupB), from: N.hostB,
                                   vlanTags: [VLANTag(tpid: EtherType.qinq, vlanID: 20), VLANTag(vlanID: 200)]),
                         note: "IGMPv2 report in QinQ (802.1ad 20, 802.1Q 200)"),
            SamplePacket(Net.frame(IGMPRepr(.fixed(type: .dvmrp, maxRespCode: 5, group: .any), additionalData: [0, 0, 12, 4]), from: N.querier) { f in
                f.ip.destination = IPv4Address(192, 0, 2, 2)
                f.ip.timeToLive = 255
                f.ip.options = []
            }, note: "DVMRP Ask-neighbors2 (unicast, TTL 255)"),
            SamplePacket(Net.frame(IGMPRepr(.fixed(type: .mtraceRequest, maxRespCode: 7, group: N.groupA), additionalData: Array(repeating: 0, count: 16)),
                                   from: N.hostA) { f in
                f.ip.destination = N.querier
                f.ip.timeToLive = 64
            }, note: "mtrace request"),
            SamplePacket(Net.frame(IGMPRepr(.fixed(type: .mrdAdvertisement, maxRespCode: 20, group: IPv4Address(rawValue: 0x0003_0002))), from: N.querier) { f in
                f.ip.destination = IPv4Address(224, 0, 0, 106)
            }, note: "Multicast Router Discovery advertisement (RFC 4286)"),
            SamplePacket(Net.frame(IGMPRepr(.fixed(type: .rgmpHello, maxRespCode: 0, group: .any)), from: N.querier) { f in
                f.ip.destination = IPv4Address(224, 0, 0, 25)
            }, note: "RGMP Hello (RFC 3488)"),
            SamplePacket(Net.udp(from: N.hostA, to: IPv4Address(224, 0, 0, 251), port: 5353, payload: 40), isJudged: false,
                         note: "mDNS (UDP): not IGMP, never reported"),
            SamplePacket(Net.arp(), isJudged: false, note: "ARP: not IPv4"),
        ]
    }

    static var benignMix: SampleCapture {
        capture("benign-mix.pcap", "Every message kind a healthy network sends, plus non-IGMP background. All clean.", benignPackets)
    }

    // MARK: suspicious

    static var suspiciousMix: SampleCapture {
        typealias N = Net
        func s(_ bytes: [UInt8], _ rule: Rule, _ note: String) -> SamplePacket {
            SamplePacket(bytes, verdict: .suspicious, rules: [rule], note: note)
        }
        let many = (0..<400).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
        return capture("suspicious-mix.pcap", "One packet per warning rule. All suspicious, none hostile.", [
            s(Net.frame(.reportV2(N.groupA), from: N.hostA) { $0.igmp.checksumOverride = 0x1234 }, .igmpChecksumInvalid, "bad IGMP checksum"),
            s(Net.frame(IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: 100, group: .any), additionalData: [0, 0]), from: N.querier),
              .queryLengthInvalid, "10-byte query (RFC 3376 7.1)"),
            s(Net.frame(.queryV3(QueryV3Repr(sources: [N.sources[0]])), from: N.querier), .generalQueryWithSources, "General Query listing a source"),
            s(Net.frame(.queryV2(), from: N.querier) { $0.ip.destination = N.hostA }, .generalQueryDestination, "General Query sent unicast"),
            s(Net.frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: N.groupA)]), from: N.hostA) { $0.ip.destination = N.groupA },
              .reportDestination, "IGMPv3 report sent to the group, not 224.0.0.22"),
            s(Net.frame(.reportV2(IPv4Address(10, 1, 2, 3)), from: N.hostA), .groupNotMulticast, "report for unicast 10.1.2.3"),
            s(Net.frame(.queryV3(QueryV3Repr(maxRespCode: 0)), from: N.querier), .maxRespCodeZero, "IGMPv3 query, Max Resp Code 0 (CVE-2012-0207)"),
            s(Net.frame(.reportV3([GroupRecordRepr(type: GroupRecordType(rawValue: 7), group: N.groupA)]), from: N.hostA),
              .unknownRecordType, "record type 7"),
            s(Net.frame(.queryV3(QueryV3Repr(group: N.ssmGroup, sources: many)), from: N.querier), .sourceCountExceedsMTU,
              "query with 400 sources (a 1660-byte frame)"),
            s(Net.frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: N.ssmGroup, sources: [N.sources[0], N.sources[1], N.sources[0]])]),
                        from: N.hostA), .duplicateSources, "a source listed twice"),
            s(Net.frame(.reportV2(N.groupA), from: N.hostA) { $0.ip.timeToLive = 64 }, .ttlNotOne, "report with TTL 64"),
            s(Net.frame(IGMPRepr(.fixed(type: IGMPType(rawValue: 0x42), maxRespCode: 0, group: N.groupA)), from: N.hostA), .unknownType, "IGMP type 0x42"),
            s(Net.frame(.reportV2(N.groupA), from: N.hostA) { $0.ip.headerChecksumOverride = 0x1234 }, .ipv4ChecksumInvalid, "bad IPv4 header checksum"),
        ])
    }

    // MARK: hostile, one file per class

    static func hostile(_ bytes: [UInt8], _ rule: Rule, _ note: String) -> SamplePacket {
        SamplePacket(bytes, verdict: .hostile, rules: [rule], note: note)
    }

    /// The MS06-007 reproduction: the option shapes of CVE-2006-0021 on IGMPv3 messages.
    static var ms06007: SampleCapture {
        typealias N = Net
        let query = IGMPRepr.queryV3(QueryV3Repr())
        let report = IGMPRepr.reportV3([GroupRecordRepr(type: .changeToExclude, group: N.groupB)])
        return capture("hostile-ms06-007.pcap", "MS06-007 (CVE-2006-0021) reproduction: IGMPv3 with invalid IPv4 options.", [
            hostile(Net.frame(query, from: N.attacker) { $0.ip.options = [0, 0, 0, 0] }, .ms06007OptionsPattern,
                    "IGMPv3 General Query, options begin with two EOL bytes"),
            hostile(Net.frame(report, from: N.attacker) { $0.ip.options = [0, 0, 0, 0, 0, 0, 0, 0] }, .ms06007OptionsPattern,
                    "IGMPv3 report, 8 bytes of EOL as options"),
            hostile(Net.frame(query, from: N.attacker) { $0.ip.options = [0x83, 0, 0, 0] }, .ms06007OptionsPattern,
                    "option 0x83 with length 0, no Router Alert"),
            hostile(Net.frame(report, from: N.attacker) { $0.ip.options = [0x07, 1, 0, 0] }, .ms06007OptionsPattern,
                    "option 0x07 with length 1, no Router Alert"),
            hostile(Net.frame(query, from: N.attacker) { $0.ip.options = [0x44, 40, 0, 0] }, .ms06007OptionsPattern,
                    "option 0x44 whose length 40 runs past the header"),
        ])
    }

    static var optionMalformed: SampleCapture {
        typealias N = Net
        let report = IGMPRepr.reportV3([GroupRecordRepr(type: .modeIsExclude, group: N.groupA)])
        return capture("hostile-ipv4-option-malformed.pcap", "Malformed IPv4 options next to a valid Router Alert.", [
            hostile(Net.frame(report, from: N.attacker) { $0.ip.options = [0x94, 4, 0, 0, 0x07, 0, 0, 0] }, .ipv4OptionMalformed,
                    "Router Alert, then an option of length 0"),
            hostile(Net.frame(report, from: N.attacker) { $0.ip.options = [0x94, 8, 0, 0, 0, 0, 0, 0] }, .ipv4OptionMalformed,
                    "Router Alert of length 8"),
        ])
    }

    static var fragmented: SampleCapture {
        typealias N = Net
        let report = IGMPRepr.reportV3([GroupRecordRepr(type: .modeIsInclude, group: N.ssmGroup, sources: N.sources)])
        return capture("hostile-fragmented-igmp.pcap", "Fragmented IGMP (MS99-034, CVE-1999-0918).", [
            hostile(Net.frame(report, from: N.attacker) { $0.ip.moreFragments = true; $0.ip.identification = 0x4242 }, .fragmentedIGMP,
                    "first fragment: More Fragments set"),
            hostile(Net.frame(report, from: N.attacker) { $0.ip.fragmentOffset = 185; $0.ip.identification = 0x4242 }, .fragmentedIGMP,
                    "later fragment: offset 1480 bytes"),
        ])
    }

    static var lengthInconsistent: SampleCapture {
        typealias N = Net
        let report = IGMPRepr.reportV3([GroupRecordRepr(type: .modeIsExclude, group: N.groupA)])
        return capture("hostile-ipv4-length-inconsistent.pcap", "IPv4 lengths that lie about the bytes on the wire.", [
            hostile(Net.frame(report, from: N.attacker) { $0.ip.totalLengthOverride = 1400; $0.trailer = [] }, .ipv4LengthInconsistent,
                    "Total Length 1400 in a 54-byte frame"),
            hostile(Net.frame(report, from: N.attacker) { $0.ip.totalLengthOverride = 16 }, .ipv4LengthInconsistent,
                    "Total Length smaller than the header"),
            hostile(Net.frame(report, from: N.attacker) { $0.ip.headerLengthWordsOverride = 4 }, .ipv4LengthInconsistent,
                    "IHL 4 (16 bytes)"),
        ])
    }

    static var tooShort: SampleCapture {
        var bytes: [UInt8] = []
        LinkRepr.ethernet(to: .allSystems, from: Net.hostMAC).emit(into: &bytes)
        IPv4Repr(source: Net.attacker, destination: .allSystems).emit(payloadLength: 4, into: &bytes)
        bytes += [0x11, 0x00, 0xee, 0xff]
        bytes += [UInt8](repeating: 0, count: 60 - bytes.count)
        return capture("hostile-igmp-too-short.pcap", "An IGMP message of 4 bytes.", [
            hostile(bytes, .igmpTooShort, "IGMP payload of 4 bytes (Total Length 28)"),
        ])
    }

    static var querySourceCount: SampleCapture {
        typealias N = Net
        var q = QueryV3Repr(group: N.ssmGroup, sources: [N.sources[0], N.sources[1]])
        q.numberOfSourcesOverride = 500
        var huge = QueryV3Repr(group: N.ssmGroup, sources: [])
        huge.numberOfSourcesOverride = 0xffff
        return capture("hostile-query-source-count-overflow.pcap", "IGMPv3 queries whose Number of Sources lies.", [
            hostile(Net.frame(.queryV3(q), from: N.attacker), .querySourceCountOverflow, "N = 500, 2 sources present"),
            hostile(Net.frame(.queryV3(huge), from: N.attacker), .querySourceCountOverflow, "N = 65535, no source present"),
        ])
    }

    static var reportRecordCount: SampleCapture {
        typealias N = Net
        let lying = IGMPRepr(.reportV3(ReportV3Repr(records: [GroupRecordRepr(type: .modeIsExclude, group: N.groupA)],
                                                    numberOfGroupRecordsOverride: 40)))
        let cut = IGMPRepr(.reportV3(ReportV3Repr(records: [], numberOfGroupRecordsOverride: 1)), additionalData: [1, 0, 0, 0])
        return capture("hostile-report-record-count-overflow.pcap", "IGMPv3 reports whose Number of Group Records lies.", [
            hostile(Net.frame(lying, from: N.attacker), .reportRecordCountOverflow, "M = 40, one record present"),
            hostile(Net.frame(cut, from: N.attacker), .reportRecordCountOverflow, "M = 1, record header cut after 4 bytes"),
        ])
    }

    static var recordSourceCount: SampleCapture {
        typealias N = Net
        return capture("hostile-record-source-count-overflow.pcap", "A group record whose Number of Sources lies.", [
            hostile(Net.frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: N.ssmGroup, sources: [N.sources[0]],
                                                         numberOfSourcesOverride: 0xffff)]), from: N.attacker),
                    .recordSourceCountOverflow, "record N = 65535, one source present"),
            hostile(Net.frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: N.groupA),
                                         GroupRecordRepr(type: .allowNewSources, group: N.ssmGroup, sources: [N.sources[1]],
                                                         numberOfSourcesOverride: 3)]), from: N.attacker),
                    .recordSourceCountOverflow, "second record N = 3, one source present"),
        ])
    }

    static var recordAuxData: SampleCapture {
        typealias N = Net
        return capture("hostile-record-aux-data-overflow.pcap", "A group record whose Aux Data Len runs past the message.", [
            hostile(Net.frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: N.ssmGroup, sources: [N.sources[0]],
                                                         auxDataLengthOverride: 255)]), from: N.attacker),
                    .recordAuxDataOverflow, "Aux Data Len 255 words, none present"),
        ])
    }

    // MARK: snapshot length

    static var snapshotCut: SampleCapture {
        typealias N = Net
        let report = Net.frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: N.ssmGroup, sources: N.sources),
                                          GroupRecordRepr(type: .modeIsExclude, group: N.groupB)]), from: N.hostA)
        let query = Net.frame(.queryV3(QueryV3Repr(group: N.ssmGroup, sources: N.sources)), from: N.querier)
        return capture("truncated-snaplen.pcap", "Captured with a 48-byte snapshot length: not fully validated, never hostile.",
                       snapshotLength: 48, [
            SamplePacket(Array(report.prefix(48)), rules: [.captureTruncated], wireLength: report.count, note: "IGMPv3 report cut inside its first record"),
            SamplePacket(Array(query.prefix(48)), rules: [.captureTruncated], wireLength: query.count, note: "IGMPv3 query cut inside its sources"),
        ])
    }

    // MARK: other link types

    static func relinked(_ link: LinkRepr, _ name: String, _ summary: String) -> SampleCapture {
        typealias N = Net
        let messages: [(IGMPRepr, IPv4Address, String)] = [
            (.queryV3(QueryV3Repr()), N.querier, "IGMPv3 General Query"),
            (.reportV3([GroupRecordRepr(type: .changeToExclude, group: N.groupB)]), N.hostA, "IGMPv3 report"),
            (.reportV2(N.groupA), N.hostA, "IGMPv2 report"),
        ]
        var packets = messages.map { igmp, source, note in
            let f = FrameRepr(link: link, ip: IPv4Repr(source: source, destination: igmp.conventionalDestination), igmp: igmp)
            return SamplePacket(f.bytes, note: note)
        }
        var attack = FrameRepr(link: link, ip: IPv4Repr(source: N.attacker, destination: .allSystems), igmp: .queryV3(QueryV3Repr()))
        attack.ip.options = [0, 0, 0, 0]
        packets.append(hostile(attack.bytes, .ms06007OptionsPattern, "MS06-007 options"))
        return capture(name, summary, linkType: link.linkType, packets)
    }

    static var linuxSLL: SampleCapture {
        relinked(.linuxSLL(packetType: 2, source: Net.hostMAC), "linktype-linux-sll.pcap", "Linux cooked capture v1 (SLL).")
    }
    static var linuxSLL2: SampleCapture {
        relinked(.linuxSLL2(interfaceIndex: 2, packetType: 2, source: Net.hostMAC), "linktype-linux-sll2.pcap", "Linux cooked capture v2 (SLL2).")
    }
    static var rawIPv4: SampleCapture { relinked(.raw, "linktype-raw.pcap", "Raw IP (LINKTYPE_RAW).") }
    static var nullLoopback: SampleCapture {
        relinked(.null(bigEndian: false), "linktype-null.pcap", "BSD loopback (DLT_NULL, little-endian family).")
    }

    // MARK: demo

    /// What the README's first command scans: a day on a LAN with a few attacks in it.
    static var demo: SampleCapture {
        var packets = benignPackets
        packets.insert(ms06007.packets[0], at: 7)
        packets.insert(querySourceCount.packets[0], at: 12)
        packets.insert(fragmented.packets[0], at: 15)
        packets.insert(suspiciousMix.packets[0], at: 4)
        packets.insert(recordAuxData.packets[0], at: 18)
        return capture("demo.pcap", "The README's demo: benign traffic with an MS06-007 packet, lying counts, a fragment and a bad checksum.",
                       packets)
    }
}
