import IGMP

/// The sample captures of the rules that judge traffic: per rule, the attack's story and its negative twin (the
/// legitimate version of the same story), and a long healthy segment. Every packet is clean judged alone; only its
/// place in the traffic makes the trigger a finding.
extension SampleCatalog {
    public static var trafficScenarios: [SampleCapture] {
        [querierTakeover, querierFailover, querierNotListed, queriersListed, versionDowngrade, versionReplaced,
         sourceListQueryStorm, sourceListQueries, queryFlood, routerStartup, reportFlood, generalQueryAnswer,
         leaveFlood, hostShutdown, hostGroupCap, hostGroupsOverTime, hostSourceCap, hostSourceChanges, healthySegment]
            + mldTrafficScenarios
    }

    /// A story told packet by packet, each at its own time (seconds after the samples' epoch).
    struct Story {
        var packets: [SamplePacket] = []

        mutating func at(_ time: Double, _ bytes: [UInt8], _ note: String, verdict: Verdict = .clean, rules: [Rule] = [],
                         isMLD: Bool = false) {
            packets.append(SamplePacket(bytes, verdict: verdict, rules: rules, isMLD: isMLD, note: note, time: time))
        }

        /// A v3 General Query from `router`.
        mutating func generalQuery(_ time: Double, from router: IPv4Address, _ note: String = "IGMPv3 General Query") {
            at(time, Net.frame(.queryV3(QueryV3Repr()), from: router), note)
        }
    }

    static let routerA = IPv4Address(192, 0, 2, 1)
    static let routerB = IPv4Address(192, 0, 2, 2)
    static let rogue = IPv4Address(10, 66, 0, 1)
    static func host(_ n: Int) -> IPv4Address { IPv4Address(rawValue: 0xc000_0264 + UInt32(n)) } // 192.0.2.100 + n
    static func group(_ n: Int) -> IPv4Address { IPv4Address(rawValue: 0xef01_0000 + UInt32(n)) }  // 239.1.0.0 + n
    static func join(_ group: IPv4Address) -> IGMPRepr { .reportV3([GroupRecordRepr(type: .changeToExclude, group: group)]) }
    static func membership(_ group: IPv4Address) -> IGMPRepr { .reportV3([GroupRecordRepr(type: .modeIsExclude, group: group)]) }
    static func leaveV3(_ group: IPv4Address) -> IGMPRepr { .reportV3([GroupRecordRepr(type: .changeToInclude, group: group)]) }

    // MARK: querier election

