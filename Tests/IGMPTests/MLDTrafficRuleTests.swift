import IGMP
import Testing

let mldRouterA = IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0, 0xa)
let mldRouterB = IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0, 0xb)
let mldRogue = IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0, 1)
let mldHost = IPv6Address(0xfe80, 0, 0, 0, 0x200, 0x5eff, 0xfe00, 0x100)
func mldGroup(_ n: Int) -> IPv6Address { IPv6Address(0xff0e, 0, 0, 0, 0, 0, 0x1, UInt16(n)) }
func mldSources(_ range: Range<Int>) -> [IPv6Address] { range.map { IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 0, UInt16($0)) } }
func mldFrame(_ mld: MLDRepr, from source: IPv6Address) -> MLDFrameRepr { .conforming(mld, from: source) }
func mldGeneralQuery(from source: IPv6Address) -> MLDFrameRepr { mldFrame(.queryV2(), from: source) }

extension Segment {
    @discardableResult
    mutating func send(_ frame: MLDFrameRepr, at seconds: Double) -> Judged {
        send(frame.bytes, linkType: frame.linkType, at: seconds)
    }
}

/// One test per MLD rule that judges traffic (RFC 3810 7.6.2, 8.2.1, 9, 10; MS08-001), the twins of IGMP's, each with
/// the legitimate version of its story. The packet that fires is clean judged alone.
@Suite struct MLDTrafficRuleTests {
    /// RFC 3810 7.6.2: the lowest address wins; a lower one while the querier is present takes over.
    @Test func mldQuerierTakeover() {
        var s = Segment()
        #expect(s.send(mldGeneralQuery(from: mldRouterA), at: 0).rules.isEmpty, "a first querier is no finding")
        let takeover = s.send(mldGeneralQuery(from: mldRogue), at: 100)
        #expect(takeover.rules == [.mldQuerierTakeover])
        #expect(takeover.verdict == .suspicious)
        #expect(takeover.findings[0].offset == 14 + 8, "the IPv6 source address")
        #expect(takeover.findings[0].message == "query takes the MLD querier role from fe80::a, still present")
        #expect(takeover.findings[0].ipv6Address == mldRouterA)
        #expect(judge(mldGeneralQuery(from: mldRogue)).rules.isEmpty, "the same packet alone is clean")
        #expect(s.send(mldGeneralQuery(from: mldRogue), at: 125).rules.isEmpty, "once querier, its queries are no takeover")

        // The legitimate stories: a higher address, and a failover after silence. The querier's own query says how
        // long it is present (RFC 3810 9.5): 2 x 125 s + 10 s / 2.
        var t = Segment()
        t.send(mldGeneralQuery(from: mldRouterA), at: 0)
        #expect(t.send(mldGeneralQuery(from: mldRouterB), at: 10).rules.isEmpty)
        #expect(t.send(mldGeneralQuery(from: mldRogue), at: 255.5).rules.isEmpty, "past the Other Querier Present Interval")
        var u = Segment()
        u.send(mldGeneralQuery(from: mldRouterA), at: 0)
        #expect(u.send(mldGeneralQuery(from: mldRogue), at: 254.9).rules == [.mldQuerierTakeover], "still within it")
        // A former querier coming back after a failover is elected again: no finding.
        var back = Segment()
        back.send(mldGeneralQuery(from: mldRouterA), at: 0)
        back.send(mldGeneralQuery(from: mldRouterB), at: 300)
        #expect(back.send(mldGeneralQuery(from: mldRouterA), at: 400).rules.isEmpty)
        // QRV 3, QQIC 60 and a Maximum Response Code of 2000 ms stretch the presence to 3 x 60 s + 1 s.
        var v = Segment()
        v.send(mldFrame(.queryV2(maximumResponseCode: 2000, robustness: 3, qqic: 60), from: mldRouterA), at: 0)
        #expect(v.send(mldGeneralQuery(from: mldRogue), at: 180.9).rules == [.mldQuerierTakeover])
        var w = Segment()
        w.send(mldFrame(.queryV2(maximumResponseCode: 2000, robustness: 3, qqic: 60), from: mldRouterA), at: 0)
        #expect(w.send(mldGeneralQuery(from: mldRogue), at: 181.1).rules.isEmpty)
        // An MLDv1 querier is present for the querier-timeout limit (255 s by default).
        var x = Segment()
        x.send(mldFrame(.queryV1(), from: mldRouterA), at: 0)
        #expect(x.send(mldFrame(.queryV1(), from: mldRogue), at: 254).rules == [.mldQuerierTakeover])
        var y = Segment()
        y.send(mldFrame(.queryV1(), from: mldRouterA), at: 0)
        #expect(y.send(mldFrame(.queryV1(), from: mldRogue), at: 255.5).rules.isEmpty, "past the MLDv1 querier's 255 s")
    }

