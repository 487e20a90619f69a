import IGMP
import IGMPTestSupport
import Testing

/// One test per MLD rule (RFC 2710, RFC 3810): a frame that must fire it, and the closest conforming frame that
/// must not. Offsets are those of an Ethernet frame: IPv6 at 14, the 8-byte Hop-by-Hop header at 54, MLD at 62.
@Suite struct MLDRuleTests {
    var reportV2: MLDFrameRepr {
        .conforming(.reportV2([MLDRecordRepr(type: .modeIsExclude, address: mldGroup, sources: [linkLocalRouter])]), from: linkLocalHost)
    }
    var queryV2: MLDFrameRepr { .conforming(.queryV2(address: mldGroup, sources: [linkLocalHost]), from: linkLocalRouter) }
    var generalQueryV2: MLDFrameRepr { .conforming(.queryV2(), from: linkLocalRouter) }
    var queryV1: MLDFrameRepr { .conforming(.queryV1(), from: linkLocalRouter) }
    var reportV1: MLDFrameRepr { .conforming(.reportV1(mldGroup), from: linkLocalHost) }
    var done: MLDFrameRepr { .conforming(.done(mldGroup), from: linkLocalHost) }
    var baselines: [MLDFrameRepr] { [reportV2, queryV2, generalQueryV2, queryV1, reportV1, done] }

    func expectFires(_ rule: Rule, _ frame: MLDFrameRepr, at offset: Int? = nil, wireLength: Int? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        expectFires(rule, frame.bytes, linkType: frame.linkType, at: offset, wireLength: wireLength, sourceLocation: sourceLocation)
    }

    func expectFires(_ rule: Rule, _ bytes: [UInt8], linkType: LinkType = .ethernet, at offset: Int? = nil, wireLength: Int? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let j = judge(bytes, linkType: linkType, wireLength: wireLength)
        #expect(j.inspection.isMLD, "not judged as MLD", sourceLocation: sourceLocation)
        #expect(j.fired(rule), "\(rule.id) did not fire; got \(j.findings)", sourceLocation: sourceLocation)
        #expect(j.verdict.map { $0 >= Verdict(worst: rule.severity) } == true, sourceLocation: sourceLocation)
        if let offset, let f = j.findings.first(where: { $0.rule == rule }) {
            #expect(f.offset == offset, "offset of \(rule.id)", sourceLocation: sourceLocation)
        }
    }

    func expectQuiet(_ rule: Rule, _ frame: MLDFrameRepr, sourceLocation: SourceLocation = #_sourceLocation) {
        let j = judge(frame)
        #expect(j.inspection.isMLD, sourceLocation: sourceLocation)
        #expect(!j.fired(rule), "\(rule.id) fired on a conforming frame: \(j.findings)", sourceLocation: sourceLocation)
    }

    /// The baselines are clean, with no finding, and decode to the kind they were made as.
    @Test func conformingBaselinesAreClean() {
        let kinds: [MLDKind] = [.reportV2, .queryV2, .queryV2, .queryV1, .reportV1, .done]
        for (frame, kind) in zip(baselines, kinds) {
            let j = judge(frame)
            #expect(j.verdict == .clean && j.findings.isEmpty, "\(kind): \(j.findings)")
            #expect(j.inspection.kind == .mld(kind))
            #expect(j.inspection.isMLD && !j.inspection.isIGMP)
        }
    }

