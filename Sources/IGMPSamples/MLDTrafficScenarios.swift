import IGMP

/// The sample captures of MLD's rules that judge traffic: the IGMP stories told again in MLD (RFC 3810), each attack
/// with its negative twin, and an hour of a healthy dual-stack link. Every packet is clean judged alone.
extension SampleCatalog {
    public static var mldTrafficScenarios: [SampleCapture] {
        [mldQuerierTakeover, mldQuerierFailover, mldQuerierNotListed, mldQueriersListed, mldVersionDowngrade,
         mldVersionReplaced, mldSourceListQueryStorm, mldSourceListQueries, mldQueryFlood, mldRouterStartup,
         mldReportFlood, mldGeneralQueryAnswer, mldDoneFlood, mldHostShutdown, mldHostGroupCap, mldHostGroupsOverTime,
         mldHostSourceCap, mldHostSourceChanges, mldHealthyLink]
    }

    /// Link-local routers and hosts (fe80::/10, as MLD is sent from), groups and sources.
    enum Link6 {
        static let routerA = IPv6Address("fe80::a")!
        static let routerB = IPv6Address("fe80::b")!
        static let rogue = IPv6Address("fe80::1")!
        static let attacker = IPv6Address("fe80::66")!
        static func host(_ n: Int) -> IPv6Address { IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0x100, UInt16(n)) }
        static func group(_ n: Int) -> IPv6Address { IPv6Address(0xff15, 0, 0, 0, 0, 0, 1, UInt16(n)) }
        static let ssmGroup = IPv6Address("ff35::1:2")!
        static func sources(_ range: Range<Int>) -> [IPv6Address] { range.map { IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 1, UInt16($0)) } }
        static func join(_ group: IPv6Address) -> MLDRepr { .reportV2([MLDRecordRepr(type: .changeToExclude, address: group)]) }
        static func listening(_ group: IPv6Address) -> MLDRepr { .reportV2([MLDRecordRepr(type: .modeIsExclude, address: group)]) }
        static func leave(_ group: IPv6Address) -> MLDRepr { .reportV2([MLDRecordRepr(type: .changeToInclude, address: group)]) }
        /// A multicast-address-specific MLDv2 query (1 s), with sources when given.
        static func specificQuery(_ group: IPv6Address, sources: [IPv6Address] = []) -> MLDRepr {
            .queryV2(address: group, maximumResponseCode: 1000, sources: sources)
        }
    }
}

extension SampleCatalog.Story {
    /// An MLD packet at `time`.
    mutating func mld(_ time: Double, _ mld: MLDRepr, from source: IPv6Address, _ note: String, verdict: Verdict = .clean,
                      rules: [Rule] = []) {
        at(time, SampleCatalog.Net6.frame(mld, from: source), note, verdict: verdict, rules: rules, isMLD: true)
    }

    /// An MLDv2 General Query from `router`.
    mutating func mldGeneralQuery(_ time: Double, from router: IPv6Address, _ note: String = "MLDv2 General Query") {
        mld(time, .queryV2(), from: router, note)
    }
}

extension SampleCatalog {
    private typealias L = Link6

    // MARK: querier election