    /// The takeover on fixed bytes (scapy's): an MLDv1 General Query from fe80::1 in raw IPv6, without a Hop-by-Hop
    /// Router Alert.
    @Test func mldQuerierTakeoverOnFixedBytes() {
        let query: [UInt8] = [0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x3a, 0x01, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
                              0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
                              0x82, 0x00, 0x59, 0x17, 0x27, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(judge(query, linkType: .ipv6).rules == [.mldRouterAlertMissing])
        var s = Segment()
        s.send(mldFrame(.queryV1(), from: mldRouterA), at: 0)
        let judged = s.send(query, linkType: .ipv6, at: 1)
        #expect(judged.rules == [.mldRouterAlertMissing, .mldQuerierTakeover])
        #expect(judged.findings.first { $0.rule == .mldQuerierTakeover }?.offset == 8)
    }

    /// IGMP and MLD elect their queriers apart (RFC 3376 6.6.2, RFC 3810 7.6.2): on one segment, neither's query
    /// takes over from the other's querier, and the summary names each protocol's querier.
    @Test func eachProtocolElectsItsOwnQuerier() {
        var s = Segment()
        s.send(generalQueryV3(from: routerA), at: 0)
        #expect(s.send(mldGeneralQuery(from: mldRouterA), at: 1).rules.isEmpty)
        #expect(s.send(generalQueryV3(from: IPv4Address(10, 0, 0, 1)), at: 2).rules == [.querierTakeover])
        #expect(s.send(mldGeneralQuery(from: mldRogue), at: 3).rules == [.mldQuerierTakeover])
        s.send(mldFrame(.reportV2([MLDRecordRepr(type: .changeToExclude, address: mldGroup(1))]), from: mldHost), at: 4)
        let segments = s.model.summary(groups: true).segments
        #expect(segments.map(\.family) == [.igmp, .mld])
        #expect(segments.map { $0.segment.vlans } == [[], []])
        #expect(segments[1].queriers.map(\.address) == [.v6(mldRouterA), .v6(mldRogue)])
        #expect(segments[1].queriers.map(\.isQuerier) == [false, true])
        #expect(segments[1].queriers[0].versions == [2])
        #expect(segments[1].groups.map(\.group) == [.v6(mldGroup(1))])
        #expect(segments[1].groups.map(\.hosts) == [1])
        #expect(segments[0].groupCount == 0)
    }

    /// A query from an address not on the MLD list (RFC 3810 10.1: forged queries).
    @Test func mldQuerierNotListed() {
        var s = Segment { $0.mldQueriers = [mldRouterA, mldRouterB] }
        #expect(s.send(mldGeneralQuery(from: mldRouterB), at: 0).rules.isEmpty)
        #expect(s.send(mldGeneralQuery(from: mldRouterA), at: 1).rules.isEmpty, "a listed router's election is no finding")
        let stranger = IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0, 0x99)
        let rogueQuery = s.send(mldFrame(.queryV1(), from: stranger), at: 2)
        #expect(rogueQuery.rules.contains(.mldQuerierNotListed))
        #expect(rogueQuery.verdict == .hostile)
        #expect(rogueQuery.findings.first { $0.rule == .mldQuerierNotListed }?.message == "MLD query from fe80::99, which is not on the querier list")
        #expect(!s.send(mldFrame(.queryV1(), from: stranger), at: 3).rules.contains(.mldQuerierNotListed), "once per source")
        // Each protocol's list is its own: IPv4 addresses alone leave MLD unchecked, and the other way round.
        var v4 = Segment { $0.queriers = [routerA] }
        #expect(v4.send(mldFrame(.queryV1(), from: stranger), at: 0).rules.isEmpty)
        #expect(v4.send(generalQueryV3(from: routerB), at: 1).rules == [.querierNotListed])
        var v6 = Segment { $0.mldQueriers = [mldRouterA] }
        #expect(v6.send(generalQueryV3(from: routerB), at: 0).rules.isEmpty)
        var open = Segment()
        #expect(open.send(mldFrame(.queryV1(), from: stranger), at: 0).rules.isEmpty, "no list, no finding")
    }

