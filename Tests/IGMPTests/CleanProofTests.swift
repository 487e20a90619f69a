@testable @_spi(Testing) import IGMP
import IGMPSamples
import IGMPTestSupport
import PropertyBased
import Testing

/// The validator's first stage (`CleanProof`) may only call a packet clean where the full pass finds nothing, and it
/// should take the common conforming packets, or it buys nothing.
@Suite struct CleanProofTests {
    static let recipes = Gen<UInt8>.value(in: 0...255).array(of: 0...160)

    /// The full pass alone, findings copied out.
    func fullPass(_ bytes: [UInt8], linkType: LinkType, wireLength: Int? = nil) -> Judged {
        var sink = FindingBuffer()
        let local = bytes
        let inspection = Validator.fullPass(frame: local.span.bytes, linkType: linkType, wireLength: wireLength, into: &sink)
        return Judged(inspection: inspection, findings: sink.array)
    }

    func proof(_ bytes: [UInt8], linkType: LinkType, wireLength: Int? = nil) -> MessageKind? {
        let local = bytes
        let frame = local.span.bytes
        guard case .igmp(let ipOffset)? = FrameWalk.locate(frame, linkType: linkType) else { return nil }
        return CleanProof.proveClean(frame, ipOffset: ipOffset, wireLength: wireLength)
    }

    /// Every conforming message kind, behind every link type, is proved clean by the first stage, with the kind the
    /// full pass names.
    @Test func conformingPacketsAreProvedClean() async {
        await propertyCheck(count: 2000, input: Self.recipes) { recipe in
            var r = FrameRecipe(recipe)
            let frame = r.conformingFrame()
            let bytes = frame.bytes
            let full = fullPass(bytes, linkType: frame.linkType)
            let proved = proof(bytes, linkType: frame.linkType)
            switch frame.igmp.kind {
            case .other:
                #expect(proved == nil, "other message types always get the full pass")
            case .queryV1, .reportV1:
                // A conforming v1 sender does not add Router Alert; the recipe sometimes adds a second option.
                if frame.ip.options == IPv4Repr.routerAlert || frame.ip.options.isEmpty {
                    #expect(proved == full.inspection.kind, "\(frame.igmp)")
                }
            default:
                if frame.ip.options == IPv4Repr.routerAlert {
                    #expect(proved == full.inspection.kind, "\(frame.igmp)")
                } else {
                    #expect(proved == nil, "options other than one Router Alert get the full pass")
                }
            }
            if proved != nil {
                #expect(full.verdict == .clean && full.findings.isEmpty, "\(frame) -> \(full.findings)")
            }
        }
    }

    /// The MLD proof at `FrameWalk.locate`'s answer, nil for a frame that is not MLD.
    func mldProof(_ bytes: [UInt8], linkType: LinkType, wireLength: Int? = nil) -> MessageKind? {
        let local = bytes
        let frame = local.span.bytes
        guard case .mld(let ipOffset)? = FrameWalk.locate(frame, linkType: linkType) else { return nil }
        return CleanProof.proveCleanMLD(frame, ipOffset: ipOffset, wireLength: wireLength)
    }

    /// Every conforming MLD message behind MLD's usual Hop-by-Hop header is proved clean, with the kind the full
    /// pass names; any other chain goes to the full pass; and what the proof accepts, the full pass finds clean.
    @Test func conformingMLDPacketsAreProvedClean() async {
        await propertyCheck(count: 2000, input: Self.recipes) { recipe in
            var r = FrameRecipe(recipe)
            var frame = r.conformingMLDFrame()
            let usual = frame.ip.extensionHeaders == [.mldHopByHop]
            let bytes = frame.bytes
            let full = fullPass(bytes, linkType: frame.linkType)
            let proved = mldProof(bytes, linkType: frame.linkType)
            if proved != nil {
                #expect(full.verdict == .clean && full.findings.isEmpty, "\(frame) -> \(full.findings)")
                #expect(proved == full.inspection.kind)
            }
            if usual && frame.mld.sourceCounts.allSatisfy({ $0 <= 16 }) {
                #expect(proved == full.inspection.kind, "\(frame)")
            } else if !usual {
                #expect(proved == nil, "another chain gets the full pass: \(frame.ip.extensionHeaders)")
            }
            // Mutated anywhere from the IPv6 header on, with the checksum left as it is: where the proof says clean,
            // the full pass agrees.
            frame.ip.extensionHeaders = [.mldHopByHop]
            var mutated = frame.bytes
            let ipOffset = mutated.count - frame.mld.encodedLength - 48
            for (i, value) in recipe.prefix(6).enumerated() where ipOffset >= 0 {
                mutated[ipOffset + (Int(value) &* (i + 7)) % (mutated.count - ipOffset)] = recipe.last ?? 0
            }
            if mldProof(mutated, linkType: frame.linkType) != nil {
                let again = fullPass(mutated, linkType: frame.linkType)
                #expect(again.verdict == .clean && again.findings.isEmpty, "\(again.findings)")
            }
        }
    }

