import IGMP
import IGMPTestSupport
import Testing

/// One test per rule: a frame that must fire it and a closest conforming frame that must not.
@Suite struct RuleTests {
    // Conforming baselines, one per message kind.
    var reportV3: FrameRepr {
        .conforming(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: group, sources: [host, router])]), from: host)
    }
    var queryV3: FrameRepr { .conforming(.queryV3(QueryV3Repr(group: group, sources: [host])), from: router) }
    var generalQueryV3: FrameRepr { .conforming(.queryV3(QueryV3Repr()), from: router) }
    var queryV2: FrameRepr { .conforming(.queryV2(), from: router) }
    var reportV2: FrameRepr { .conforming(.reportV2(group), from: host) }

    func expectFires(_ rule: Rule, _ frame: FrameRepr, at offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        expectFires(rule, frame.bytes, linkType: frame.linkType, at: offset, sourceLocation: sourceLocation)
    }

    func expectFires(_ rule: Rule, _ bytes: [UInt8], linkType: LinkType = .ethernet, wireLength: Int? = nil,
                     at offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let j = judge(bytes, linkType: linkType, wireLength: wireLength)
        #expect(j.fired(rule), "\(rule.id) did not fire; got \(j.findings)", sourceLocation: sourceLocation)
        #expect(j.verdict.map { $0 >= Verdict(worst: rule.severity) } == true, sourceLocation: sourceLocation)
        if let offset, let f = j.findings.first(where: { $0.rule == rule }) {
            #expect(f.offset == offset, "offset of \(rule.id)", sourceLocation: sourceLocation)
        }
    }

    func expectQuiet(_ rule: Rule, _ frame: FrameRepr, sourceLocation: SourceLocation = #_sourceLocation) {
        let j = judge(frame)
        #expect(!j.fired(rule), "\(rule.id) fired on a conforming frame: \(j.findings)", sourceLocation: sourceLocation)
    }

    /// The baselines themselves are clean with no finding at all.
    @Test func conformingBaselinesAreClean() {
        for frame in [reportV3, queryV3, generalQueryV3, queryV2, reportV2] {
            let j = judge(frame)
            #expect(j.verdict == .clean)
            #expect(j.findings.isEmpty, "\(j.findings)")
        }
    }

    // MARK: hostile

    @Test func ms06007OptionsPattern() {
        var doubleEOL = queryV3
        doubleEOL.ip.options = [0, 0, 0, 0]
        expectFires(.ms06007OptionsPattern, doubleEOL, at: 14 + 20)
        #expect(judge(doubleEOL).verdict == .hostile)
        var zeroLength = reportV3
        zeroLength.ip.options = [0x83, 0x00, 0, 0]
        expectFires(.ms06007OptionsPattern, zeroLength, at: 14 + 20)
        var lengthOne = reportV3
        lengthOne.ip.options = [0x07, 0x01, 0, 0]
        expectFires(.ms06007OptionsPattern, lengthOne)
        var overrun = reportV3
        overrun.ip.options = [0x01, 0x44, 0x28, 0, 0, 0, 0, 0]
        expectFires(.ms06007OptionsPattern, overrun, at: 14 + 21)
        // Negative: Router Alert padded with NOP and EOL is how real stacks send it.
        var padded = reportV3
        padded.ip.options = [1, 0x94, 4, 0, 0, 0, 0, 0]
        expectQuiet(.ms06007OptionsPattern, padded)
        #expect(judge(padded).verdict == .clean)
        var singleEOL = reportV3
        singleEOL.ip.options = [0x94, 4, 0, 0, 0, 1, 1, 1]
        expectQuiet(.ms06007OptionsPattern, singleEOL)
        expectQuiet(.ms06007OptionsPattern, reportV3)
    }

    @Test func ipv4OptionMalformed() {
        // A bad length where a valid Router Alert is present is not the MS06-007 shape, but still hostile.
        var bad = reportV3
        bad.ip.options = [0x94, 4, 0, 0, 0x07, 0x00, 0, 0]
        expectFires(.ipv4OptionMalformed, bad, at: 14 + 24)
        #expect(!judge(bad).fired(.ms06007OptionsPattern))
        var raLength = reportV3
        raLength.ip.options = [0x94, 8, 0, 0, 0, 0, 0, 0]
        expectFires(.ipv4OptionMalformed, raLength)
        expectQuiet(.ipv4OptionMalformed, reportV3)
    }

    @Test func fragmentedIGMP() {
        var mf = reportV3
        mf.ip.moreFragments = true
        expectFires(.fragmentedIGMP, mf, at: 14 + 6)
        var offset = reportV3
        offset.ip.fragmentOffset = 3
        expectFires(.fragmentedIGMP, offset)
        #expect(judge(offset).verdict == .hostile)
        var dontFragment = reportV3
        dontFragment.ip.dontFragment = true
        expectQuiet(.fragmentedIGMP, dontFragment)
    }

    @Test func ipv4LengthInconsistent() {
        var long = reportV3
        long.ip.totalLengthOverride = 400
        expectFires(.ipv4LengthInconsistent, long, at: 14 + 2)
        var belowHeader = reportV3
        belowHeader.ip.totalLengthOverride = 12
        expectFires(.ipv4LengthInconsistent, belowHeader)
        var ihl = reportV3
        ihl.ip.headerLengthWordsOverride = 3
        expectFires(.ipv4LengthInconsistent, ihl)
        var ihlPastFrame = FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .igmpv3Routers, options: []), igmp: .leave(group))
        ihlPastFrame.ip.headerLengthWordsOverride = 15
        expectFires(.ipv4LengthInconsistent, ihlPastFrame.bytes, linkType: .raw)
        // Negative: Ethernet padding after the datagram is not an inconsistency.
        expectQuiet(.ipv4LengthInconsistent, queryV2)
        var padded = reportV3
        padded.trailer = Array(repeating: 0xa5, count: 30)
        expectQuiet(.ipv4LengthInconsistent, padded)
    }

    @Test func igmpTooShort() {
        let ip = IPv4Repr(source: host, destination: .allSystems)
        var bytes: [UInt8] = []
        ip.emit(payloadLength: 4, into: &bytes)
        bytes += [0x11, 0x00, 0xee, 0xff]
        expectFires(.igmpTooShort, bytes, linkType: .raw, at: 24)
        #expect(judge(bytes, linkType: .raw).verdict == .hostile)
        expectQuiet(.igmpTooShort, queryV2)
    }

    @Test func querySourceCountOverflow() {
        var q = QueryV3Repr(group: group, sources: [host])
        q.numberOfSourcesOverride = 60
        expectFires(.querySourceCountOverflow, .conforming(.queryV3(q), from: router), at: 14 + 24 + 10)
        expectQuiet(.querySourceCountOverflow, queryV3)
    }

    @Test func reportRecordCountOverflow() {
        var r = ReportV3Repr(records: [GroupRecordRepr(type: .modeIsExclude, group: group)])
        r.numberOfGroupRecordsOverride = 5
        expectFires(.reportRecordCountOverflow, .conforming(IGMPRepr(.reportV3(r)), from: host), at: 14 + 24 + 6)
        // A record header cut after 4 bytes (PcapPlusPlus's truncated report).
        let broken = IGMPRepr(.reportV3(ReportV3Repr(records: [], numberOfGroupRecordsOverride: 1)), additionalData: [1, 0, 0, 0])
        expectFires(.reportRecordCountOverflow, .conforming(broken, from: host))
        expectQuiet(.reportRecordCountOverflow, reportV3)
    }

    @Test func recordSourceCountOverflow() {
        let rec = GroupRecordRepr(type: .modeIsInclude, group: group, sources: [host], numberOfSourcesOverride: 0xffff)
        expectFires(.recordSourceCountOverflow, .conforming(.reportV3([rec]), from: host), at: 14 + 24 + 8 + 2)
        expectQuiet(.recordSourceCountOverflow, reportV3)
    }

    @Test func recordAuxDataOverflow() {
        let rec = GroupRecordRepr(type: .modeIsInclude, group: group, sources: [host], auxDataLengthOverride: 200)
        expectFires(.recordAuxDataOverflow, .conforming(.reportV3([rec]), from: host), at: 14 + 24 + 8 + 1)
        // Negative: real aux data, counted in words, is valid.
        let withAux = GroupRecordRepr(type: .modeIsInclude, group: group, sources: [host], auxData: [9, 9, 9, 9])
        expectQuiet(.recordAuxDataOverflow, .conforming(.reportV3([withAux]), from: host))
        #expect(judge(.conforming(.reportV3([withAux]), from: host)).verdict == .clean)
    }

    // MARK: warnings

    @Test func igmpChecksumInvalid() {
        var bad = reportV3
        bad.igmp.checksumOverride = 0x1234
        expectFires(.igmpChecksumInvalid, bad, at: 14 + 24 + 2)
        // Negative: the checksum covers additional data after a query (RFC 3376 4.1.10).
        let extra = FrameRepr.conforming(IGMPRepr(.queryV3(QueryV3Repr()), additionalData: [1, 2, 3, 4, 5, 6]), from: router)
        expectQuiet(.igmpChecksumInvalid, extra)
        #expect(judge(extra).verdict == .clean)
    }

    @Test func queryLengthInvalid() {
        let nine = FrameRepr.conforming(IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: 100, group: .any), additionalData: [0]), from: router)
        expectFires(.queryLengthInvalid, nine, at: 14 + 24)
        #expect(judge(nine).verdict == .suspicious)
        expectQuiet(.queryLengthInvalid, queryV2)
        expectQuiet(.queryLengthInvalid, generalQueryV3)
    }

    @Test func generalQueryWithSources() {
        expectFires(.generalQueryWithSources, .conforming(.queryV3(QueryV3Repr(sources: [host])), from: router))
        expectQuiet(.generalQueryWithSources, generalQueryV3)
        expectQuiet(.generalQueryWithSources, queryV3)
    }

    @Test func generalQueryDestination() {
        var v3 = generalQueryV3
        v3.ip.destination = IPv4Address(224, 0, 0, 5)
        expectFires(.generalQueryDestination, v3, at: 14 + 16)
        var v2 = queryV2
        v2.ip.destination = router
        expectFires(.generalQueryDestination, v2)
        expectQuiet(.generalQueryDestination, generalQueryV3)
        expectQuiet(.generalQueryDestination, queryV3) // group-specific queries go to the group
    }

    @Test func reportDestination() {
        var wrong = reportV3
        wrong.ip.destination = group
        expectFires(.reportDestination, wrong, at: 14 + 16)
        expectQuiet(.reportDestination, reportV3)
    }

    @Test func groupNotMulticast() {
        expectFires(.groupNotMulticast, .conforming(.reportV2(IPv4Address(10, 1, 1, 1)), from: host), at: 14 + 24 + 4)
        expectFires(.groupNotMulticast, .conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: IPv4Address(1, 1, 1, 1))]), from: host),
                    at: 14 + 24 + 8 + 4)
        expectFires(.groupNotMulticast, .conforming(.queryV3(QueryV3Repr(group: IPv4Address(10, 0, 0, 1))), from: router))
        expectQuiet(.groupNotMulticast, reportV2)
        expectQuiet(.groupNotMulticast, reportV3)
        expectQuiet(.groupNotMulticast, generalQueryV3)
    }

    @Test func maxRespCodeZero() {
        expectFires(.maxRespCodeZero, .conforming(.queryV3(QueryV3Repr(maxRespCode: 0)), from: router), at: 14 + 24 + 1)
        expectQuiet(.maxRespCodeZero, generalQueryV3)
        // An 8-byte query with code 0 is IGMPv1, where 0 is the norm.
        expectQuiet(.maxRespCodeZero, .conforming(.queryV1(), from: router))
    }

    @Test func unknownRecordType() {
        expectFires(.unknownRecordType, .conforming(.reportV3([GroupRecordRepr(type: GroupRecordType(rawValue: 9), group: group)]), from: host),
                    at: 14 + 24 + 8)
        for type in 1...6 {
            expectQuiet(.unknownRecordType, .conforming(.reportV3([GroupRecordRepr(type: GroupRecordType(rawValue: UInt8(type)), group: group)]), from: host))
        }
    }

    @Test func sourceCountExceedsMTU() {
        let many = (0..<367).map { IPv4Address(rawValue: 0x0a00_0000 + UInt32($0)) }
        expectFires(.sourceCountExceedsMTU, .conforming(.queryV3(QueryV3Repr(group: group, sources: many)), from: router))
        expectQuiet(.sourceCountExceedsMTU, .conforming(.queryV3(QueryV3Repr(group: group, sources: Array(many.prefix(366)))), from: router))
        expectFires(.sourceCountExceedsMTU, .conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: Array(many.prefix(366)))]), from: host))
        expectQuiet(.sourceCountExceedsMTU, .conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: Array(many.prefix(365)))]), from: host))
    }

    @Test func duplicateSources() {
        expectFires(.duplicateSources, .conforming(.queryV3(QueryV3Repr(group: group, sources: [host, router, host])), from: router),
                    at: 14 + 24 + 12 + 8)
        expectFires(.duplicateSources, .conforming(.reportV3([GroupRecordRepr(type: .allowNewSources, group: group, sources: [host, host])]), from: host))
        // Long lists go through the hash table: a duplicate at the very end is still found, and zero is a value.
        var long = (1...300).map { IPv4Address(rawValue: 0x0a00_0000 + UInt32($0)) }
        long.append(IPv4Address(rawValue: 0x0a00_0000 + 150))
        expectFires(.duplicateSources, .conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: long)]), from: host))
        let zeros = [IPv4Address.any] + (1...40).map { IPv4Address(rawValue: UInt32($0)) } + [.any]
        expectFires(.duplicateSources, .conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: zeros)]), from: host))
        let distinct = (0...300).map { IPv4Address(rawValue: 0x0a00_0000 &* UInt32($0 % 7 + 1) + UInt32($0)) }
        expectQuiet(.duplicateSources, .conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: distinct)]), from: host))
        expectQuiet(.duplicateSources, reportV3)
    }

    @Test func ttlNotOne() {
        var ttl = reportV2
        ttl.ip.timeToLive = 64
        expectFires(.ttlNotOne, ttl, at: 14 + 8)
        expectQuiet(.ttlNotOne, reportV2)
        // DVMRP and mtrace are unicast and routed: TTL is not theirs to keep at 1.
        var dvmrp = FrameRepr.conforming(IGMPRepr(.fixed(type: .dvmrp, maxRespCode: 5, group: .any)), from: host)
        dvmrp.ip.timeToLive = 255
        expectQuiet(.ttlNotOne, dvmrp)
    }

    @Test func unknownType() {
        expectFires(.unknownType, .conforming(IGMPRepr(.fixed(type: IGMPType(rawValue: 0x42), maxRespCode: 0, group: group)), from: host), at: 14 + 24)
        for known in [0x13, 0x14, 0x1e, 0x1f, 0x30, 0x31, 0x32, 0xfc, 0xfd, 0xfe, 0xff] as [UInt8] {
            expectQuiet(.unknownType, .conforming(IGMPRepr(.fixed(type: IGMPType(rawValue: known), maxRespCode: 0, group: group)), from: host))
        }
    }

    @Test func ipv4ChecksumInvalid() {
        var bad = reportV3
        bad.ip.headerChecksumOverride = 0xbeef
        expectFires(.ipv4ChecksumInvalid, bad, at: 14 + 10)
        #expect(judge(bad).verdict == .suspicious)
        expectQuiet(.ipv4ChecksumInvalid, reportV3)
    }

    // MARK: info

    @Test func routerAlertMissing() {
        var none = reportV3
        none.ip.options = []
        expectFires(.routerAlertMissing, none, at: 14)
        #expect(judge(none).verdict == .clean)
        expectQuiet(.routerAlertMissing, reportV3)
        // IGMPv1 predates Router Alert.
        var v1 = FrameRepr.conforming(.reportV1(group), from: host)
        v1.ip.options = []
        expectQuiet(.routerAlertMissing, v1)
    }

    @Test func ipv4ChecksumZero() {
        var offload = reportV3
        offload.ip.headerChecksumOverride = 0
        expectFires(.ipv4ChecksumZero, offload, at: 14 + 10)
        #expect(judge(offload).verdict == .clean)
        expectQuiet(.ipv4ChecksumZero, reportV3)
        // A checksum that is correctly 0x0000 (the header sums to -0) is not offload. Found by the round-trip
        // property test; this recipe builds such a header.
        var recipe = FrameRecipe([0, 138, 93, 15, 107, 91, 155, 202])
        let zeroButValid = recipe.conformingFrame()
        let bytes = zeroButValid.bytes
        let ipStart = bytes.count - zeroButValid.trailer.count - zeroButValid.igmp.encodedLength - zeroButValid.ip.headerLength
        #expect(bytes[ipStart + 10] == 0 && bytes[ipStart + 11] == 0, "the recipe no longer yields a zero checksum")
        expectQuiet(.ipv4ChecksumZero, zeroButValid)
        #expect(judge(zeroButValid).findings.isEmpty)
    }

    @Test func tosNotInternetControl() {
        var tos = reportV3
        tos.ip.typeOfService = 0x58
        expectFires(.tosNotInternetControl, tos, at: 14 + 1)
        #expect(judge(tos).verdict == .clean)
        expectQuiet(.tosNotInternetControl, reportV3)
        var v2 = reportV2
        v2.ip.typeOfService = 0
        expectQuiet(.tosNotInternetControl, v2)
    }

    @Test func reservedBitsSet() {
        expectFires(.reservedBitsSet, .conforming(.queryV3(QueryV3Repr(flags: 0x3)), from: router), at: 14 + 24 + 8)
        expectFires(.reservedBitsSet, .conforming(IGMPRepr(.reportV3(ReportV3Repr(flags: 0x8000, records: []))), from: host), at: 14 + 24 + 4)
        expectFires(.reservedBitsSet, .conforming(IGMPRepr(.reportV3(ReportV3Repr(reserved: 1, records: []))), from: host), at: 14 + 24 + 1)
        expectFires(.reservedBitsSet, .conforming(IGMPRepr(.fixed(type: .membershipReportV2, maxRespCode: 7, group: group)), from: host))
        #expect(judge(.conforming(.queryV3(QueryV3Repr(flags: 0x3)), from: router)).verdict == .clean)
        expectQuiet(.reservedBitsSet, generalQueryV3)
        expectQuiet(.reservedBitsSet, reportV3)
        // S and QRV are not reserved bits.
        expectQuiet(.reservedBitsSet, .conforming(.queryV3(QueryV3Repr(suppressRouterSideProcessing: true, robustness: 7)), from: router))
    }

    @Test func captureTruncated() {
        let whole = reportV3.bytes
        // Cut inside the record: "not fully validated", never hostile.
        let cut = Array(whole.prefix(14 + 24 + 10))
        expectFires(.captureTruncated, cut, wireLength: whole.count)
        let j = judge(cut, wireLength: whole.count)
        #expect(j.verdict == .clean)
        #expect(j.inspection.isFullyValidated == false)
        // Cut inside the IPv4 header.
        let cutHeader = Array(whole.prefix(14 + 12))
        expectFires(.captureTruncated, cutHeader, wireLength: whole.count)
        #expect(judge(cutHeader, wireLength: whole.count).verdict == .clean)
        // The same bytes without a wire length are a lie about lengths.
        #expect(judge(cut).verdict == .hostile)
        let full = judge(whole, wireLength: whole.count)
        #expect(!full.fired(.captureTruncated))
        #expect(full.inspection.isFullyValidated)
    }

    /// Every IGMP packet rule in the catalogue has a test above (kept honest by counting); the traffic rules have
    /// theirs in TrafficRuleTests, MLD's in MLDRuleTests.
    @Test func everyRuleHasATest() {
        #expect(Rule.allCases.filter { $0.row.scope == .packet && $0.row.family == .igmp }.count == 27)
    }
}

/// The exact bytes printed in docs/ms06-007.md fire the rule they illustrate.
@Test func ms06007DocumentExampleFires() {
    let bytes: [UInt8] = [0x46, 0xc0, 0x00, 0x24, 0, 0, 0, 0, 0x01, 0x02, 0x16, 0x6e, 0xc0, 0xa8, 0x01, 0x01,
                          0xe0, 0, 0, 0x01, 0, 0, 0, 0, 0x11, 0x64, 0xec, 0x1e, 0, 0, 0, 0, 0x02, 0x7d, 0, 0]
    let j = judge(bytes, linkType: .raw)
    #expect(j.rules == [.ms06007OptionsPattern, .routerAlertMissing])
    #expect(j.findings.first { $0.rule == .ms06007OptionsPattern }?.offset == 20)
    #expect(j.verdict == .hostile)
}