    /// A real MLDv2 report, byte for byte (tcpdump's icmpv6.pcap frame 2, written out): clean.
    @Test func fixedBytesOfARealReportAreClean() {
        let bytes: [UInt8] = [
            0x33, 0x33, 0x00, 0x00, 0x00, 0x16, 0x00, 0x15, 0x17, 0xcc, 0xe5, 0x46, 0x86, 0xdd,
            0x60, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x01,
            0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x15, 0x17, 0xff, 0xfe, 0xcc, 0xe5, 0x46,
            0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16,
            0x3a, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
            0x8f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
            0x04, 0x00, 0x00, 0x00, 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0xcc, 0xe5, 0x46,
        ]
        var fixed = bytes
        // Fill in the checksum the way a sender does, so the bytes stand on their own.
        let message = Array(fixed[62...])
        let sum = InternetChecksum.add(
            InternetChecksum.pseudoHeaderSum(source: IPv6Address("fe80::215:17ff:fecc:e546")!, destination: .allMLDv2Routers,
                                             length: UInt32(message.count), nextHeader: 58),
            InternetChecksum.sum(message.span.bytes))
        fixed[64] = UInt8(~sum >> 8)
        fixed[65] = UInt8(truncatingIfNeeded: ~sum)
        let j = judge(fixed)
        #expect(j.inspection.kind == .mld(.reportV2) && j.findings.isEmpty, "\(j.findings)")
        // The same bytes with the checksum left at 0 fire on it, at its offset.
        expectFires(.mldChecksumInvalid, bytes, at: 64)
    }

    @Test func mldExtensionHeaderMalformed() {
        // Hop-by-Hop length runs past the packet (RFC 8200 4.3).
        var runsPast = queryV2
        runsPast.ip.extensionHeaders = [.raw(value: 0, bytes: [9, 5, 2, 0, 0, 1, 0])]
        expectFires(.mldExtensionHeaderMalformed, runsPast, at: 55)
        // An option that runs past its header, while MLD's Router Alert is there.
        var optionPast = queryV2
        optionPast.ip.extensionHeaders = [.raw(value: 0, bytes: [0, 5, 2, 0, 0, 1, 9])]
        expectFires(.mldExtensionHeaderMalformed, optionPast, at: 60)
        // Router Alert of length 4 (RFC 2711 2 says 2).
        var badAlert = queryV2
        badAlert.ip.extensionHeaders = [.raw(value: 0, bytes: [0, 5, 4, 0, 0, 0, 0])]
        expectFires(.mldExtensionHeaderMalformed, badAlert, at: 56)
        // Hop-by-Hop after another header (RFC 8200 4.1), and a repeated Routing header.
        var notFirst = queryV2
        notFirst.ip.extensionHeaders = [.fragment(offset: 0, moreFragments: false, identification: 1), .mldHopByHop]
        expectFires(.mldExtensionHeaderMalformed, notFirst)
        var repeated = queryV2
        repeated.ip.extensionHeaders = [.mldHopByHop, .routing(type: 2, segmentsLeft: 0, addresses: []),
                                        .routing(type: 2, segmentsLeft: 0, addresses: [])]
        expectFires(.mldExtensionHeaderMalformed, repeated)
        // A long chain (Mobility headers, which may repeat) is cut off by the bound, never followed forever.
        var long = queryV2
        long.ip.extensionHeaders = [.mldHopByHop] + Array(repeating: .raw(value: 135, bytes: [0, 0, 0, 0, 0, 0, 0]), count: 12)
        expectFires(.mldExtensionHeaderMalformed, long)
        #expect(judge(long).findings.first?.message == "more than 10 extension headers")
        // Destination Options a third time.
        var thrice = queryV2
        thrice.ip.extensionHeaders = [.mldHopByHop] + Array(repeating: .destinationOptions(options: []), count: 3)
        expectFires(.mldExtensionHeaderMalformed, thrice)
        #expect(judge(thrice).findings.first { $0.rule == .mldExtensionHeaderMalformed }?.message == "IPv6 extension header 60 repeated")
        // A repeated header does not stop the walk (a receiver walks on): the message behind it is still judged,
        // with or without a Router Alert to say it is MLD's.
        var evading = MLDFrameRepr.conforming(.queryV2(address: mldGroup, sources: [linkLocalHost], numberOfSourcesOverride: 9), from: linkLocalRouter)
        evading.ip.extensionHeaders = [.fragment(offset: 0, moreFragments: false, identification: 1),
                                       .routing(type: 2, segmentsLeft: 0, addresses: []), .routing(type: 2, segmentsLeft: 0, addresses: [])]
        let judged = judge(evading)
        #expect(judged.inspection.kind == .mld(.queryV2), "\(judged.findings)")
        #expect(judged.fired(.mldExtensionHeaderMalformed) && judged.fired(.mldQuerySourceCountOverflow), "\(judged.findings)")
        // The messages of the other flaws name them.
        #expect(judge(runsPast).findings.first { $0.rule == .mldExtensionHeaderMalformed }?.message == "IPv6 extension header 0 declares 80 bytes, past the payload")
        #expect(judge(badAlert).findings.first { $0.rule == .mldExtensionHeaderMalformed }?.message == "Router Alert option of length 4, not 2")
        // Two Destination Options headers and a Routing header are allowed.
        var fine = queryV2
        fine.ip.extensionHeaders = [.mldHopByHop, .destinationOptions(options: []), .routing(type: 2, segmentsLeft: 0, addresses: []),
                                    .destinationOptions(options: [])]
        expectQuiet(.mldExtensionHeaderMalformed, fine)
        for frame in baselines { expectQuiet(.mldExtensionHeaderMalformed, frame) }
    }