    /// Each MLD rule's sample packet goes to the full pass, which names the rule.
    @Test func everyMLDRuleSampleGetsTheFullPass() {
        for capture in SampleCatalog.mldCaptures {
            for packet in capture.packets where !packet.rules.isEmpty {
                #expect(mldProof(packet.bytes, linkType: capture.linkType) == nil, "\(capture.fileName)")
                #expect(judge(packet.bytes).rules.isSuperset(of: packet.rules), "\(capture.fileName)")
            }
            // Its conforming twin is proved clean (but the 75-source query, longer than the proof's lists).
            if let twin = capture.packets.last, twin.rules.isEmpty, twin.isJudged, !capture.fileName.contains("source-count") {
                #expect(mldProof(twin.bytes, linkType: capture.linkType) != nil, "\(capture.fileName) twin")
            }
        }
    }

    /// Conforming packets with random bytes of the IPv4 header and message changed and both checksums set right
    /// again: wherever the first stage says clean, the full pass finds nothing, and `validate` (both stages) gives
    /// exactly the full pass's result.
    @Test func mutatedPacketsWithRepairedChecksumsAgreeWithTheFullPass() async {
        let gen = zip(Self.recipes, Gen<UInt8>.value(in: 0...255).array(of: 2...8))
        await propertyCheck(count: 4000, input: gen) { recipe, mutations in
            var r = FrameRecipe(recipe)
            let frame = r.conformingFrame()
            var bytes = frame.bytes
            let local = bytes
            guard case .igmp(let ipOffset)? = FrameWalk.locate(local.span.bytes, linkType: frame.linkType) else {
                Issue.record("conforming frame without IGMP: \(frame)")
                return
            }
            // Change bytes of the IPv4 header and message only, where the rules look.
            mutateIPv4Packet(&bytes, ipOffset: ipOffset, mutations: mutations, repairChecksums: mutations[0] & 1 == 0)
            let full = fullPass(bytes, linkType: frame.linkType)
            if proof(bytes, linkType: frame.linkType) != nil {
                #expect(full.verdict == .clean && full.findings.isEmpty, "\(bytes) -> \(full.findings)")
            }
            let both = judge(bytes, linkType: frame.linkType)
            #expect(both.inspection == full.inspection && both.findings == full.findings, "\(bytes)")
        }
    }

    /// The same mutations drawn from a fixed sequence: both outcomes must be common, or the property above proves
    /// little. (Deterministic: counting inside the property check was not.)
    @Test func mutatedPacketsReachBothOutcomes() {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        var proved = 0
        var notProved = 0
        for _ in 0..<2000 {
            var r = FrameRecipe((0..<160).map { _ in next() })
            let frame = r.conformingFrame()
            var bytes = frame.bytes
            let local = bytes
            guard case .igmp(let ipOffset)? = FrameWalk.locate(local.span.bytes, linkType: frame.linkType) else { continue }
            let mutations = (0..<(2 + Int(next() % 7))).map { _ in next() }
            mutateIPv4Packet(&bytes, ipOffset: ipOffset, mutations: mutations, repairChecksums: mutations[0] & 1 == 0)
            if proof(bytes, linkType: frame.linkType) != nil { proved += 1 } else { notProved += 1 }
        }
        #expect(proved > 100 && notProved > 100, "proved \(proved), not proved \(notProved)")
    }

