import IGMP
import IGMPTestSupport
import Testing

/// The conveniences a library user reaches for first: arrays in, bare messages, walks over records and sources,
/// no verdict for what is not IGMP, findings in offset order.
@Suite struct LibraryConvenienceTests {
    // MARK: Bare messages

    @Test func aBareConformingReportIsClean() {
        // An IGMPv2 report for 239.1.2.3: 0x1600 + 0xef01 + 0x0203 folds to 0x0705, whose complement is the checksum.
        let report: [UInt8] = [0x16, 0x00, 0xf8, 0xfa, 0xef, 0x01, 0x02, 0x03]
        var findings = FindingBuffer()
        let result = Validator.validate(message: report, into: &findings)
        #expect(result.verdict == .clean && result.kind == .reportV2 && findings.isEmpty, "\(findings.array)")
    }

    @Test func aBareMessageUnder8BytesIsTooShortAtByte0() {
        var findings = FindingBuffer()
        let result = Validator.validate(message: [0x11, 0x64, 0, 0, 0, 0, 0], into: &findings)
        #expect(result.verdict == .hostile)
        #expect(findings.array.map(\.rule) == [.igmpTooShort] && findings[0].offset == 0)
        findings.removeAll()
        #expect(Validator.validate(message: [], into: &findings).verdict == .hostile)
    }

    @Test func aBareMessageCountsOffsetsFromItsTypeByte() {
        // A v3 report claiming 2 group records and carrying 1: the count is at byte 6 of the message.
        var findings = FindingBuffer()
        let message = IGMPRepr(.reportV3(ReportV3Repr(records: [GroupRecordRepr(type: .changeToExclude, group: IPv4Address(239, 1, 2, 3))],
                                                      numberOfGroupRecordsOverride: 2)))
        _ = Validator.validate(message: message.bytes, into: &findings)
        #expect(findings.array.map(\.rule) == [.reportRecordCountOverflow])
        #expect(findings.first?.offset == MembershipReportV3.Field.numberOfGroupRecords)
        // A checksum that does not verify is at byte 2.
        var corrupt = IGMPRepr.leave(IPv4Address(239, 1, 2, 3))
        corrupt.checksumOverride = 0x1234
        findings.removeAll()
        _ = Validator.validate(message: corrupt.bytes, into: &findings)
        #expect(findings.array.map(\.rule) == [.igmpChecksumInvalid] && findings[0].offset == IGMPMessage.Field.checksum)
    }