    @Test func fragmentedMLD() {
        var first = reportV2
        first.ip.extensionHeaders = [.mldHopByHop, .fragment(offset: 0, moreFragments: true, identification: 7)]
        expectFires(.fragmentedMLD, first, at: 64)
        #expect(judge(first).inspection.kind == .mld(.reportV2))
        var later = reportV2
        later.ip.extensionHeaders = [.mldHopByHop, .fragment(offset: 3, moreFragments: false, identification: 7)]
        expectFires(.fragmentedMLD, later)
        // An atomic fragment (offset 0, M clear: RFC 8200 4.5) is a whole message.
        var atomic = reportV2
        atomic.ip.extensionHeaders = [.mldHopByHop, .fragment(offset: 0, moreFragments: false, identification: 7)]
        expectQuiet(.fragmentedMLD, atomic)
        expectQuiet(.fragmentedMLD, reportV2)
    }

    /// MLD behind any extension header a receiver walks is found, whatever comes first: Destination Options,
    /// Routing, Authentication (its length in 32-bit words), not only Hop-by-Hop.
    @Test func mldBehindOtherFirstHeadersIsJudged() {
        for first in [IPv6ExtensionRepr.destinationOptions(options: []), .routing(type: 2, segmentsLeft: 0, addresses: [linkLocalRouter]),
                      .raw(value: 51, bytes: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])] {
            var frame = reportV2
            frame.ip.extensionHeaders = [first]
            let j = judge(frame)
            #expect(j.inspection.kind == .mld(.reportV2), "\(first): \(j.findings)")
            #expect(j.rules == [.mldRouterAlertMissing], "\(first): \(j.findings)")
            #expect((try? MLDFrameRepr.parse(frame.bytes, linkType: .ethernet))?.bytes == frame.bytes, "\(first)")
        }
    }

    /// A header that runs past a Payload Length the capture kept whole is a lie, even when the capture cut the
    /// frame's padding.
    @Test func aHeaderPastAWholePayloadIsALieEvenInACutCapture() {
        var runsPast = reportV2
        runsPast.ip.extensionHeaders = [.raw(value: 0, bytes: [9, 5, 2, 0, 0, 1, 0])]
        var bytes = runsPast.bytes
        bytes += [0, 0, 0, 0]  // padding, then cut off by the capture
        let j = judge(Array(bytes.dropLast(4)), wireLength: bytes.count)
        #expect(j.fired(.mldExtensionHeaderMalformed), "\(j.findings)")
    }

    /// The chain's first flaw is the one reported, and a capture cut excuses only a header that runs past the bytes
    /// captured but not past the Payload Length (found by review).
    @Test func theFirstFlawStaysAndACutExcusesOnlyWhatItCut() {
        // A misplaced Hop-by-Hop, then a header the capture cut: the misplaced header is what is wrong.
        var misplaced = reportV2
        misplaced.ip.extensionHeaders = [.destinationOptions(options: []), .mldHopByHop, .fragment(offset: 0, moreFragments: false, identification: 3)]
        let whole = misplaced.bytes
        let cut = judge(Array(whole.prefix(14 + 40 + 16 + 4)), wireLength: whole.count)
        #expect(cut.fired(.mldExtensionHeaderMalformed) && cut.verdict == .hostile, "\(cut.findings)")
        #expect(cut.findings.first { $0.rule == .mldExtensionHeaderMalformed }?.message == "Hop-by-Hop Options header after another header")
        // Nobody acts on a misplaced header's Router Alert: it counts as missing.
        #expect(judge(misplaced).fired(.mldRouterAlertMissing))
        // A Router Alert of length 4 wholly inside the bytes captured, the header cut after it.
        var badAlert = reportV2
        badAlert.ip.extensionHeaders = [.raw(value: 0, bytes: [1, 5, 4, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0])]
        let alertBytes = badAlert.bytes
        let alertCut = judge(Array(alertBytes.prefix(14 + 40 + 12)), wireLength: alertBytes.count)
        #expect(alertCut.fired(.mldExtensionHeaderMalformed), "\(alertCut.findings)")
        // A Hop-by-Hop header longer than the whole Payload Length is a lie even when the capture is cut.
        var long = reportV2
        long.ip.extensionHeaders = [.raw(value: 0, bytes: [255, 5, 2, 0, 0, 1, 0])]
        long.ip.payloadLengthOverride = 1000
        let longBytes = long.bytes
        let longCut = judge(longBytes, wireLength: 14 + 40 + 1000)
        #expect(longCut.fired(.mldExtensionHeaderMalformed), "\(longCut.findings)")
    }

    @Test func ipv6LengthInconsistent() {
        var long = reportV2
        long.ip.payloadLengthOverride = 200
        expectFires(.ipv6LengthInconsistent, long, at: 18)
        // The capture cut it instead: not a lie.
        let bytes = reportV2.bytes
        let cut = judge(Array(bytes.dropLast(8)), wireLength: bytes.count)
        #expect(cut.fired(.captureTruncated) && !cut.fired(.ipv6LengthInconsistent), "\(cut.findings)")
        expectQuiet(.ipv6LengthInconsistent, reportV2)
    }

    @Test func mldTooShort() {
        var short = queryV1
        short.mld = .other(type: MLDKind.queryType, body: [0, 0, 0, 0])
        expectFires(.mldTooShort, short, at: 62)
        var tiny = reportV2
        tiny.mld = .other(type: MLDKind.reportV2Type, body: [])
        expectFires(.mldTooShort, tiny)
        // An MLDv2 report of 8 bytes (no record) is whole.
        expectQuiet(.mldTooShort, .conforming(.reportV2([]), from: linkLocalHost))
        for frame in baselines { expectQuiet(.mldTooShort, frame) }
    }

    @Test func mldQuerySourceCountOverflow() {
        expectFires(.mldQuerySourceCountOverflow, .conforming(.queryV2(address: mldGroup, sources: [linkLocalHost], numberOfSourcesOverride: 3),
                                                              from: linkLocalRouter), at: 62 + 26)
        expectQuiet(.mldQuerySourceCountOverflow, queryV2)
    }

    @Test func mldReportRecordCountOverflow() {
        expectFires(.mldReportRecordCountOverflow, .conforming(.reportV2(records: reportV2Records, numberOfRecordsOverride: 2),
                                                               from: linkLocalHost), at: 62 + 6)
        expectQuiet(.mldReportRecordCountOverflow, reportV2)
    }

    var reportV2Records: [MLDRecordRepr] { [MLDRecordRepr(type: .modeIsExclude, address: mldGroup, sources: [linkLocalRouter])] }

    @Test func mldRecordSourceCountOverflow() {
        let record = MLDRecordRepr(type: .modeIsInclude, address: mldGroup, sources: [linkLocalRouter], numberOfSourcesOverride: 3)
        expectFires(.mldRecordSourceCountOverflow, .conforming(.reportV2([record]), from: linkLocalHost), at: 62 + 8 + 2)
        expectQuiet(.mldRecordSourceCountOverflow, reportV2)
    }

    @Test func mldRecordAuxDataOverflow() {
        let record = MLDRecordRepr(type: .modeIsInclude, address: mldGroup, sources: [linkLocalRouter], auxDataLengthOverride: 2)
        expectFires(.mldRecordAuxDataOverflow, .conforming(.reportV2([record]), from: linkLocalHost), at: 62 + 8 + 1)
        // Aux data that is there, counted in words (RFC 3810 5.2.6), is fine.
        let withAux = MLDRecordRepr(type: .modeIsInclude, address: mldGroup, sources: [linkLocalRouter], auxData: [1, 2, 3, 4, 5, 6, 7, 8])
        expectQuiet(.mldRecordAuxDataOverflow, .conforming(.reportV2([withAux]), from: linkLocalHost))
    }

    @Test func mldChecksumInvalid() {
        var bad = reportV2
        bad.checksumOverride = 0x1234
        expectFires(.mldChecksumInvalid, bad, at: 64)
        // Through a type 2 Routing header with a segment left, the checksum covers the final destination.
        var routed = reportV2
        routed.ip.extensionHeaders = [.mldHopByHop, .routing(type: 2, segmentsLeft: 1, addresses: [.allMLDv2Routers])]
        routed.ip.destination = IPv6Address("fe80::99")!
        let j = judge(routed)
        #expect(!j.fired(.mldChecksumInvalid), "\(j.findings)")
        // Segment Routing (type 4): the final destination is the first segment.
        var segments = reportV2
        segments.ip.extensionHeaders = [.mldHopByHop, .routing(type: 4, segmentsLeft: 1, addresses: [.allMLDv2Routers, IPv6Address("fe80::99")!])]
        segments.ip.destination = IPv6Address("fe80::99")!
        #expect(!judge(segments).fired(.mldChecksumInvalid), "\(judge(segments).findings)")
        for frame in baselines { expectQuiet(.mldChecksumInvalid, frame) }
    }

    @Test func mldQueryLengthInvalid() {
        var odd = queryV1
        odd.mld = .other(type: MLDKind.queryType, body: [0x27, 0x10, 0, 0] + [UInt8](repeating: 0, count: 16) + [0, 0])
        expectFires(.mldQueryLengthInvalid, odd, at: 62)
        #expect(judge(odd).inspection.kind == .mld(.queryInvalidLength))
        expectQuiet(.mldQueryLengthInvalid, queryV1)
        expectQuiet(.mldQueryLengthInvalid, queryV2)
    }

    @Test func mldGeneralQueryWithSources() {
        expectFires(.mldGeneralQueryWithSources, .conforming(.queryV2(sources: [linkLocalHost]), from: linkLocalRouter), at: 62 + 26)
        expectQuiet(.mldGeneralQueryWithSources, generalQueryV2)
        expectQuiet(.mldGeneralQueryWithSources, queryV2)
    }

    @Test func mldGeneralQueryDestination() {
        var elsewhere = generalQueryV2
        elsewhere.ip.destination = mldGroup
        expectFires(.mldGeneralQueryDestination, elsewhere, at: 38)
        var v1 = queryV1
        v1.ip.destination = .allRouters
        expectFires(.mldGeneralQueryDestination, v1)
        expectQuiet(.mldGeneralQueryDestination, generalQueryV2)
        expectQuiet(.mldGeneralQueryDestination, queryV1)
    }

    @Test func mldReportDestination() {
        var elsewhere = reportV2
        elsewhere.ip.destination = .allNodes
        expectFires(.mldReportDestination, elsewhere, at: 38)
        expectQuiet(.mldReportDestination, reportV2)
    }

    @Test func mldGroupNotMulticast() {
        expectFires(.mldGroupNotMulticast, .conforming(.reportV1(linkLocalHost), from: linkLocalHost), at: 62 + 8)
        expectFires(.mldGroupNotMulticast, .conforming(.reportV2([MLDRecordRepr(type: .changeToExclude, address: linkLocalHost)]),
                                                       from: linkLocalHost), at: 62 + 8 + 4)
        expectFires(.mldGroupNotMulticast, .conforming(.queryV2(address: IPv6Address("2001:db8::1")!), from: linkLocalRouter))
        for frame in baselines { expectQuiet(.mldGroupNotMulticast, frame) }
    }

    @Test func mldMaxRespCodeZero() {
        expectFires(.mldMaxRespCodeZero, .conforming(.queryV2(maximumResponseCode: 0), from: linkLocalRouter), at: 62 + 4)
        // MLDv1's Maximum Response Delay 0 is not the MLDv2 code.
        expectQuiet(.mldMaxRespCodeZero, .conforming(.queryV1(maximumResponseDelay: 0), from: linkLocalRouter))
        expectQuiet(.mldMaxRespCodeZero, generalQueryV2)
    }

    @Test func mldUnknownRecordType() {
        let record = MLDRecordRepr(type: GroupRecordType(rawValue: 9), address: mldGroup)
        expectFires(.mldUnknownRecordType, .conforming(.reportV2([record]), from: linkLocalHost), at: 62 + 8)
        expectQuiet(.mldUnknownRecordType, reportV2)
    }

    @Test func mldSourceCountExceedsMTU() {
        let sources = (1...76).map { IPv6Address(high: 0xfe80 << 48, low: UInt64($0)) }
        expectFires(.mldSourceCountExceedsMTU, .conforming(.queryV2(address: mldGroup, sources: sources), from: linkLocalRouter), at: 62 + 26)
        let record = MLDRecordRepr(type: .modeIsInclude, address: mldGroup, sources: sources)
        expectFires(.mldSourceCountExceedsMTU, .conforming(.reportV2([record]), from: linkLocalHost), at: 62 + 8 + 2)
        // 75 fit a 1280-byte packet.
        expectQuiet(.mldSourceCountExceedsMTU, .conforming(.queryV2(address: mldGroup, sources: Array(sources.prefix(75))), from: linkLocalRouter))
        #expect(MLDFrameRepr.conforming(.queryV2(address: mldGroup, sources: Array(sources.prefix(75))), from: linkLocalRouter).bytes.count - 14 <= 1280)
    }

    @Test func mldDuplicateSources() {
        expectFires(.mldDuplicateSources, .conforming(.queryV2(address: mldGroup, sources: [linkLocalHost, linkLocalRouter, linkLocalHost]),
                                                      from: linkLocalRouter), at: 62 + 28 + 32)
        // Past the pairwise limit, the hashed scan finds it too.
        let many = (1...40).map { IPv6Address(high: 0xfe80 << 48, low: UInt64($0)) }
        let record = MLDRecordRepr(type: .modeIsInclude, address: mldGroup, sources: many + [many[17]])
        expectFires(.mldDuplicateSources, .conforming(.reportV2([record]), from: linkLocalHost), at: 62 + 8 + 20 + 16 * 40)
        expectQuiet(.mldDuplicateSources, .conforming(.reportV2([MLDRecordRepr(type: .modeIsInclude, address: mldGroup, sources: many)]),
                                                      from: linkLocalHost))
        expectQuiet(.mldDuplicateSources, queryV2)
    }

    @Test func mldHopLimitNotOne() {
        var forwarded = reportV2
        forwarded.ip.hopLimit = 255
        expectFires(.mldHopLimitNotOne, forwarded, at: 21)
        for frame in baselines { expectQuiet(.mldHopLimitNotOne, frame) }
    }

    @Test func mldSourceNotLinkLocal() {
        expectFires(.mldSourceNotLinkLocal, .conforming(.queryV2(), from: IPv6Address("2001:db8::1")!), at: 22)
        // A query or a Done from :: (RFC 3810 5.2.13 allows it for reports only).
        expectFires(.mldSourceNotLinkLocal, .conforming(.queryV1(), from: .unspecified))
        expectFires(.mldSourceNotLinkLocal, .conforming(.done(mldGroup), from: .unspecified))
        expectQuiet(.mldSourceNotLinkLocal, .conforming(.reportV2([]), from: .unspecified))
        expectQuiet(.mldSourceNotLinkLocal, .conforming(.reportV1(mldGroup), from: .unspecified))
        for frame in baselines { expectQuiet(.mldSourceNotLinkLocal, frame) }
    }

    @Test func mldRouterAlertMissing() {
        var none = reportV2
        none.ip.extensionHeaders = []
        expectFires(.mldRouterAlertMissing, none, at: 20)
        #expect(judge(none).verdict == .clean)
        var other = reportV2
        other.ip.extensionHeaders = [.hopByHop(options: [5, 2, 0, 1])]  // RSVP's value
        expectFires(.mldRouterAlertMissing, other, at: 54)
        // Padding around the option (Pad1 and PadN, as packetgen's and peafowl's captures have) is fine.
        var padded = reportV2
        padded.ip.extensionHeaders = [.hopByHop(options: [0, 0, 5, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])]
        expectQuiet(.mldRouterAlertMissing, padded)
        for frame in baselines { expectQuiet(.mldRouterAlertMissing, frame) }
    }

    @Test func mldReservedBitsSet() {
        var code = reportV2
        code.code = 1
        expectFires(.mldReservedBitsSet, code, at: 63)
        expectFires(.mldReservedBitsSet, .conforming(.queryV2(flags: 0x8), from: linkLocalRouter), at: 62 + 24)
        expectFires(.mldReservedBitsSet, .conforming(.listener(type: MLDKind.reportV1Type, maximumResponseCode: 5, address: mldGroup),
                                                     from: linkLocalHost), at: 62 + 4)
        expectFires(.mldReservedBitsSet, MLDFrameRepr.conforming(.reportV2([]), from: linkLocalHost).withReserved(0x8000), at: 62 + 4)
        #expect(judge(code).verdict == .clean)
        for frame in baselines { expectQuiet(.mldReservedBitsSet, frame) }
    }

    /// An MLD packet behind every link type IGMP's are read behind, and the two IPv6-only ones, is judged alike.
    @Test func everyLinkTypeCarriesMLD() {
        for link in [LinkRepr.ethernet(destination: MACAddress(multicast: IPv6Address.allMLDv2Routers), source: MACAddress(rawValue: 2),
                                       vlanTags: [VLANTag(vlanID: 7)]),
                     .linuxSLL(packetType: 2, source: MACAddress(rawValue: 2)),
                     .linuxSLL2(interfaceIndex: 3, packetType: 2, source: MACAddress(rawValue: 2)),
                     .raw, .null(bigEndian: false), .null(bigEndian: true)] {
            var frame = reportV2
            frame.link = link
            frame.ip.hopLimit = 2
            let j = judge(frame.bytes, linkType: link == .raw ? .ipv6 : link.linkType)
            #expect(j.inspection.kind == .mld(.reportV2), "\(link)")
            #expect(j.rules == [.mldHopLimitNotOne], "\(link): \(j.findings)")
            if link == .raw {
                #expect(judge(frame.bytes, linkType: .raw).rules == [.mldHopLimitNotOne])
                #expect(judge(frame.bytes, linkType: .rawDLT).rules == [.mldHopLimitNotOne])
            }
        }
    }

    /// Every MLD packet rule, and no IGMP rule, is one of these tests (kept honest by counting; MLD's traffic rules
    /// are MLDTrafficRuleTests').
    @Test func everyMLDRuleHasATest() {
        #expect(Rule.allCases.filter { $0.row.family == .mld && $0.row.scope == .packet }.count == 22)
    }
}

extension MLDFrameRepr {
    /// The frame with an MLDv2 report's reserved field set (the Repr writes 0 there).
    func withReserved(_ value: UInt16) -> [UInt8] {
        var out = bytes
        out[14 + 40 + 8 + 4] = UInt8(value >> 8)
        out[14 + 40 + 8 + 5] = UInt8(truncatingIfNeeded: value)
        // Keep the checksum true: the field is summed like any other.
        let message = Array(out[62...])
        out[64] = 0; out[65] = 0
        var zeroed = message
        zeroed[2] = 0; zeroed[3] = 0
        let sum = InternetChecksum.add(
            InternetChecksum.pseudoHeaderSum(source: ip.source, destination: ip.finalDestination, length: UInt32(zeroed.count), nextHeader: 58),
            InternetChecksum.sum(zeroed.span.bytes))
        out[64] = UInt8(~sum >> 8)
        out[65] = UInt8(truncatingIfNeeded: ~sum)
        return out
    }
}
