import IGMP
import Testing

/// A segment's traffic fed to a `TrafficModel` packet by packet, each at its own time.
struct Segment {
    var model: TrafficModel

    init(_ configure: (inout TrafficConfiguration) -> Void = { _ in }) {
        var configuration = TrafficConfiguration()
        configure(&configuration)
        model = TrafficModel(configuration: configuration)
    }

    /// Judges `frame` at `seconds` (after an arbitrary epoch), alone and in its traffic.
    @discardableResult
    mutating func send(_ frame: FrameRepr, at seconds: Double) -> Judged {
        send(frame.bytes, linkType: frame.linkType, at: seconds)
    }

    @discardableResult
    mutating func send(_ bytes: [UInt8], linkType: LinkType = .ethernet, at seconds: Double) -> Judged {
        var sink = FindingBuffer()
        let local = bytes
        let time = TrafficTime(nanoseconds: 1_767_225_600_000_000_000 + Int64(seconds * 1e9))
        let inspection = model.validate(frame: local.span.bytes, linkType: linkType, at: time, into: &sink)
        return Judged(inspection: inspection, findings: sink.array)
    }
}

let routerA = IPv4Address(192, 0, 2, 1)
let routerB = IPv4Address(192, 0, 2, 2)
let rogue = IPv4Address(10, 66, 0, 1)
let hostA = IPv4Address(192, 0, 2, 100)
func group(_ n: Int) -> IPv4Address { IPv4Address(rawValue: 0xef01_0000 + UInt32(n)) }
func sources(_ range: Range<Int>) -> [IPv4Address] { range.map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) } }
func generalQueryV3(from source: IPv4Address, vlan: UInt16? = nil) -> FrameRepr {
    .conforming(.queryV3(QueryV3Repr()), from: source, vlanTags: vlan.map { [VLANTag(vlanID: $0)] } ?? [])
}
func frame(_ igmp: IGMPRepr, from source: IPv4Address) -> FrameRepr { .conforming(igmp, from: source) }

/// One test per rule that judges traffic (RFC 3376 6.6.2, 7.2.1, 9; MS08-001), each with the legitimate version of
/// its story, on frames our encoder makes and on fixed bytes. The packet that fires is clean judged alone.
@Suite struct TrafficRuleTests {
    /// RFC 3376 6.6.2: the lowest address wins; a lower one while the querier is present takes over.
    @Test func querierTakeover() {
        var s = Segment()
        #expect(s.send(generalQueryV3(from: routerA), at: 0).rules.isEmpty, "a first querier is no finding")
        let takeover = s.send(generalQueryV3(from: rogue), at: 100)
        #expect(takeover.rules == [.querierTakeover])
        #expect(takeover.verdict == .suspicious)
        #expect(takeover.findings[0].offset == 14 + 12, "the IPv4 source address")
        #expect(takeover.findings[0].message == "query from 10.66.0.1 takes the querier role from 192.0.2.1, still present")
        #expect(judge(generalQueryV3(from: rogue)).rules.isEmpty, "the same packet alone is clean")
        #expect(s.send(generalQueryV3(from: rogue), at: 125).rules.isEmpty, "once querier, its queries are no takeover")

        // The legitimate stories: a higher address, 0.0.0.0 (a snooping switch), and a failover after silence.
        var t = Segment()
        t.send(generalQueryV3(from: routerA), at: 0)
        #expect(t.send(generalQueryV3(from: routerB), at: 10).rules.isEmpty)
        #expect(t.send(generalQueryV3(from: .any), at: 20).rules.isEmpty)
        // The querier's own query says how long it is present: 2 x 125 s + 10 s / 2.
        #expect(t.send(generalQueryV3(from: rogue), at: 255.5).rules.isEmpty, "past the Other Querier Present Interval")
        var u = Segment()
        u.send(generalQueryV3(from: routerA), at: 0)
        #expect(u.send(generalQueryV3(from: rogue), at: 254.9).rules == [.querierTakeover], "still within it")
        // A router that was the querier before, coming back after a failover, wins the election as RFC 3376 6.6.2
        // says: no finding.
        var back = Segment()
        back.send(generalQueryV3(from: routerA), at: 0)
        back.send(generalQueryV3(from: routerB), at: 300)
        #expect(back.send(generalQueryV3(from: routerA), at: 400).rules.isEmpty)
        // QRV 3 and QQIC 60 in the querier's query stretch its presence to 3 x 60 s + 5 s.
        var v = Segment()
        v.send(.conforming(.queryV3(QueryV3Repr(robustness: 3, qqic: 60)), from: routerA), at: 0)
        #expect(v.send(generalQueryV3(from: rogue), at: 184).rules == [.querierTakeover])
        var w = Segment()
        w.send(.conforming(.queryV3(QueryV3Repr(robustness: 3, qqic: 60)), from: routerA), at: 0)
        #expect(w.send(generalQueryV3(from: rogue), at: 186).rules.isEmpty)
    }