    /// A packet the capture cut is never proved clean: only the full pass can say what could not be checked (here:
    /// nothing when only the Ethernet padding is missing, the cut when message bytes are).
    @Test func cutPacketsGetTheFullPass() {
        let bytes = FrameRepr.conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: [host])]),
                                         from: host).bytes
        #expect(proof(bytes, linkType: .ethernet) == .reportV3)
        #expect(proof(bytes, linkType: .ethernet, wireLength: bytes.count + 1) == nil)
        #expect(judge(bytes, wireLength: bytes.count + 1).inspection == fullPass(bytes, linkType: .ethernet, wireLength: bytes.count + 1).inspection)
        let cut = Array(bytes.dropLast(4))
        #expect(proof(cut, linkType: .ethernet, wireLength: bytes.count) == nil)
        #expect(judge(cut, wireLength: bytes.count).fired(.captureTruncated))
    }

    /// Each rule, on a sample packet that shows it: the first stage passes it on, the full pass names it. Every
    /// rule has a sample (the capture cut has its own test above), so a new rule must come with one.
    @Test func everyRuleSampleGetsTheFullPass() {
        let samples = ruleSamples()
        for (rule, bytes) in samples {
            #expect(proof(bytes, linkType: .ethernet) == nil, "\(rule)")
            #expect(judge(bytes).fired(rule), "\(rule)")
        }
        let covered = Set(samples.map(\.0)).union([.captureTruncated])
        // Traffic rules fire on packets the proof accepts: only the traffic model sees them. MLD has no proof: every
        // MLD packet goes through its full pass (MLDRuleTests).
        let packetRules = Set(Rule.allCases.filter { $0.row.scope == .packet && $0.row.family == .igmp })
        #expect(covered == packetRules, "rules without a sample: \(packetRules.subtracting(covered))")
    }

    /// One conforming frame broken one way per rule.
    func ruleSamples() -> [(Rule, [UInt8])] {
        func frame(_ igmp: IGMPRepr, _ change: (inout FrameRepr) -> Void = { _ in }) -> [UInt8] {
            var f = FrameRepr.conforming(igmp, from: host)
            change(&f)
            return f.bytes
        }
        let source = IPv4Address(10, 0, 0, 1)
        return [
            (.ttlNotOne, frame(.reportV2(group)) { $0.ip.timeToLive = 2 }),
            (.routerAlertMissing, frame(.reportV2(group)) { $0.ip.options = [] }),
            (.tosNotInternetControl, frame(.reportV3([])) { $0.ip.typeOfService = 0 }),
            (.reportDestination, frame(.reportV3([])) { $0.ip.destination = .allSystems }),
            (.generalQueryDestination, frame(.queryV3(QueryV3Repr())) { $0.ip.destination = group }),
            (.groupNotMulticast, frame(.reportV2(host))),
            (.maxRespCodeZero, frame(.queryV3(QueryV3Repr(maxRespCode: 0)))),
            (.reservedBitsSet, frame(.queryV3(QueryV3Repr(flags: 1)))),
            (.reservedBitsSet, frame(.leave(group)) { $0.igmp = IGMPRepr(.fixed(type: .leaveGroup, maxRespCode: 5, group: group)) }),
            (.generalQueryWithSources, frame(.queryV3(QueryV3Repr(sources: [source])))),
            (.duplicateSources, frame(.queryV3(QueryV3Repr(group: group, sources: [source, source])))),
            (.duplicateSources, frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: [source, source])]))),
            (.unknownRecordType, frame(.reportV3([GroupRecordRepr(type: GroupRecordType(rawValue: 7), group: group, sources: [])]))),
            (.sourceCountExceedsMTU, frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group,
                                                                    sources: (0..<366).map { IPv4Address(rawValue: 0x0a00_0000 + UInt32($0)) })]))),
            (.unknownType, frame(IGMPRepr(.fixed(type: IGMPType(rawValue: 0x99), maxRespCode: 0, group: group)))),
            (.queryLengthInvalid, frame(IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: 100, group: .any), additionalData: [0]))),
            (.igmpChecksumInvalid, frame(.reportV2(group)) { $0.igmp.checksumOverride = 1 }),
            (.ipv4ChecksumInvalid, frame(.reportV2(group)) { $0.ip.headerChecksumOverride = 1 }),
            (.fragmentedIGMP, frame(.reportV2(group)) { $0.ip.moreFragments = true }),
            (.ipv4OptionMalformed, frame(.reportV2(group)) { $0.ip.options = [0x94, 4, 0, 0, 0x07, 0, 0, 0] }),
            (.ipv4OptionMalformed, frame(.reportV2(group)) { $0.ip.options = [0x94, 8, 0, 0, 0, 0, 0, 0] }),
            (.ms06007OptionsPattern, frame(.reportV3([])) { $0.ip.options = [0, 0, 0, 0] }),
            (.ipv4ChecksumZero, frame(.reportV2(group)) { $0.ip.headerChecksumOverride = 0 }),
            (.ipv4LengthInconsistent, frame(.reportV2(group)) { $0.trailer = []; $0.ip.totalLengthOverride = 200 }),
            (.igmpTooShort, frame(.reportV2(group)) { $0.trailer = []; $0.ip.totalLengthOverride = 24 + 4 }),
            (.querySourceCountOverflow, frame(.queryV3(QueryV3Repr(group: group, sources: [source]))) {
                guard case .queryV3(var q) = $0.igmp.body else { return }
                q.numberOfSourcesOverride = 9
                $0.igmp = IGMPRepr(.queryV3(q))
            }),
            (.reportRecordCountOverflow, frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group)])) {
                guard case .reportV3(var r) = $0.igmp.body else { return }
                r.numberOfGroupRecordsOverride = 3
                $0.igmp = IGMPRepr(.reportV3(r))
            }),
            (.recordSourceCountOverflow, frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group, sources: [source])])) {
                guard case .reportV3(var r) = $0.igmp.body else { return }
                r.records[0].numberOfSourcesOverride = 40
                $0.igmp = IGMPRepr(.reportV3(r))
            }),
            (.recordAuxDataOverflow, frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: group)])) {
                guard case .reportV3(var r) = $0.igmp.body else { return }
                r.records[0].auxDataLengthOverride = 5
                $0.igmp = IGMPRepr(.reportV3(r))
            }),
        ]
    }
}