    static var mldQuerierTakeover: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA, "MLDv2 General Query from fe80::a: the querier")
        s.mld(1, L.join(L.group(1)), from: L.host(1), "host joins ff15::1:1")
        s.mldGeneralQuery(125, from: L.routerA)
        s.mld(130, .queryV2(), from: L.rogue, "General Query from fe80::1 while fe80::a is present: lower address, takes over",
              verdict: .suspicious, rules: [.mldQuerierTakeover])
        s.mldGeneralQuery(250, from: L.routerA, "fe80::a queries on, now a non-querier")
        return capture("context-mld-querier-takeover.pcap", "A forged MLD General Query from a lower link-local address takes the querier role from a querier still present.", s.packets)
    }

    static var mldQuerierFailover: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA, "MLDv2 General Query from fe80::a: the querier")
        s.mldGeneralQuery(125, from: L.routerA, "its last query; it then fails")
        s.mld(130, L.listening(L.group(1)), from: L.host(1), "a host answers")
        s.mldGeneralQuery(381, from: L.routerB, "fe80::b takes over after the Other Querier Present Interval (255 s) ran out")
        s.mldGeneralQuery(412, from: L.routerB, "its second startup query, a quarter interval later")
        s.mldGeneralQuery(412 + 256, from: L.rogue, "a lower address after fe80::b fell silent too")
        return capture("context-mld-querier-failover.pcap", "Twin of the MLD takeover: a querier fails and a higher, then a lower address take over after it fell silent. Clean.", s.packets)
    }

    static var mldQuerierNotListed: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA, "MLDv2 General Query from fe80::a, the listed querier")
        s.mld(60, .queryV2(), from: IPv6Address("fe80::99")!, "General Query from fe80::99, not on the --querier list",
              verdict: .hostile, rules: [.mldQuerierNotListed])
        s.mldGeneralQuery(125, from: L.routerA)
        s.mld(185, .queryV2(), from: IPv6Address("fe80::99")!, "fe80::99 again: said once per source")
        var c = capture("context-mld-querier-not-listed.pcap", "Scanned with --querier fe80::a: an MLD query from another router is a rogue querier.", s.packets)
        c.scanArguments = ["--querier", "fe80::a"]
        return c
    }

    static var mldQueriersListed: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerB, "MLDv2 General Query from fe80::b")
        s.mldGeneralQuery(60, from: L.routerA, "fe80::a starts: lower, takes over; both are listed")
        s.mldGeneralQuery(91, from: L.routerA, "its second startup query")
        var c = capture("context-mld-queriers-listed.pcap", "Twin of MLD not-listed: both routers are on --querier fe80::a,fe80::b (with an IGMP router, 192.0.2.1), and the lower one's election is no finding. Clean.", s.packets)
        c.scanArguments = ["--querier", "192.0.2.1,fe80::a,fe80::b"]
        return c
    }

    // MARK: version

    static var mldVersionDowngrade: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA, "MLDv2 General Query from fe80::a: an MLDv2 link")
        s.mld(2, .reportV2([MLDRecordRepr(type: .modeIsInclude, address: L.ssmGroup, sources: L.sources(0..<1))]), from: L.host(1),
              "host holds an SSM source")
        s.mld(30, .queryV1(), from: L.attacker, "MLDv1 General Query from fe80::66: listeners fall back to MLDv1, SSM stops",
              verdict: .suspicious, rules: [.mldVersionDowngrade])
        s.mld(155, .queryV1(), from: L.attacker, "again: said once per source")
        return capture("context-mld-version-downgrade.pcap", "An MLDv1 query on a link whose querier speaks MLDv2.", s.packets)
    }

    static var mldVersionReplaced: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA, "MLDv2 General Query from fe80::a, its last")
        s.mld(300, .queryV1(), from: L.routerB, "MLDv1 General Query from fe80::b after the MLDv2 querier's presence ran out")
        s.mld(302, .reportV1(L.group(1)), from: L.host(1), "a host answers in MLDv1")
        s.mld(425, .queryV1(), from: L.routerB, "the MLDv1 querier queries on")
        return capture("context-mld-version-replaced.pcap", "Twin of the MLD downgrade: an MLDv2 router is replaced by an MLDv1 one after it fell silent. Clean.", s.packets)
    }

    // MARK: query storms and floods

    static var mldSourceListQueryStorm: SampleCapture {
        var s = Story()
        let sources = L.sources(0..<70)
        for i in 0..<15 {
            let storm = i == 14
            s.mld(Double(i) * 0.1, L.specificQuery(L.group(i), sources: sources), from: L.attacker,
                  storm ? "the fifteenth 70-source query in 1.4 s: 1,050 sources" : "multicast-address-and-source-specific query, 70 sources",
                  verdict: storm ? .hostile : .clean, rules: storm ? [.mldSourceListQueryStorm] : [])
        }
        return capture("context-mld-source-list-query-storm.pcap", "MLDv2 queries with many sources, repeated fast: the MS08-001 (CVE-2007-0069) pattern.", s.packets)
    }

    static var mldSourceListQueries: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA)
        s.mld(1, .reportV2([MLDRecordRepr(type: .modeIsInclude, address: L.ssmGroup, sources: L.sources(0..<3))]), from: L.host(1), "host holds three sources")
        s.mld(20, .reportV2([MLDRecordRepr(type: .blockOldSources, address: L.ssmGroup, sources: L.sources(2..<3))]), from: L.host(1), "host blocks one")
        s.mld(20.1, L.specificQuery(L.ssmGroup, sources: L.sources(2..<3)), from: L.routerA, "the querier asks who still wants it")
        s.mld(21.1, L.specificQuery(L.ssmGroup, sources: L.sources(2..<3)), from: L.routerA, "and again, Last Listener Query Count times")
        return capture("context-mld-source-list-queries.pcap", "Twin of the MLD storm: a querier's source-specific queries after a host blocks a source. Clean.", s.packets)
    }

    static var mldQueryFlood: SampleCapture {
        var s = Story()
        for i in 0..<101 {
            let flood = i == 100
            s.mld(Double(i) * 0.05, .queryV1(), from: L.attacker, flood ? "the 101st query in 5 s" : "MLDv1 General Query",
                  verdict: flood ? .suspicious : .clean, rules: flood ? [.mldQueryFlood] : [])
        }
        return capture("context-mld-query-flood.pcap", "An MLD query flood from one source: 101 queries in 5 s (limit 100 per 10 s).", s.packets)
    }

    static var mldRouterStartup: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA, "startup query 1 (Startup Query Count 2, a quarter interval apart)")
        s.mldGeneralQuery(31, from: L.routerA, "startup query 2")
        for i in 0..<40 {
            let t = 40 + 2 * Double(i)
            s.mld(t, .reportV1(L.group(i)), from: L.host(i), "host starts listening")
            s.mld(t + 0.5, .done(L.group(i)), from: L.host(i), "and stops (Done)")
            s.mld(t + 0.6, L.specificQuery(L.group(i)), from: L.routerA, "multicast-address-specific query")
            s.mld(t + 1.6, L.specificQuery(L.group(i)), from: L.routerA, "and again (Last Listener Query Count 2)")
        }
        s.mldGeneralQuery(156, from: L.routerA, "General Query, a Query Interval on")
        return capture("context-mld-router-startup.pcap", "Twin of the MLD query flood: a router's startup queries, and two address-specific queries for each of 40 Done messages in 80 s. Clean.", s.packets)
    }

    static var mldReportFlood: SampleCapture {
        var s = Story()
        for i in 0..<1001 {
            let flood = i == 1000
            s.mld(Double(i) * 0.005, .reportV1(L.group(1)), from: L.attacker, flood ? "the 1,001st report in 5 s" : "MLDv1 report",
                  verdict: flood ? .suspicious : .clean, rules: flood ? [.mldReportFlood] : [])
        }
        return capture("context-mld-report-flood.pcap", "An MLD report flood from one source: 1,001 reports in 5 s (limit 1,000 per 10 s).", s.packets)
    }

    static var mldGeneralQueryAnswer: SampleCapture {
        var s = Story()
        s.mldGeneralQuery(0, from: L.routerA)
        for i in 0..<400 {
            s.mld(0.1 + Double(i) * 0.02, L.listening(L.group(i)), from: L.host(1), "report for one of its 400 addresses")
        }
        return capture("context-mld-general-query-answer.pcap", "Twin of the MLD report flood: a host answers a General Query with a report for each of its 400 addresses in 8 s. Clean.", s.packets)
    }

    static var mldDoneFlood: SampleCapture {
        var s = Story()
        for i in 0..<1001 {
            let flood = i == 1000
            s.mld(Double(i) * 0.005, .done(L.group(1)), from: L.attacker, flood ? "the 1,001st Done in 5 s" : "MLDv1 Done",
                  verdict: flood ? .suspicious : .clean, rules: flood ? [.mldDoneFlood] : [])
        }
        return capture("context-mld-done-flood.pcap", "An MLD Done flood from one source: 1,001 Done messages in 5 s (limit 1,000 per 10 s).", s.packets)
    }

    static var mldHostShutdown: SampleCapture {
        var s = Story()
        for i in 0..<300 { s.mld(Double(i) * 0.1, L.join(L.group(i)), from: L.host(1), "host joins one of 300 addresses") }
        for i in 0..<300 { s.mld(100 + Double(i) * 0.01, L.leave(L.group(i)), from: L.host(1), "at shutdown it leaves each (TO_IN({}))") }
        return capture("context-mld-host-shutdown.pcap", "Twin of the MLD Done flood: a host that listened to 300 addresses leaves them all in 3 s. Clean.", s.packets)
    }

    // MARK: caps

    static var mldHostGroupCap: SampleCapture {
        var s = Story()
        for i in 0..<501 {
            let over = i == 500
            s.mld(Double(i) * 0.01, L.join(L.group(i)), from: L.attacker, over ? "the 501st address this host listens to" : "joins a new address",
                  verdict: over ? .suspicious : .clean, rules: over ? [.mldHostGroupCap] : [])
        }
        return capture("context-mld-host-group-cap.pcap", "One host listens to 501 multicast addresses (cap 500): state exhaustion.", s.packets)
    }

    static var mldHostGroupsOverTime: SampleCapture {
        var s = Story()
        for i in 0..<300 { s.mld(Double(i) * 0.01, L.join(L.group(i)), from: L.host(1), "joins one of 300 addresses") }
        for i in 0..<300 {
            s.mld(300 + Double(i) * 0.01, L.join(L.group(1000 + i)), from: L.host(1),
                  "300 s later (the first 300 expired, never refreshed) joins one of 300 others")
        }
        return capture("context-mld-host-groups-over-time.pcap", "Twin of the MLD cap: 600 addresses joined, never more than 300 held at once. Clean.", s.packets)
    }

    static var mldHostSourceCap: SampleCapture {
        var s = Story()
        s.mld(0, .reportV2([MLDRecordRepr(type: .changeToInclude, address: L.ssmGroup, sources: L.sources(0..<60))]), from: L.attacker,
              "host asks for 60 sources of ff35::1:2")
        s.mld(1, .reportV2([MLDRecordRepr(type: .allowNewSources, address: L.ssmGroup, sources: L.sources(60..<110))]), from: L.attacker,
              "ALLOW 50 more: 110 sources (cap 100)", verdict: .suspicious, rules: [.mldHostSourceCap])
        return capture("context-mld-host-source-cap.pcap", "One host's MLD filter for one address grows past 100 sources.", s.packets)
    }

    static var mldHostSourceChanges: SampleCapture {
        var s = Story()
        let first = L.sources(0..<60), more = L.sources(60..<90)
        s.mld(0, .reportV2([MLDRecordRepr(type: .changeToInclude, address: L.ssmGroup, sources: first)]), from: L.host(1), "host asks for 60 sources")
        s.mld(1, .reportV2([MLDRecordRepr(type: .allowNewSources, address: L.ssmGroup, sources: more)]), from: L.host(1), "ALLOW 30 more: 90")
        s.mld(2, .reportV2([MLDRecordRepr(type: .allowNewSources, address: L.ssmGroup, sources: more)]), from: L.host(1),
              "the same change retransmitted (Robustness Variable): still 90")
        s.mld(3, .reportV2([MLDRecordRepr(type: .blockOldSources, address: L.ssmGroup, sources: Array(first.prefix(20)))]), from: L.host(1), "BLOCK 20: 70")
        s.mld(4, .reportV2([MLDRecordRepr(type: .allowNewSources, address: L.ssmGroup, sources: Array(first.prefix(20)))]), from: L.host(1), "ALLOW them back: 90")
        return capture("context-mld-host-source-changes.pcap", "Twin of the MLD source cap: a filter changed and retransmitted, never past 100 sources. Clean.", s.packets)
    }

    // MARK: a healthy dual-stack link

    /// An hour of a healthy dual-stack link: an MLDv2 querier and an IGMPv3 querier (each elected apart, the MLD
    /// one at a higher address than fe80::1 would be, the IGMP one at 192.0.2.1), 20 hosts answering both, joining
    /// and leaving, and an MLD querier failover to a higher address halfway.
    static var mldHealthyLink: SampleCapture {
        var s = Story()
        var random = SyntheticTraffic(seed: 0x2026_1208)
        var held: [[Int]] = (0..<20).map { h in [h % 6, 6 + h % 4] }
        var time = 0.0
        var querier = L.routerA
        var failed = false
        while time < 3600 {
            if !failed && time >= 1800 {
                failed = true
                time += 260
                querier = L.routerB
                s.mldGeneralQuery(time, from: querier, "fe80::b takes over after fe80::a fell silent")
                time += 31
            }
            s.mldGeneralQuery(time, from: querier)
            s.generalQuery(time + 0.05, from: routerA, "IGMPv3 General Query from 192.0.2.1: IGMP's own querier")
            for h in 0..<20 {
                let t = time + 0.1 + Double(h) * 0.3
                let records = held[h].map { MLDRecordRepr(type: .modeIsExclude, address: L.group($0)) }
                if !records.isEmpty { s.mld(t, .reportV2(records), from: L.host(h), "host reports its addresses") }
                s.at(t + 0.1, Net.frame(membership(group(h % 4)), from: host(h)), "and its IPv4 group")
            }
            let leaver = random.below(20), joiner = random.below(20)
            if let g = held[leaver].first {
                held[leaver].removeFirst()
                s.mld(time + 40, L.leave(L.group(g)), from: L.host(leaver), "host leaves an address")
                s.mld(time + 40.1, L.specificQuery(L.group(g)), from: querier, "address-specific query")
                s.mld(time + 41.1, L.specificQuery(L.group(g)), from: querier, "and again")
            }
            let g = random.below(10)
            if !held[joiner].contains(g) {
                held[joiner].append(g)
                s.mld(time + 70, L.join(L.group(g)), from: L.host(joiner), "host joins an address")
            }
            time += 125
        }
        return capture("context-mld-healthy-link.pcap", "An hour of a healthy dual-stack link: an MLDv2 and an IGMPv3 querier each elected on its own, 20 hosts reporting both, joining and leaving, and an MLD querier failover to a higher address. Clean: no traffic finding at all.", s.packets)
    }
}
