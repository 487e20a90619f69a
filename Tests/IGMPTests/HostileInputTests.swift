import IGMP
import IGMPTestSupport
import PropertyBased
import Testing

/// Arbitrary and mutated bytes: never a crash, and the invariants the fuzz targets will also assert.
@Suite struct HostileInputTests {
    static let linkTypes: [LinkType] = [.ethernet, .linuxSLL, .linuxSLL2, .raw, .null, .loop, .ipv6]

    func checkInvariants(_ bytes: [UInt8], linkType: LinkType, wireLength: Int? = nil) {
        var sink = FindingBuffer()
        let local = bytes
        let result = Validator.validate(frame: local.span.bytes, linkType: linkType, wireLength: wireLength, into: &sink)
        var worst: Severity? = nil
        for f in sink.array {
            #expect(f.offset >= 0 && f.offset < max(1, bytes.count), "\(f) outside a \(bytes.count)-byte frame")
            if worst == nil || f.severity > worst! { worst = f.severity }
        }
        if sink.droppedCount == 0 {
            #expect(result.verdict == (result.isJudged ? Verdict(worst: worst) : nil))
            #expect(result.findingCount == sink.count)
        }
        if !result.isJudged { #expect(sink.count == 0) }
        // MLD rules fire only on MLD, IGMP's only on IGMP (capture-truncated is both's).
        for f in sink.array where f.rule != .captureTruncated {
            #expect(f.rule.row.family == (result.isMLD ? .mld : .igmp), "\(f) on a \(String(describing: result.family)) packet")
        }
        // The inlined prefilter a capture loop uses only ever rules out what the validator does not judge.
        if !FrameWalk.mayCarryIGMP(local.span.bytes, linkType: linkType) { #expect(!result.isJudged) }
        if result.verdict == .hostile { #expect(result.worstSeverity == .hostile) }
        // Decoding and walking never read past the bytes either.
        if let decoded = try? FrameDecoder.decode(local.span.bytes, linkType: linkType) {
            #expect(decoded.igmp.length <= bytes.count)
            _ = decoded.igmp.summary(.full)
            if let report = decoded.igmp.reportV3 {
                var records = report.records
                var walked = 0
                while let record = try? records.next() {
                    walked += 1
                    #expect(record.length >= 8)
                    #expect(record.sources.count == record.numberOfSources)
                }
                #expect(walked <= (decoded.igmp.length - 8) / 8)
            }
            if let query = decoded.igmp.queryV3 {
                #expect(query.sources.count <= (decoded.igmp.length - 12) / 4)
            }
        }
        if let decoded = try? FrameDecoder.decodeMLD(local.span.bytes, linkType: linkType) {
            #expect(result.isMLD)
            #expect(decoded.mld.length <= bytes.count && decoded.chain.headerCount <= IPv6HeaderChain.maximumHeaders)
            _ = decoded.mld.summary(.full)
            if let report = decoded.mld.reportV2 {
                var records = report.records
                var walked = 0
                while let record = try? records.next() {
                    walked += 1
                    #expect(record.length >= MLDAddressRecord.headerLength)
                    #expect(record.sources.count == record.numberOfSources)
                }
                #expect(walked <= (decoded.mld.length - 8) / 20)
            }
            if let query = decoded.mld.queryV2 {
                #expect(query.sources.count <= (decoded.mld.length - 28) / 16)
            }
        }
    }

    /// MLD frames of every kind, behind varied extension-header chains, with bytes flipped anywhere (the chain's
    /// lengths and options included) and cut short: the walk stays bounded and the invariants hold.
    @Test func mutatedMLDFrames() async {
        let gen = zip(Gen<UInt8>.value(in: 0...255).array(of: 4...8), Gen<UInt8>.value(in: 0...255).array(of: 2...16))
        await propertyCheck(count: 3000, input: gen) { recipe, mutations in
            let sources = (0..<Int(recipe[1] % 5)).map { IPv6Address(high: 0x2001_0db8 << 32, low: UInt64($0 % 3)) }
            let messages: [MLDRepr] = [
                .queryV1(), .reportV1(mldGroup), .done(mldGroup), .queryV2(address: mldGroup, sources: sources),
                .reportV2([MLDRecordRepr(type: GroupRecordType(rawValue: recipe[2] % 8), address: mldGroup, sources: sources,
                                         auxData: Array(repeating: 1, count: Int(recipe[3] % 3) * 4))]),
            ]
            let chains: [[IPv6ExtensionRepr]] = [
                [], [.mldHopByHop], [.mldHopByHop, .destinationOptions(options: [])],
                [.mldHopByHop, .routing(type: 2, segmentsLeft: 1, addresses: [.allMLDv2Routers])],
                [.mldHopByHop, .fragment(offset: UInt16(recipe[3] % 2), moreFragments: recipe[3] % 3 == 0, identification: 9)],
                [.fragment(offset: 0, moreFragments: false, identification: 1), .mldHopByHop],
            ]
            var frame = MLDFrameRepr.conforming(messages[Int(recipe[0]) % messages.count], from: linkLocalHost)
            frame.ip.extensionHeaders = chains[Int(recipe[1]) % chains.count]
            var bytes = frame.bytes
            var i = 0
            while i + 1 < mutations.count {
                // Mostly in the IPv6 header and the chain, where the walk's lengths are.
                let span = mutations[i] & 1 == 0 ? min(bytes.count - 14, 64) : bytes.count - 14
                bytes[14 + Int(mutations[i] >> 1) % span] = mutations[i + 1]
                i += 2
            }
            checkInvariants(bytes, linkType: .ethernet)
            let cut = Array(bytes.prefix(Int(mutations[0]) % (bytes.count + 1)))
            checkInvariants(cut, linkType: .ethernet, wireLength: bytes.count)
            checkInvariants(cut, linkType: .ethernet)
            checkInvariants(Array(bytes.dropFirst(14)), linkType: .ipv6)
        }
    }

    @Test func randomBytesUnderEveryLinkType() async {
        await propertyCheck(count: 3000, input: Gen<UInt8>.value(in: 0...255).array(of: 0...120)) { bytes in
            for linkType in Self.linkTypes { checkInvariants(bytes, linkType: linkType) }
        }
    }

    /// Valid frames with a few bytes flipped reach deep into the message before going wrong.
    @Test func mutatedValidFrames() async {
        let gen = zip(Gen<UInt8>.value(in: 0...255).array(of: 0...120), Gen<UInt8>.value(in: 0...255).array(of: 2...12))
        await propertyCheck(count: 3000, input: gen) { recipe, mutations in
            var r = FrameRecipe(recipe)
            let frame = r.conformingFrame()
            var bytes = frame.bytes
            var i = 0
            while i + 1 < mutations.count {
                bytes[Int(mutations[i]) % bytes.count] = mutations[i + 1]
                i += 2
            }
            checkInvariants(bytes, linkType: frame.linkType)
            let cut = Array(bytes.prefix(Int(mutations[0]) % (bytes.count + 1)))
            checkInvariants(cut, linkType: frame.linkType, wireLength: bytes.count)
            checkInvariants(cut, linkType: frame.linkType)
        }
    }

    /// Short source lists (the vector path, up to 16 addresses) drawn from a small pool, so repeats are common, in
    /// every position: `duplicate-sources` fires exactly when an address repeats, at the first repeat, as a
    /// pairwise comparison says.
    @Test func shortSourceListsAgreeWithPairwiseComparison() async {
        let gen = Gen<UInt8>.value(in: 0...40).array(of: 0...16)
        await propertyCheck(count: 3000, input: gen) { picks in
            let sources = picks.map { IPv4Address(rawValue: 0x0a00_0000 &+ UInt32($0) &* 0x0101_0007) }
            var firstRepeat: Int? = nil
            for i in sources.indices where firstRepeat == nil && sources[..<i].contains(sources[i]) { firstRepeat = i }
            let frame = FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .igmpv3Routers),
                                  igmp: .reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: sources)]))
            let found = judge(frame).findings.filter { $0.rule == .duplicateSources }
            if let firstRepeat {
                // Raw IPv4 with Router Alert (24 bytes), report header (8), record header (8), then 4 bytes a source.
                #expect(found.map(\.offset) == [24 + 8 + 8 + 4 * firstRepeat], "\(picks)")
            } else {
                #expect(found.isEmpty, "\(picks)")
            }
        }
    }

    /// A report of 16 000 sources, each repeated: linear time, no crash. Duplicates are looked for among the first
    /// `2048` sources (more than a jumbo frame holds); the list is flagged for its size either way.
    @Test func hugeSourceListIsBounded() {
        let sources = (0..<16_000).map { IPv4Address(rawValue: UInt32($0 % 1000)) }
        let frame = FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .igmpv3Routers),
                              igmp: .reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: sources)]))
        let j = judge(frame)
        #expect(j.fired(.duplicateSources))
        #expect(j.fired(.sourceCountExceedsMTU))
        let lateDuplicates = (0..<16_000).map { IPv4Address(rawValue: UInt32($0 % 8000)) }
        let late = judge(FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .igmpv3Routers),
                                   igmp: .reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: lateDuplicates)])))
        #expect(late.fired(.sourceCountExceedsMTU))
        #expect(late.verdict == .suspicious)
    }

    /// More findings than the buffer holds: the verdict still counts them all.
    @Test func findingBufferOverflowKeepsTheVerdict() {
        var sink = FindingBuffer()
        for _ in 0..<40 { sink.append(Finding(.reservedBitsSet, at: 0)) }
        #expect(sink.count == FindingBuffer.capacity)
        #expect(sink.droppedCount == 8)
        let records = (0..<60).map { _ in GroupRecordRepr(type: GroupRecordType(rawValue: 99), group: IPv4Address(1, 2, 3, 4)) }
        var frame = FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .igmpv3Routers), igmp: .reportV3(records))
        frame.ip.moreFragments = false
        var many = FindingBuffer()
        let bytes = frame.bytes
        let result = Validator.validate(frame: bytes.span.bytes, linkType: .raw, into: &many)
        #expect(result.findingCount == 120)
        #expect(many.count == 32)
        #expect(result.verdict == .suspicious)
    }
}