    /// RFC 3810 8.2.1: an MLDv1 query puts listeners into MLDv1 compatibility mode.
    @Test func mldVersionDowngrade() {
        var s = Segment()
        s.send(mldGeneralQuery(from: mldRouterA), at: 0)
        let downgrade = s.send(mldFrame(.queryV1(), from: mldRouterB), at: 30)
        #expect(downgrade.rules == [.mldVersionDowngrade])
        #expect(downgrade.findings[0].offset == 14 + 40 + 8, "the MLD message")
        #expect(downgrade.findings[0].message == "MLDv1 query while the querier fe80::a speaks MLDv2")
        #expect(s.send(mldFrame(.queryV1(), from: mldRouterB), at: 60).rules.isEmpty, "once per source")
        s.send(mldGeneralQuery(from: mldRouterB), at: 70)
        #expect(s.send(mldFrame(.queryV1(), from: mldRouterB), at: 80).rules == [.mldVersionDowngrade], "again after an MLDv2 query")
        // An MLDv2 querier replaced by an MLDv1 one after it fell silent is no downgrade.
        var t = Segment()
        t.send(mldGeneralQuery(from: mldRouterA), at: 0)
        #expect(t.send(mldFrame(.queryV1(), from: mldRouterB), at: 300).rules.isEmpty)
        #expect(t.send(mldFrame(.queryV1(), from: mldRouterB), at: 425).rules.isEmpty)
    }