    /// The takeover on fixed bytes: an IGMPv2 General Query from 10.66.0.1 in raw IPv4, without Router Alert.
    @Test func querierTakeoverOnFixedBytes() {
        let query: [UInt8] = [0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02, 0xcf, 0x9b, 10, 66, 0, 1,
                              224, 0, 0, 1, 0x11, 0x64, 0xee, 0x9b, 0, 0, 0, 0]
        #expect(judge(query, linkType: .raw).rules == [.routerAlertMissing])
        var s = Segment()
        s.send(frame(.queryV2(), from: routerA), at: 0)
        let judged = s.send(query, linkType: .raw, at: 1)
        #expect(judged.rules == [.routerAlertMissing, .querierTakeover])
        #expect(judged.findings.first { $0.rule == .querierTakeover }?.offset == 12)
    }

    /// Each VLAN is its own segment with its own election.
    @Test func segmentsAreVLANs() {
        var s = Segment()
        s.send(generalQueryV3(from: routerA, vlan: 10), at: 0)
        #expect(s.send(generalQueryV3(from: rogue, vlan: 20), at: 1).rules.isEmpty)
        #expect(s.send(generalQueryV3(from: rogue, vlan: 10), at: 2).rules == [.querierTakeover])
        let segments = s.model.summary().segments
        #expect(segments.map(\.segment.vlans) == [[10], [20]])
        #expect(segments[0].queriers.map { $0.address.description } == ["192.0.2.1", "10.66.0.1"])
        #expect(segments[0].queriers.map(\.isQuerier) == [false, true])
    }

    /// A query from an address not on the list (RFC 3376 9.1: forged queries).
    @Test func querierNotListed() {
        var s = Segment { $0.queriers = [routerA, routerB] }
        #expect(s.send(generalQueryV3(from: routerB), at: 0).rules.isEmpty)
        #expect(s.send(generalQueryV3(from: routerA), at: 1).rules.isEmpty, "a listed router's election is no finding")
        let rogueQuery = s.send(frame(.queryV2(), from: IPv4Address(192, 0, 2, 99)), at: 2)
        #expect(rogueQuery.rules.contains(.querierNotListed))
        #expect(rogueQuery.verdict == .hostile)
        #expect(rogueQuery.findings.first { $0.rule == .querierNotListed }?.message == "query from 192.0.2.99, which is not on the querier list")
        #expect(!s.send(frame(.queryV2(), from: IPv4Address(192, 0, 2, 99)), at: 3).rules.contains(.querierNotListed), "once per source")
        var open = Segment()
        #expect(open.send(frame(.queryV2(), from: IPv4Address(192, 0, 2, 99)), at: 0).rules.isEmpty, "no list, no finding")
    }

    /// RFC 3376 7.2.1: an older-version query puts hosts into compatibility mode.
    @Test func versionDowngrade() {
        var s = Segment()
        s.send(generalQueryV3(from: routerA), at: 0)
        let downgrade = s.send(frame(.queryV1(), from: Net2.attacker), at: 10)
        #expect(downgrade.rules == [.versionDowngrade])
        #expect(downgrade.findings[0].message == "IGMPv1 query while the querier 192.0.2.1 speaks IGMPv3")
        #expect(s.send(frame(.queryV2(), from: Net2.attacker), at: 20).rules.isEmpty, "once per source")
        #expect(s.send(frame(.queryV2(), from: IPv4Address(192, 0, 2, 50)), at: 30).rules == [.versionDowngrade])
        // Legitimate: an IGMPv2 segment, and an IGMPv2 router after the IGMPv3 one fell silent.
        var v2 = Segment()
        v2.send(frame(.queryV2(), from: routerA), at: 0)
        #expect(v2.send(frame(.queryV2(), from: routerB), at: 10).rules.isEmpty)
        var replaced = Segment()
        replaced.send(generalQueryV3(from: routerA), at: 0)
        #expect(replaced.send(frame(.queryV2(), from: routerB), at: 300).rules.isEmpty)
    }