    /// On every generated frame whose message is whole, the bare message fires exactly the frame's message rules,
    /// at the same bytes. (`checkFrame` holds the same for every test and fuzz input; this counts that it ran.)
    @Test func aBareMessageFiresTheFramesMessageRules() throws {
        var compared = 0
        for seed in 0..<300 {
            var recipe = FrameRecipe((0..<64).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ seed &* 131) })
            let frame = recipe.conformingFrame()
            var frames = [frame]
            for m in FrameRecipe.Malformation.allCases { if let bad = recipe.malformed(frame, m) { frames.append(bad) } }
            for f in frames {
                let bytes = f.bytes
                var inFrame = CollectingSink()
                _ = Validator.validate(frame: bytes, linkType: f.linkType, into: &inFrame)
                guard let decoded = try? FrameDecoder.decode(bytes, linkType: f.linkType), decoded.igmp.isComplete,
                      !inFrame.findings.contains(where: { $0.rule == .ipv4LengthInconsistent }) else { continue }
                let start = decoded.igmp.frameOffset
                let message = Array(bytes[start..<(start + decoded.igmp.length)])
                var bare = CollectingSink()
                _ = Validator.validate(message: message, into: &bare)
                let expected = inFrame.findings.filter { !rulesNeedingTheIPv4Header.contains($0.rule) }
                    .map { "\($0.rule.id)@\($0.offset - start)" }
                #expect(bare.findings.map { "\($0.rule.id)@\($0.offset)" } == expected, "\(f)")
                compared += 1
            }
        }
        #expect(compared > 500)
    }

    // MARK: Arrays, views, walks

    @Test func arraysDecodeAndValidateAsTheirSpans() throws {
        let frame = FrameRepr.conforming(.queryV3(QueryV3Repr(group: IPv4Address(232, 1, 1, 1), sources: [IPv4Address(10, 0, 0, 1)])),
                                         from: IPv4Address(192, 168, 1, 1))
        let bytes = frame.bytes
        var a = FindingBuffer(), b = FindingBuffer()
        #expect(Validator.validate(frame: bytes, linkType: .ethernet, into: &a)
                == Validator.validate(frame: bytes.span.bytes, linkType: .ethernet, into: &b))
        #expect(try FrameRepr.parse(bytes, linkType: .ethernet) == frame)
        let decoded = try FrameDecoder.decode(bytes, linkType: .ethernet)
        #expect(decoded.igmp.frameOffset == 38 && decoded.igmp.kind == .queryV3)
    }

    @Test func aMessageViewedAloneStartsAtOffset0() throws {
        let bytes = IGMPRepr.reportV2(IPv4Address(239, 1, 2, 3)).bytes
        let message = try IGMPMessage(checking: bytes.span.bytes)
        #expect(message.frameOffset == 0 && message.frameOffset(of: IGMPMessage.Field.group) == 4)
        #expect(message.group == IPv4Address(239, 1, 2, 3))
    }

    @Test func sourcesWalkByIndicesAndForEach() throws {
        let sources = [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2), IPv4Address(10, 0, 0, 3)]
        let bytes = FrameRepr.conforming(.queryV3(QueryV3Repr(group: IPv4Address(232, 1, 1, 1), sources: sources)),
                                         from: IPv4Address(192, 168, 1, 1)).bytes
        let decoded = try FrameDecoder.decode(bytes, linkType: .ethernet)
        guard let query = decoded.igmp.queryV3 else { Issue.record("not a v3 query"); return }
        let list = query.sources
        var byIndex: [IPv4Address] = [], offsets: [Int] = []
        for i in list.indices { byIndex.append(list[i]); offsets.append(list.frameOffset(of: i)) }
        var byForEach: [IPv4Address] = []
        list.forEach { byForEach.append($0) }
        #expect(byIndex == sources && byForEach == sources)
        #expect(offsets == [50, 54, 58])
        // The walk stops at the first error the body throws, and rethrows it.
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) { try list.forEach { _ throws(Stop) in seen += 1; if seen == 2 { throw Stop() } } }
        #expect(seen == 2)
    }

    @Test func forEachRecordHandsOutTheWholeRecordsThenNamesTheLie() throws {
        let records = [GroupRecordRepr(type: .allowNewSources, group: IPv4Address(232, 1, 1, 1), sources: [IPv4Address(10, 0, 0, 1)]),
                       GroupRecordRepr(type: .changeToExclude, group: IPv4Address(239, 9, 9, 9))]
        let whole = FrameRepr.conforming(.reportV3(records), from: IPv4Address(192, 168, 1, 10)).bytes
        let decoded = try FrameDecoder.decode(whole, linkType: .ethernet)
        guard let report = decoded.igmp.reportV3 else { Issue.record("not a v3 report"); return }
        var groups: [IPv4Address] = []
        try report.forEachRecord { groups.append($0.group) }
        #expect(groups == [IPv4Address(232, 1, 1, 1), IPv4Address(239, 9, 9, 9)])

        let lying = FrameRepr.conforming(IGMPRepr(.reportV3(ReportV3Repr(records: records, numberOfGroupRecordsOverride: 3))),
                                         from: IPv4Address(192, 168, 1, 10)).bytes
        let lyingDecoded = try FrameDecoder.decode(lying, linkType: .ethernet)
        guard let lyingReport = lyingDecoded.igmp.reportV3 else { Issue.record("not a v3 report"); return }
        groups = []
        #expect(throws: DecodeError.self) { try lyingReport.forEachRecord { groups.append($0.group) } }
        #expect(groups.count == 2, "the whole records came first")
    }

    // MARK: Verdicts and findings

    @Test func aFrameThatIsNotIGMPHasNoVerdict() {
        // An ARP request: EtherType 0x0806.
        let arp: [UInt8] = [UInt8](repeating: 0xff, count: 6) + [2, 0, 0, 0, 0, 1, 0x08, 0x06]
            + [0, 1, 0x08, 0, 6, 4, 0, 1] + [UInt8](repeating: 0, count: 20)
        var findings = FindingBuffer()
        let result = Validator.validate(frame: arp, linkType: .ethernet, into: &findings)
        #expect(result.verdict == nil && !result.isIGMP && findings.isEmpty)
        // UDP over IPv4: judged as not IGMP too.
        var udp = FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 2, 3)), from: IPv4Address(192, 168, 1, 10))
        udp.ip.protocol = 17
        #expect(Validator.validate(frame: udp.bytes, linkType: .ethernet, into: &findings).verdict == nil)
    }

    @Test func theBufferKeepsFindingsInOffsetOrderTiesAsAppended() {
        var buffer = FindingBuffer()
        for (rule, offset) in [(Rule.ttlNotOne, 22), (.routerAlertMissing, 14), (.ms06007OptionsPattern, 34),
                               (.igmpChecksumInvalid, 40), (.reservedBitsSet, 14), (.duplicateSources, 0)] {
            buffer.append(Finding(rule, at: offset))
        }
        #expect(buffer.map { "\($0.rule.id)@\($0.offset)" } == [
            "duplicate-sources@0", "router-alert-missing@14", "reserved-bits-set@14", "ttl-not-one@22",
            "ms06-007-options@34", "igmp-checksum-invalid@40"])
    }

    @Test func aFullBufferKeepsTheFirstFindingsInOffsetOrder() {
        var buffer = FindingBuffer()
        for i in 0..<(FindingBuffer.capacity + 5) { buffer.append(Finding(.duplicateSources, at: 1000 - i)) }
        #expect(buffer.count == FindingBuffer.capacity && buffer.droppedCount == 5)
        #expect(buffer.map(\.offset) == (1000 - FindingBuffer.capacity + 1...1000).map { $0 })
    }
}