    /// MS08-001: MLDv2 queries listing many sources, repeated fast.
    @Test func mldSourceListQueryStorm() {
        var s = Segment()
        let big = mldFrame(.queryV2(address: mldGroup(1), maximumResponseCode: 1000, sources: mldSources(0..<70)), from: mldRouterB)
        for i in 0..<14 { #expect(s.send(big, at: Double(i) * 0.1).rules.isEmpty, "\(i * 70 + 70) sources") }
        let storm = s.send(big, at: 1.5)
        #expect(storm.rules == [.mldSourceListQueryStorm])
        #expect(storm.verdict == .hostile)
        #expect(storm.findings[0].offset == 14 + 40 + 8 + 26, "Number of Sources")
        #expect(storm.findings[0].observed == 1050)
        #expect(judge(big).rules.isEmpty)
        #expect(s.send(big, at: 2).rules.isEmpty, "one finding per episode")
        // Legitimate: a querier's multicast-address-and-source-specific queries after a host blocks sources.
        var q = Segment()
        for i in 0..<20 {
            let query = mldFrame(.queryV2(address: mldGroup(i), maximumResponseCode: 1000, sources: mldSources(0..<3)), from: mldRouterA)
            #expect(q.send(query, at: Double(i) * 0.1).rules.isEmpty)
        }
    }

    /// MLD General Query floods: more than the limit from one source in a window, once per episode.
    @Test func mldQueryFlood() {
        var s = Segment { $0.queriesPerWindow = 10 }
        for i in 0..<10 { #expect(s.send(mldFrame(.queryV1(), from: mldRouterA), at: Double(i) * 0.1).rules.isEmpty) }
        let flood = s.send(mldGeneralQuery(from: mldRouterA), at: 1)
        #expect(flood.rules == [.mldQueryFlood], "queries of both versions count")
        #expect(flood.findings[0].message == "11 MLD General Queries from this source within the flood window (limit 10)")
        #expect(s.send(mldGeneralQuery(from: mldRouterA), at: 1.1).rules.isEmpty, "same episode")
        // Multicast-address-specific queries answer Done messages, as many as listeners leave: not counted.
        var mas = Segment { $0.queriesPerWindow = 10 }
        for i in 0..<40 {
            #expect(mas.send(mldFrame(.queryV2(address: mldGroup(i), maximumResponseCode: 1000), from: mldRouterA), at: Double(i) * 0.1).rules.isEmpty)
        }
        // IGMP's General Queries from the same machine are counted apart.
        var both = Segment { $0.queriesPerWindow = 10 }
        for i in 0..<20 {
            let judged = i % 2 == 0 ? both.send(mldGeneralQuery(from: mldRouterA), at: Double(i) * 0.1)
                : both.send(generalQueryV3(from: routerA), at: Double(i) * 0.1)
            #expect(judged.rules.isEmpty)
        }
    }

    @Test func mldReportFlood() {
        var s = Segment { $0.reportsPerWindow = 20 }
        for i in 0..<20 { #expect(s.send(mldFrame(.reportV1(mldGroup(1)), from: mldHost), at: Double(i) * 0.1).rules.isEmpty) }
        let flood = s.send(mldFrame(.reportV2([MLDRecordRepr(type: .modeIsExclude, address: mldGroup(1))]), from: mldHost), at: 2.1)
        #expect(flood.rules == [.mldReportFlood], "reports of both versions count")
        #expect(flood.findings[0].message == "21 MLD reports from this source within the flood window (limit 20)")
        // A host answering a General Query with each of its addresses stays under the default limit.
        var t = Segment()
        t.send(mldGeneralQuery(from: mldRouterA), at: 0)
        for i in 0..<500 {
            #expect(t.send(mldFrame(.reportV2([MLDRecordRepr(type: .modeIsExclude, address: mldGroup(i))]), from: mldHost), at: 0.1 + Double(i) * 0.01).rules.isEmpty)
        }
        // Reports from :: (a host without a link-local address yet) count toward their own flood.
        var u = Segment { $0.reportsPerWindow = 3 }
        for i in 0..<3 { #expect(u.send(mldFrame(.reportV1(mldGroup(i)), from: .unspecified), at: Double(i)).rules.isEmpty) }
        #expect(u.send(mldFrame(.reportV1(mldGroup(3)), from: .unspecified), at: 3.5).rules == [.mldReportFlood])
    }

    @Test func mldDoneFlood() {
        var s = Segment { $0.leavesPerWindow = 5 }
        for i in 0..<5 { #expect(s.send(mldFrame(.done(mldGroup(i)), from: mldHost), at: Double(i) * 0.1).rules.isEmpty) }
        // MLDv2's leave, TO_IN({}), counts as one.
        let flood = s.send(mldFrame(.reportV2([MLDRecordRepr(type: .changeToInclude, address: mldGroup(9))]), from: mldHost), at: 1)
        #expect(flood.rules == [.mldDoneFlood])
        #expect(flood.findings[0].message == "6 MLD leaves from this source within the flood window (limit 5)")
        // TO_IN with sources is not a leave; nor is a host leaving its groups at the default limit.
        var t = Segment { $0.leavesPerWindow = 5 }
        for i in 0..<10 {
            let record = MLDRecordRepr(type: .changeToInclude, address: mldGroup(i), sources: mldSources(0..<1))
            #expect(t.send(mldFrame(.reportV2([record]), from: mldHost), at: Double(i) * 0.1).rules.isEmpty)
        }
        var u = Segment()
        for i in 0..<300 { #expect(u.send(mldFrame(.done(mldGroup(i)), from: mldHost), at: Double(i) * 0.01).rules.isEmpty) }
    }

    /// One host over the cap of addresses it listens to; Done and the listening interval bring it back under.
    @Test func mldHostGroupCap() {
        var s = Segment { $0.groupsPerHost = 10 }
        for i in 0..<10 { #expect(s.send(mldFrame(.reportV1(mldGroup(i)), from: mldHost), at: Double(i)).rules.isEmpty) }
        #expect(s.send(mldFrame(.reportV1(mldGroup(3)), from: mldHost), at: 10).rules.isEmpty, "an address it holds is no new one")
        let over = s.send(mldFrame(.reportV2([MLDRecordRepr(type: .changeToExclude, address: mldGroup(10))]), from: mldHost), at: 11)
        #expect(over.rules == [.mldHostGroupCap])
        #expect(over.findings[0].offset == 14 + 48 + 8 + 4, "the record's multicast address")
        #expect(over.findings[0].message == "this host now listens to 11 multicast addresses (cap 10)")
        s.send(mldFrame(.done(mldGroup(0)), from: mldHost), at: 12)
        s.send(mldFrame(.done(mldGroup(1)), from: mldHost), at: 12.5)
        #expect(s.send(mldFrame(.reportV1(mldGroup(11)), from: mldHost), at: 13).rules.isEmpty, "10 held")
        #expect(s.send(mldFrame(.reportV1(mldGroup(12)), from: mldHost), at: 14).rules == [.mldHostGroupCap])
        // Memberships not refreshed for the Multicast Address Listening Interval (260 s) are gone.
        var t = Segment { $0.groupsPerHost = 10 }
        for i in 0..<10 { t.send(mldFrame(.reportV1(mldGroup(i)), from: mldHost), at: Double(i)) }
        for i in 0..<10 { #expect(t.send(mldFrame(.reportV1(mldGroup(100 + i)), from: mldHost), at: 300 + Double(i)).rules.isEmpty) }
        #expect(t.model.summary().segments[0].groupCount == 10)
        // Reports from :: are not counted: their hosts cannot be told apart. Nor are the groups an IGMP host holds.
        var u = Segment { $0.groupsPerHost = 10 }
        for i in 0..<20 {
            #expect(u.send(mldFrame(.reportV2([MLDRecordRepr(type: .modeIsExclude, address: mldGroup(i))]), from: .unspecified), at: Double(i)).rules.isEmpty)
        }
        var v = Segment { $0.groupsPerHost = 10 }
        for i in 0..<8 {
            #expect(v.send(mldFrame(.reportV1(mldGroup(i)), from: mldHost), at: Double(i)).rules.isEmpty)
            #expect(v.send(frame(.reportV2(group(i)), from: hostA), at: Double(i) + 0.5).rules.isEmpty)
        }
    }

    /// One host's MLD filter for one address over the source cap; a retransmitted change counts once.
    @Test func mldHostSourceCap() {
        var s = Segment { $0.sourcesPerGroup = 10 }
        s.send(mldFrame(.reportV2([MLDRecordRepr(type: .changeToInclude, address: mldGroup(1), sources: mldSources(0..<6))]), from: mldHost), at: 0)
        let allow = mldFrame(.reportV2([MLDRecordRepr(type: .allowNewSources, address: mldGroup(1), sources: mldSources(6..<9))]), from: mldHost)
        #expect(s.send(allow, at: 1).rules.isEmpty, "9 sources")
        #expect(s.send(allow, at: 2).rules.isEmpty, "retransmitted: still 9")
        let more = s.send(mldFrame(.reportV2([MLDRecordRepr(type: .allowNewSources, address: mldGroup(1), sources: mldSources(9..<11))]), from: mldHost), at: 3)
        #expect(more.rules == [.mldHostSourceCap])
        #expect(more.findings[0].offset == 14 + 48 + 8 + 2, "the record's Number of Sources")
        #expect(more.findings[0].observed == 11)
        #expect(more.findings[0].message == "this host's filter for the address now holds 11 sources (cap 10)")
        // BLOCK shrinks an include list; a full-state record sets it; blocking the last source leaves.
        s.send(mldFrame(.reportV2([MLDRecordRepr(type: .blockOldSources, address: mldGroup(1), sources: mldSources(0..<5))]), from: mldHost), at: 4)
        #expect(s.send(mldFrame(.reportV2([MLDRecordRepr(type: .allowNewSources, address: mldGroup(1), sources: mldSources(0..<4))]), from: mldHost), at: 5).rules.isEmpty)
        #expect(s.send(mldFrame(.reportV2([MLDRecordRepr(type: .modeIsExclude, address: mldGroup(1), sources: mldSources(0..<11))]), from: mldHost), at: 6).rules == [.mldHostSourceCap])
        var t = Segment()
        t.send(mldFrame(.reportV2([MLDRecordRepr(type: .changeToInclude, address: mldGroup(1), sources: mldSources(0..<2))]), from: mldHost), at: 0)
        #expect(t.model.summary().segments[0].groupCount == 1)
        t.send(mldFrame(.reportV2([MLDRecordRepr(type: .blockOldSources, address: mldGroup(1), sources: mldSources(0..<2))]), from: mldHost), at: 1)
        #expect(t.model.summary().segments.isEmpty)
    }

    /// Receivers discard MLD whose checksum does not verify or whose source is not link-local (RFC 3810 5.1.14,
    /// 5.2.13), and hostile packets: the model learns nothing from them.
    @Test func mldPacketsReceiversDropTeachNothing() {
        var s = Segment()
        s.send(mldGeneralQuery(from: mldRouterA), at: 0)
        var badChecksum = mldGeneralQuery(from: mldRogue)
        badChecksum.checksumOverride = 0xdead
        #expect(s.send(badChecksum, at: 1).rules == [.mldChecksumInvalid])
        let global = IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)
        #expect(s.send(mldGeneralQuery(from: global), at: 2).rules == [.mldSourceNotLinkLocal], "2001:db8::1 is lower than fe80::a, but discarded")
        #expect(s.send(mldGeneralQuery(from: .unspecified), at: 3).rules == [.mldSourceNotLinkLocal])
        var hopLimit = mldGeneralQuery(from: mldRouterB)
        hopLimit.ip.hopLimit = 255
        #expect(s.send(hopLimit, at: 4).rules == [.mldHopLimitNotOne], "a Hop Limit other than 1 is learnt: receivers take it")
        var fragment = mldGeneralQuery(from: mldRogue)
        fragment.ip.extensionHeaders.append(.fragment(offset: 0, moreFragments: true, identification: 7))
        #expect(s.send(fragment, at: 5).verdict == .hostile)
        #expect(s.model.summary().segments[0].queriers.map(\.address) == [.v6(mldRouterA), .v6(mldRouterB)])
        // Reports from :: are taken: their floods count (see mldReportFlood).

        // A discarded report holds no membership and counts toward no flood; a discarded packet moves no clock.
        var r = Segment { $0.reportsPerWindow = 1 }
        r.send(mldFrame(.reportV1(mldGroup(1)), from: mldHost), at: 0)
        var badReport = mldFrame(.reportV1(mldGroup(2)), from: mldHost)
        badReport.checksumOverride = 0xbeef
        #expect(r.send(badReport, at: 0.5).rules == [.mldChecksumInvalid], "no report flood: it was not counted")
        #expect(r.send(mldFrame(.reportV1(mldGroup(3)), from: global), at: 1e6).rules == [.mldSourceNotLinkLocal])
        #expect(r.model.now == TrafficTime(nanoseconds: 1_767_225_600_000_000_000), "discarded packets move no clock")
        #expect(r.model.summary().segments[0].groupCount == 1)
        #expect(r.send(mldFrame(.reportV1(mldGroup(4)), from: mldHost), at: 1).rules == [.mldReportFlood], "the second counted report")
    }

    /// A change is a retransmission only when its every source repeats: an ALLOW that keeps its first and last
    /// sources but changes the others grows the filter (RFC 3810 6.1).
    @Test func onlyAWholeChangeIsARetransmission() {
        var s = Segment { $0.sourcesPerGroup = 5 }
        s.send(mldFrame(.reportV2([MLDRecordRepr(type: .changeToInclude, address: mldGroup(1), sources: mldSources(0..<1))]), from: mldHost), at: 0)
        let a = mldSources(10..<13), b = [a[0], mldSources(20..<21)[0], a[2]]
        #expect(s.send(mldFrame(.reportV2([MLDRecordRepr(type: .allowNewSources, address: mldGroup(1), sources: a)]), from: mldHost), at: 1).rules.isEmpty, "4 sources")
        #expect(s.send(mldFrame(.reportV2([MLDRecordRepr(type: .allowNewSources, address: mldGroup(1), sources: a)]), from: mldHost), at: 2).rules.isEmpty, "retransmitted: 4")
        #expect(s.send(mldFrame(.reportV2([MLDRecordRepr(type: .allowNewSources, address: mldGroup(1), sources: b)]), from: mldHost), at: 3).rules == [.mldHostSourceCap], "7 sources")
        var t = Segment { $0.sourcesPerGroup = 5 }
        t.send(frame(.reportV3([GroupRecordRepr(type: .changeToInclude, group: group(1), sources: sources(0..<1))]), from: hostA), at: 0)
        let c = sources(10..<13), d = [c[0], sources(20..<21)[0], c[2]]
        #expect(t.send(frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: group(1), sources: c)]), from: hostA), at: 1).rules.isEmpty)
        #expect(t.send(frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: group(1), sources: d)]), from: hostA), at: 2).rules == [.hostSourceCap], "IGMP the same")
    }

    /// Each protocol judges at its own clock: MLD stamped an hour on does not age IGMP's querier, whose packets
    /// judge on their own times; the summary is taken at the latest time of either.
    @Test func eachProtocolKeepsItsOwnClock() {
        var s = Segment()
        s.send(generalQueryV3(from: routerA), at: 0)
        s.send(mldGeneralQuery(from: mldRouterA), at: 3600)
        #expect(s.send(generalQueryV3(from: rogue), at: 100).rules == [.querierTakeover], "IGMP's querier is present at IGMP's time")
        #expect(s.model.now == TrafficTime(nanoseconds: 1_767_225_600_000_000_000 + 3_600_000_000_000))
        let summary = s.model.summary().segments
        #expect(summary.map(\.family) == [.igmp, .mld])
        #expect(summary[0].queriers.allSatisfy { !$0.isQuerier }, "at the latest time, an hour on, IGMP's querier is gone")
        #expect(summary[1].queriers.map(\.isQuerier) == [true])
    }

    /// Every MLD traffic rule is one of the tests above (kept honest by counting).
    @Test func everyMLDTrafficRuleHasATest() {
        #expect(Rule.allCases.filter { $0.row.family == .mld && $0.row.scope == .traffic }
            == [.mldQuerierTakeover, .mldQuerierNotListed, .mldVersionDowngrade, .mldSourceListQueryStorm, .mldQueryFlood,
                .mldReportFlood, .mldDoneFlood, .mldHostGroupCap, .mldHostSourceCap])
    }

    /// VLANs are segments for MLD as for IGMP.
    @Test func mldSegmentsAreVLANs() {
        var s = Segment()
        func tagged(_ frame: MLDFrameRepr, _ vlan: UInt16) -> MLDFrameRepr {
            var f = frame
            if case .ethernet(let destination, let source, _) = f.link { f.link = .ethernet(destination: destination, source: source, vlanTags: [VLANTag(vlanID: vlan)]) }
            return f
        }
        s.send(tagged(mldGeneralQuery(from: mldRouterA), 10), at: 0)
        #expect(s.send(tagged(mldGeneralQuery(from: mldRogue), 20), at: 1).rules.isEmpty)
        #expect(s.send(tagged(mldGeneralQuery(from: mldRogue), 10), at: 2).rules == [.mldQuerierTakeover])
        #expect(s.model.summary().segments.map(\.segment.vlans) == [[10], [20]])
    }
}