    /// MS08-001 (CVE-2007-0069): many sources in group-and-source-specific queries, fast.
    @Test func sourceListQueryStorm() {
        var s = Segment()
        let big = frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(1), sources: sources(0..<100))), from: Net2.attacker)
        for i in 0..<10 { #expect(s.send(big, at: Double(i) * 0.1).rules.isEmpty, "\(i * 100 + 100) sources") }
        let storm = s.send(big, at: 1)
        #expect(storm.rules == [.sourceListQueryStorm])
        #expect(storm.verdict == .hostile)
        #expect(storm.findings[0].offset == 14 + 24 + 10, "Number of Sources")
        #expect(storm.findings[0].observed == 1100)
        #expect(judge(big).rules.isEmpty)
        #expect(s.send(big, at: 2).rules.isEmpty, "one finding per episode")
        // After two quiet windows the episode is over: the next storm is a new finding.
        for i in 0..<10 { #expect(s.send(big, at: 40 + Double(i) * 0.1).rules.isEmpty) }
        #expect(s.send(big, at: 41).rules == [.sourceListQueryStorm])
        // Legitimate: group-specific queries without sources, and a few with.
        var q = Segment()
        for i in 0..<50 {
            #expect(q.send(frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(i))), from: routerA), at: Double(i) * 0.1).rules.isEmpty)
        }
        #expect(q.send(frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(1), sources: sources(0..<3))), from: routerA), at: 6).rules.isEmpty)
        // General Queries that wrongly carry sources (each a per-packet warning) count toward the storm too.
        var g = Segment { $0.queriedSourcesPerWindow = 250 }
        let general = frame(.queryV3(QueryV3Repr(sources: sources(0..<100))), from: Net2.attacker)
        #expect(g.send(general, at: 0).rules == [.generalQueryWithSources])
        #expect(g.send(general, at: 0.1).rules == [.generalQueryWithSources])
        #expect(g.send(general, at: 0.2).rules == [.generalQueryWithSources, .sourceListQueryStorm])
    }

    /// Query floods: more than the limit from one source in a window, once per episode.
    @Test func queryFlood() {
        var s = Segment { $0.queriesPerWindow = 10 }
        for i in 0..<10 { #expect(s.send(frame(.queryV2(), from: routerA), at: Double(i) * 0.1).rules.isEmpty) }
        let flood = s.send(frame(.queryV2(), from: routerA), at: 1)
        #expect(flood.rules == [.queryFlood])
        #expect(flood.findings[0].message == "11 General Queries from this source within the flood window (limit 10)")
        for i in 0..<30 { #expect(s.send(frame(.queryV2(), from: routerA), at: 1.1 + Double(i) * 0.1).rules.isEmpty, "same episode") }
        // The episode ends with a window under the limit; the next flood is a new finding.
        #expect(s.send(frame(.queryV2(), from: routerA), at: 15).rules.isEmpty)
        #expect(s.send(frame(.queryV2(), from: routerA), at: 26).rules.isEmpty)
        for i in 0..<10 { s.send(frame(.queryV2(), from: routerA), at: 36 + Double(i) * 0.1) }
        #expect(s.send(frame(.queryV2(), from: routerA), at: 37.5).rules == [.queryFlood])
        // Group-specific queries answer leaves, as many as hosts leave: not counted as a flood.
        var gsq = Segment { $0.queriesPerWindow = 10 }
        for i in 0..<40 {
            #expect(gsq.send(frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(i))), from: routerA), at: Double(i) * 0.1).rules.isEmpty)
        }
        // Another source's queries are counted apart.
        var t = Segment { $0.queriesPerWindow = 10 }
        for i in 0..<20 {
            #expect(t.send(frame(.queryV2(), from: i % 2 == 0 ? routerA : routerB), at: Double(i) * 0.1).rules.isEmpty)
        }
    }

    @Test func reportFlood() {
        var s = Segment { $0.reportsPerWindow = 20 }
        for i in 0..<20 { #expect(s.send(frame(.reportV2(group(1)), from: hostA), at: Double(i) * 0.1).rules.isEmpty) }
        let flood = s.send(frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: group(1))]), from: hostA), at: 2.1)
        #expect(flood.rules == [.reportFlood], "reports of any version count")
        // A host answering a General Query with each of its groups stays under the default limit.
        var t = Segment()
        t.send(frame(.queryV2(), from: routerA), at: 0)
        for i in 0..<500 { #expect(t.send(frame(.reportV2(group(i)), from: hostA), at: 0.1 + Double(i) * 0.01).rules.isEmpty) }
    }

    @Test func leaveFlood() {
        var s = Segment { $0.leavesPerWindow = 5 }
        for i in 0..<5 { #expect(s.send(frame(.leave(group(i)), from: hostA), at: Double(i) * 0.1).rules.isEmpty) }
        // IGMPv3's leave, TO_IN({}), counts as one.
        let flood = s.send(frame(.reportV3([GroupRecordRepr(type: .changeToInclude, group: group(9))]), from: hostA), at: 1)
        #expect(flood.rules == [.leaveFlood])
        // TO_IN with sources is not a leave.
        var t = Segment { $0.leavesPerWindow = 5 }
        for i in 0..<10 {
            let record = GroupRecordRepr(type: .changeToInclude, group: group(i), sources: sources(0..<1))
            #expect(t.send(frame(.reportV3([record]), from: hostA), at: Double(i) * 0.1).rules.isEmpty)
        }
    }

    /// One host over the group cap; leaves and the membership timeout bring it back under.
    @Test func hostGroupCap() {
        var s = Segment { $0.groupsPerHost = 10 }
        for i in 0..<10 { #expect(s.send(frame(.reportV2(group(i)), from: hostA), at: Double(i)).rules.isEmpty) }
        #expect(s.send(frame(.reportV2(group(3)), from: hostA), at: 10).rules.isEmpty, "a group it holds is no new group")
        let over = s.send(frame(.reportV3([GroupRecordRepr(type: .changeToExclude, group: group(10))]), from: hostA), at: 11)
        #expect(over.rules == [.hostGroupCap])
        #expect(over.findings[0].offset == 14 + 24 + 8 + 4, "the record's group")
        #expect(over.findings[0].message == "this host now holds 11 groups (cap 10)")
        // Back under the cap by leaves, then over again: a new finding.
        s.send(frame(.leave(group(0)), from: hostA), at: 12)
        s.send(frame(.leave(group(1)), from: hostA), at: 12.5)
        #expect(s.send(frame(.reportV2(group(11)), from: hostA), at: 13).rules.isEmpty, "10 held")
        #expect(s.send(frame(.reportV2(group(12)), from: hostA), at: 14).rules == [.hostGroupCap])
        // Memberships not refreshed for the Group Membership Interval (260 s) are gone.
        var t = Segment { $0.groupsPerHost = 10 }
        for i in 0..<10 { t.send(frame(.reportV2(group(i)), from: hostA), at: Double(i)) }
        for i in 0..<10 { #expect(t.send(frame(.reportV2(group(100 + i)), from: hostA), at: 300 + Double(i)).rules.isEmpty) }
        #expect(t.model.summary().segments[0].groupCount == 10)
        // Other hosts are counted apart; reports from 0.0.0.0 are not counted at all.
        var u = Segment { $0.groupsPerHost = 10 }
        for i in 0..<20 {
            #expect(u.send(frame(.reportV2(group(i)), from: IPv4Address(rawValue: hostA.rawValue + UInt32(i % 2))), at: Double(i)).rules.isEmpty)
            #expect(u.send(frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: group(i))]), from: .any), at: Double(i) + 0.5).rules.isEmpty)
        }
    }

    /// One host's filter for one group over the source cap; a retransmitted change counts once.
    @Test func hostSourceCap() {
        var s = Segment()
        s.send(frame(.reportV3([GroupRecordRepr(type: .changeToInclude, group: group(1), sources: sources(0..<60))]), from: hostA), at: 0)
        let allow = frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: group(1), sources: sources(60..<90))]), from: hostA)
        #expect(s.send(allow, at: 1).rules.isEmpty, "90 sources")
        #expect(s.send(allow, at: 2).rules.isEmpty, "retransmitted: still 90")
        let more = s.send(frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: group(1), sources: sources(90..<101))]), from: hostA), at: 3)
        #expect(more.rules == [.hostSourceCap])
        #expect(more.findings[0].offset == 14 + 24 + 8 + 2, "the record's Number of Sources")
        #expect(more.findings[0].observed == 101)
        // BLOCK shrinks an include list; a full-state record sets it.
        s.send(frame(.reportV3([GroupRecordRepr(type: .blockOldSources, group: group(1), sources: sources(0..<50))]), from: hostA), at: 4)
        #expect(s.send(frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: group(1), sources: sources(0..<40))]), from: hostA), at: 5).rules.isEmpty)
        #expect(s.send(frame(.reportV3([GroupRecordRepr(type: .modeIsExclude, group: group(1), sources: sources(0..<101))]), from: hostA), at: 6).rules == [.hostSourceCap])
    }

    /// Receivers drop hostile packets and bad checksums: the model learns nothing from them, not even the time.
    @Test func packetsReceiversDropTeachNothing() {
        var s = Segment()
        s.send(generalQueryV3(from: routerA), at: 0)
        var badHeader = frame(.queryV2(), from: rogue)
        badHeader.ip.headerChecksumOverride = 0xbeef
        #expect(s.send(badHeader, at: 1).rules == [.ipv4ChecksumInvalid])
        var offloaded = frame(.queryV3(QueryV3Repr()), from: IPv4Address(192, 0, 2, 200))
        offloaded.ip.headerChecksumOverride = 0
        #expect(s.send(offloaded, at: 1).rules == [.ipv4ChecksumZero], "a zero checksum is offload: learnt, no takeover (higher)")
        var future = frame(.queryV3(QueryV3Repr(numberOfSourcesOverride: 400)), from: rogue)
        future.ip.identification = 1
        #expect(s.send(future, at: 1e9).verdict == .hostile)
        #expect(s.model.now == TrafficTime(nanoseconds: 1_767_225_600_000_000_000 + 1_000_000_000), "a hostile packet's time is not taken")
        var broken = frame(.queryV2(), from: rogue)
        broken.igmp.checksumOverride = 0xdead
        let bad = s.send(broken, at: 1)
        #expect(bad.rules == [.igmpChecksumInvalid])
        var fragment = generalQueryV3(from: rogue)
        fragment.ip.moreFragments = true
        #expect(s.send(fragment, at: 2).rules == [.fragmentedIGMP])
        #expect(s.model.summary().segments[0].queriers.map(\.address) == [.v4(routerA), .v4(IPv4Address(192, 0, 2, 200))])
    }

    /// An INCLUDE-mode host that blocks its last source has left the group (RFC 3376 5.1).
    @Test func blockingTheLastSourceLeaves() {
        var s = Segment()
        s.send(frame(.reportV3([GroupRecordRepr(type: .changeToInclude, group: group(1), sources: sources(0..<2))]), from: hostA), at: 0)
        #expect(s.model.summary().segments[0].groupCount == 1)
        s.send(frame(.reportV3([GroupRecordRepr(type: .blockOldSources, group: group(1), sources: sources(0..<2))]), from: hostA), at: 1)
        #expect(s.model.summary().segments.isEmpty, "no group held, no querier heard: nothing to name")
    }

    /// A host dropped from a full host table and come back is counted again as it refreshes its groups, so evicting
    /// oneself does not get round the group cap.
    @Test func aHostDroppedAndBackIsCountedAgain() {
        var s = Segment { $0.maximumHosts = 2; $0.groupsPerHost = 5 }
        for i in 0..<5 { s.send(frame(.reportV2(group(i)), from: hostA), at: Double(i)) }
        // Two other hosts push hostA out of the host table; its memberships stay.
        s.send(frame(.reportV2(group(100)), from: IPv4Address(192, 0, 2, 150)), at: 6)
        s.send(frame(.reportV2(group(101)), from: IPv4Address(192, 0, 2, 151)), at: 7)
        #expect(s.model.evictions.hosts == 1)
        for i in 0..<5 { #expect(s.send(frame(.reportV2(group(i)), from: hostA), at: 8 + Double(i)).rules.isEmpty) }
        #expect(s.send(frame(.reportV2(group(5)), from: hostA), at: 14).rules == [.hostGroupCap], "its five groups count again")
    }

    /// Time from a capture may jump back or sit at the ends of the range: judged at the model's clock, no trap.
    @Test func timeThatJumpsDoesNotTrap() {
        var s = Segment()
        var sink = FindingBuffer()
        let frames = [generalQueryV3(from: routerA).bytes, frame(.reportV2(group(1)), from: hostA).bytes, generalQueryV3(from: rogue).bytes]
        for (i, time) in [Int64.max, .min, 0, .max, -1, 1].enumerated() {
            let bytes = frames[i % 3]
            sink.removeAll()
            _ = s.model.validate(frame: bytes.span.bytes, linkType: .ethernet, at: TrafficTime(nanoseconds: time), into: &sink)
        }
        #expect(TrafficTime(seconds: .max).nanoseconds == .max)
        #expect(TrafficTime(seconds: .min).nanoseconds == .min)
        #expect(s.model.now?.nanoseconds == .max)
    }

    /// Every table keeps to its cap, dropping the least recently seen entry and counting it.
    @Test func tablesKeepToTheirCaps() {
        var s = Segment { $0.maximumHosts = 100; $0.maximumMemberships = 150; $0.maximumSegments = 3; $0.maximumQueriersPerSegment = 4 }
        for i in 0..<1000 {
            let host = IPv4Address(rawValue: 0x0a00_0000 + UInt32(i))
            s.send(frame(.reportV2(group(i % 7)), from: host), at: Double(i) * 0.001)
            s.send(generalQueryV3(from: host, vlan: UInt16(i % 5 + 1)), at: Double(i) * 0.001)
        }
        let e = s.model.evictions
        #expect(e.hosts > 0 && e.memberships > 0 && e.segments > 0)
        var q = Segment { $0.maximumQueriersPerSegment = 4 }
        for i in 0..<10 { q.send(generalQueryV3(from: IPv4Address(rawValue: 0x0a00_0000 + UInt32(i))), at: Double(i)) }
        #expect(q.model.evictions.queriers == 6)
        #expect(q.model.summary().segments[0].queriers.count == 4)
        #expect(q.model.summary().segments[0].queriers.first?.isQuerier == true, "the elected querier is kept")
        let summary = s.model.summary(groups: true)
        #expect(summary.segments.filter { !$0.queriers.isEmpty }.count <= 3)
        #expect(summary.segments.allSatisfy { $0.queriers.count <= 4 })
        #expect(summary.segments.map(\.hosts).reduce(0, +) <= 150)
    }

    /// The limits by name, as --context-limit sets them.
    @Test func limitsByName() {
        var c = TrafficConfiguration()
        for name in TrafficConfiguration.limitNames {
            #expect(c.limit(name) != nil, "\(name)")
            let set = c.setLimit(name, to: 7)
            #expect(set)
            #expect(c.limit(name) == 7)
        }
        let zero = c.setLimit("queries", to: 0), unknown = c.setLimit("no-such", to: 1)
        #expect(!zero && !unknown)
        #expect(TrafficConfiguration().limit("groups-per-host") == 500)
        // Each name sets its own field: distinct values all read back, and reach the configuration's fields.
        var d = TrafficConfiguration()
        for (i, name) in TrafficConfiguration.limitNames.enumerated() { _ = d.setLimit(name, to: 100 + i) }
        #expect(TrafficConfiguration.limitNames.enumerated().allSatisfy { d.limit($1) == 100 + $0 })
        #expect(d.queriesPerWindow == 101 && d.membershipTimeout == .seconds(107) && d.maximumQueriersPerSegment == 112)
    }
}

/// Addresses of the samples, repeated here: IGMPTests do not link IGMPSamples.
enum Net2 {
    static let attacker = IPv4Address(198, 51, 100, 66)
}