    static var querierTakeover: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA, "IGMPv3 General Query from 192.0.2.1: the querier")
        s.at(1, Net.frame(join(group(1)), from: host(1)), "host joins 239.1.0.1")
        s.generalQuery(125, from: routerA)
        s.at(130, Net.frame(.queryV3(QueryV3Repr()), from: rogue), "General Query from 10.66.0.1 while 192.0.2.1 is present: lower address, takes over",
             verdict: .suspicious, rules: [.querierTakeover])
        s.generalQuery(250, from: routerA, "192.0.2.1 queries on, now a non-querier")
        return capture("context-querier-takeover.pcap", "A forged General Query from a lower address takes the querier role from a querier still present.", s.packets)
    }

    static var querierFailover: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA, "IGMPv3 General Query from 192.0.2.1: the querier")
        s.generalQuery(125, from: routerA)
        s.generalQuery(250, from: routerA, "last query of 192.0.2.1, which then fails")
        s.at(260, Net.frame(membership(group(1)), from: host(1)), "a host answers")
        s.generalQuery(506, from: routerB, "192.0.2.2 takes over after the Other Querier Present Interval (255 s) ran out")
        s.generalQuery(537, from: routerB, "its second startup query, a quarter interval later")
        s.generalQuery(300 + 506, from: IPv4Address(192, 0, 2, 0), "a lower address after 192.0.2.2 fell silent too")
        return capture("context-querier-failover.pcap", "Twin of the takeover: a querier fails and a higher, then a lower address take over after it fell silent. Clean.", s.packets)
    }

    static var querierNotListed: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA, "IGMPv3 General Query from 192.0.2.1, the listed querier")
        s.at(60, Net.frame(.queryV3(QueryV3Repr()), from: IPv4Address(192, 0, 2, 99)), "General Query from 192.0.2.99, not on the --querier list",
             verdict: .hostile, rules: [.querierNotListed])
        s.generalQuery(125, from: routerA)
        s.at(185, Net.frame(.queryV3(QueryV3Repr()), from: IPv4Address(192, 0, 2, 99)), "192.0.2.99 again: said once per source")
        var c = capture("context-querier-not-listed.pcap", "Scanned with --querier 192.0.2.1: a query from another router is a rogue querier.", s.packets)
        c.scanArguments = ["--querier", "192.0.2.1"]
        return c
    }

    static var queriersListed: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerB, "IGMPv3 General Query from 192.0.2.2")
        s.generalQuery(60, from: routerA, "192.0.2.1 starts: lower, takes over; both are listed")
        s.generalQuery(91, from: routerA, "its second startup query")
        var c = capture("context-queriers-listed.pcap", "Twin of not-listed: both routers are on --querier 192.0.2.1,192.0.2.2, and the lower one's election is no finding. Clean.", s.packets)
        c.scanArguments = ["--querier", "192.0.2.1,192.0.2.2"]
        return c
    }

    // MARK: version

    static var versionDowngrade: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA, "IGMPv3 General Query from 192.0.2.1: an IGMPv3 segment")
        s.at(2, Net.frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: Net.ssmGroup, sources: [Net.sources[0]])]), from: host(1)),
             "host holds an SSM source")
        s.at(30, Net.frame(.queryV2(), from: Net.attacker), "IGMPv2 General Query from 198.51.100.66: hosts fall back to IGMPv2, SSM stops",
             verdict: .suspicious, rules: [.versionDowngrade])
        s.at(155, Net.frame(.queryV2(), from: Net.attacker), "again: said once per source")
        return capture("context-version-downgrade.pcap", "An older-version query on a segment whose querier speaks IGMPv3.", s.packets)
    }

    static var versionReplaced: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA, "IGMPv3 General Query from 192.0.2.1, its last")
        s.at(300, Net.frame(.queryV2(), from: routerB), "IGMPv2 General Query from 192.0.2.2 after the IGMPv3 querier's presence ran out")
        s.at(302, Net.frame(.reportV2(group(1)), from: host(1)), "a host answers in IGMPv2")
        s.at(425, Net.frame(.queryV2(), from: routerB), "the IGMPv2 querier queries on")
        return capture("context-version-replaced.pcap", "Twin of the downgrade: an IGMPv3 router is replaced by an IGMPv2 one after it fell silent. Clean.", s.packets)
    }

    // MARK: query storms and floods

    static var sourceListQueryStorm: SampleCapture {
        var s = Story()
        let sources = (0..<100).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
        for i in 0..<12 {
            let storm = i == 10
            s.at(Double(i) * 0.2, Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(i), sources: sources)), from: Net.attacker),
                 storm ? "the eleventh 100-source group-and-source-specific query in 2 s: 1,100 sources" : "group-and-source-specific query, 100 sources",
                 verdict: storm ? .hostile : .clean, rules: storm ? [.sourceListQueryStorm] : [])
        }
        return capture("context-source-list-query-storm.pcap", "IGMPv3 queries with many sources, repeated fast: the MS08-001 (CVE-2007-0069) pattern.", s.packets)
    }

    static var sourceListQueries: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA)
        s.at(1, Net.frame(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: Net.ssmGroup, sources: Net.sources)]), from: host(1)), "host holds three sources")
        s.at(20, Net.frame(.reportV3([GroupRecordRepr(type: .blockOldSources, group: Net.ssmGroup, sources: [Net.sources[2]])]), from: host(1)), "host blocks one")
        s.at(20.1, Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: Net.ssmGroup, sources: [Net.sources[2]])), from: routerA),
             "the querier asks who still wants it")
        s.at(21.1, Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: Net.ssmGroup, sources: [Net.sources[2]])), from: routerA),
             "and again, Last Member Query Count times")
        return capture("context-source-list-queries.pcap", "Twin of the storm: a querier's group-and-source-specific queries after a host blocks a source. Clean.", s.packets)
    }

    static var queryFlood: SampleCapture {
        var s = Story()
        for i in 0..<101 {
            let flood = i == 100
            s.at(Double(i) * 0.05, Net.frame(.queryV2(), from: Net.attacker), flood ? "the 101st query in 5 s" : "IGMPv2 General Query",
                 verdict: flood ? .suspicious : .clean, rules: flood ? [.queryFlood] : [])
        }
        return capture("context-query-flood.pcap", "A query flood from one source: 101 queries in 5 s (limit 100 per 10 s).", s.packets)
    }

    static var routerStartup: SampleCapture {
        var s = Story()
        s.generalQuery(0, from: routerA, "startup query 1 (Startup Query Count 2, a quarter interval apart)")
        s.generalQuery(31, from: routerA, "startup query 2")
        for i in 0..<40 {
            let t = 40 + 2 * Double(i)
            s.at(t, Net.frame(.reportV2(group(i)), from: host(i)), "host joins")
            s.at(t + 0.5, Net.frame(.leave(group(i)), from: host(i)), "and leaves (channel change)")
            // An IGMPv3 querier's group-specific queries, which IGMPv2 hosts read as theirs (RFC 3376 7.2.1).
            s.at(t + 0.6, Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(i))), from: routerA), "group-specific query")
            s.at(t + 1.6, Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(i))), from: routerA), "and again (Last Member Query Count 2)")
        }
        s.generalQuery(156, from: routerA, "General Query, a Query Interval on")
        return capture("context-router-startup.pcap", "Twin of the flood: a router's startup queries, and two group-specific queries for each of 40 leaves in 80 s. Clean.", s.packets)
    }

    static var reportFlood: SampleCapture {
        var s = Story()
        for i in 0..<1001 {
            let flood = i == 1000
            s.at(Double(i) * 0.005, Net.frame(.reportV2(Net.groupA), from: Net.attacker), flood ? "the 1,001st report in 5 s" : "IGMPv2 report",
                 verdict: flood ? .suspicious : .clean, rules: flood ? [.reportFlood] : [])
        }
        return capture("context-report-flood.pcap", "A report flood from one source: 1,001 reports in 5 s (limit 1,000 per 10 s).", s.packets)
    }

    static var generalQueryAnswer: SampleCapture {
        var s = Story()
        s.at(0, Net.frame(.queryV2(), from: routerA), "IGMPv2 General Query (10 s)")
        for i in 0..<400 {
            s.at(0.1 + Double(i) * 0.02, Net.frame(.reportV2(group(i)), from: host(1)), "report for one of its 400 groups")
        }
        return capture("context-general-query-answer.pcap", "Twin of the report flood: a host answers a General Query with a report for each of its 400 groups in 8 s. Clean.", s.packets)
    }

    static var leaveFlood: SampleCapture {
        var s = Story()
        for i in 0..<1001 {
            let flood = i == 1000
            s.at(Double(i) * 0.005, Net.frame(.leave(Net.groupA), from: Net.attacker), flood ? "the 1,001st leave in 5 s" : "IGMPv2 Leave Group",
                 verdict: flood ? .suspicious : .clean, rules: flood ? [.leaveFlood] : [])
        }
        return capture("context-leave-flood.pcap", "A leave flood from one source: 1,001 leaves in 5 s (limit 1,000 per 10 s).", s.packets)
    }

    static var hostShutdown: SampleCapture {
        var s = Story()
        for i in 0..<300 { s.at(Double(i) * 0.1, Net.frame(join(group(i)), from: host(1)), "host joins one of 300 groups") }
        for i in 0..<300 { s.at(100 + Double(i) * 0.01, Net.frame(leaveV3(group(i)), from: host(1)), "at shutdown it leaves each") }
        return capture("context-host-shutdown.pcap", "Twin of the leave flood: a host that held 300 groups leaves them all in 3 s. Clean.", s.packets)
    }

    // MARK: caps

    static var hostGroupCap: SampleCapture {
        var s = Story()
        for i in 0..<501 {
            let over = i == 500
            s.at(Double(i) * 0.01, Net.frame(join(group(i)), from: Net.attacker), over ? "the 501st group this host holds" : "joins a new group",
                 verdict: over ? .suspicious : .clean, rules: over ? [.hostGroupCap] : [])
        }
        return capture("context-host-group-cap.pcap", "One host joins 501 groups (cap 500): state exhaustion.", s.packets)
    }

    static var hostGroupsOverTime: SampleCapture {
        var s = Story()
        for i in 0..<300 { s.at(Double(i) * 0.01, Net.frame(join(group(i)), from: host(1)), "joins one of 300 groups") }
        for i in 0..<300 {
            s.at(300 + Double(i) * 0.01, Net.frame(join(group(1000 + i)), from: host(1)),
                 "300 s later (the first 300 expired, never refreshed) joins one of 300 others")
        }
        return capture("context-host-groups-over-time.pcap", "Twin of the cap: 600 groups joined, never more than 300 held at once. Clean.", s.packets)
    }

    static var hostSourceCap: SampleCapture {
        var s = Story()
        let first = (0..<60).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
        let more = (60..<110).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
        s.at(0, Net.frame(.reportV3([GroupRecordRepr(type: .changeToInclude, group: Net.ssmGroup, sources: first)]), from: Net.attacker),
             "host asks for 60 sources of 232.1.2.3")
        s.at(1, Net.frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: Net.ssmGroup, sources: more)]), from: Net.attacker),
             "ALLOW 50 more: 110 sources (cap 100)", verdict: .suspicious, rules: [.hostSourceCap])
        return capture("context-host-source-cap.pcap", "One host's filter for one group grows past 100 sources.", s.packets)
    }

    static var hostSourceChanges: SampleCapture {
        var s = Story()
        let first = (0..<60).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
        let more = (60..<90).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
        s.at(0, Net.frame(.reportV3([GroupRecordRepr(type: .changeToInclude, group: Net.ssmGroup, sources: first)]), from: host(1)),
             "host asks for 60 sources")
        s.at(1, Net.frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: Net.ssmGroup, sources: more)]), from: host(1)),
             "ALLOW 30 more: 90")
        s.at(2, Net.frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: Net.ssmGroup, sources: more)]), from: host(1)),
             "the same change retransmitted (Robustness Variable): still 90")
        s.at(3, Net.frame(.reportV3([GroupRecordRepr(type: .blockOldSources, group: Net.ssmGroup, sources: Array(first.prefix(20)))]), from: host(1)),
             "BLOCK 20: 70")
        s.at(4, Net.frame(.reportV3([GroupRecordRepr(type: .allowNewSources, group: Net.ssmGroup, sources: Array(first.prefix(20)))]), from: host(1)),
             "ALLOW them back: 90")
        return capture("context-host-source-changes.pcap", "Twin of the source cap: a filter changed and retransmitted, never past 100 sources. Clean.", s.packets)
    }

    // MARK: a healthy segment

    /// Two hours of a healthy IGMPv3 segment: a querier every 125 s, 30 hosts answering with their groups, joining
    /// and leaving (each leave followed by the querier's group-specific queries), and a failover to a higher address
    /// after the first querier fails.
    static var healthySegment: SampleCapture {
        var s = Story()
        var random = SyntheticTraffic(seed: 0x2026_1207)
        var held: [[Int]] = (0..<30).map { h in [h % 8, 8 + h % 5] } // each host holds two of 13 groups
        var time = 0.0
        var querier = routerA
        var failedAt: Double?
        while time < 7200 {
            if failedAt == nil && time >= 3600 {
                failedAt = time
                time += 260 // the querier fails; routerB waits out the Other Querier Present Interval
                querier = routerB
                s.generalQuery(time, from: querier, "192.0.2.2 takes over after 192.0.2.1 fell silent")
                time += 31
            }
            s.generalQuery(time, from: querier)
            for h in 0..<30 {
                let t = time + 0.1 + Double(h) * 0.3
                let records = held[h].map { GroupRecordRepr(type: .modeIsExclude, group: group($0)) }
                if !records.isEmpty { s.at(t, Net.frame(.reportV3(records), from: host(h)), "host reports its groups") }
            }
            // One host leaves a group, another joins one, between queries.
            let leaver = random.below(30), joiner = random.below(30)
            if let g = held[leaver].first {
                held[leaver].removeFirst()
                s.at(time + 40, Net.frame(leaveV3(group(g)), from: host(leaver)), "host leaves a group")
                let query = Net.frame(.queryV3(QueryV3Repr(maxRespCode: 10, group: group(g))), from: querier)
                s.at(time + 40.1, query, "group-specific query")
                s.at(time + 41.1, query, "and again")
            }
            let g = random.below(13)
            if !held[joiner].contains(g) {
                held[joiner].append(g)
                s.at(time + 70, Net.frame(join(group(g)), from: host(joiner)), "host joins a group")
            }
            time += 125
        }
        return capture("context-healthy-segment.pcap", "Two hours of a healthy IGMPv3 segment: a General Query every 125 s, 30 hosts reporting, joining and leaving, and a querier failover to a higher address after the first querier fails. Clean: no traffic finding at all.", s.packets)
    }
}
