import Foundation
import IGMP
import IGMPCapture
import Testing

/// The output contracts of issue #3: NDJSON keys and types, EVE shape, text lines, --all, exit statuses.
@Suite struct OutputFormatTests {
    @Test func ndjsonPacketAndSummarySchema() throws {
        let result = try Tool.run(["scan", "--format", "ndjson", "Captures/demo.pcap", "Captures/suspicious-mix.pcap"])
        #expect(result.status == 1)
        #expect(result.lines.count == result.objects.count, "every line is one JSON object")
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count == 5 + 13)
        for p in packets {
            #expect(p["file"] is String)
            #expect(p["frame"] is Int && (p["frame"] as! Int) >= 1)
            let ts = try #require(p["ts"] as? String)
            #expect(ts.hasSuffix("Z") && ts.contains("T") && ts.count >= 20)
            #expect(p["src"] is String && p["dst"] is String)
            #expect(["suspicious", "hostile"].contains(p["verdict"] as? String))
            let findings = try #require(p["findings"] as? [[String: Any]])
            #expect(!findings.isEmpty)
            for f in findings {
                let rule = try #require(f["rule"] as? String)
                #expect(Rule(id: rule) != nil)
                #expect(["info", "warning", "hostile"].contains(f["severity"] as? String))
                #expect(f["offset"] is Int)
                #expect(f["message"] is String)
                #expect(f["refs"] is [String])
            }
            // The verdict is the worst finding.
            let worst = findings.compactMap { ($0["severity"] as? String).flatMap { s in Severity.allCases.first { $0.description == s } } }.max()
            #expect(p["verdict"] as? String == Verdict(worst: worst).description)
        }
        let fragment = try #require(packets.first { ($0["findings"] as? [[String: Any]])?.contains { $0["rule"] as? String == "fragmented-igmp" } == true })
        #expect(fragment["igmp"] == nil, "a fragment has no decoded message")
        let report = try #require(packets.first { ($0["igmp"] as? [String: Any])?["kind"] as? String == "report-v3" })
        let igmp = try #require(report["igmp"] as? [String: Any])
        let records = try #require(igmp["records"] as? [[String: Any]])
        #expect(records.allSatisfy { $0["type"] is String && $0["group"] is String && $0["sources"] is [String] })

        let summaries = result.objects.filter { $0["event"] as? String == "summary" }
        #expect(summaries.map { $0["file"] as? String } == ["Captures/demo.pcap", "Captures/suspicious-mix.pcap"])
        for s in summaries {
            for key in ["packets", "igmp", "clean", "suspicious", "hostile", "truncated"] { #expect(s[key] is Int, "\(key)") }
            #expect(s["rules"] is [String: Int])
            #expect((s["clean"] as! Int) + (s["suspicious"] as! Int) + (s["hostile"] as! Int) == s["igmp"] as! Int)
        }
        #expect(summaries[0]["hostile"] as? Int == 4)
        #expect((summaries[0]["rules"] as? [String: Int])?["ms06-007-options"] == 1)
    }

    @Test func withoutAllOnlyFlaggedPacketsWithAllEveryIGMPPacket() throws {
        let flagged = try Tool.run(["scan", "--format", "ndjson", "Captures/benign-mix.pcap"])
        #expect(flagged.status == 0)
        #expect(flagged.objects.filter { $0["event"] as? String == "packet" }.isEmpty)
        let all = try Tool.run(["scan", "--all", "--format", "ndjson", "Captures/benign-mix.pcap"])
        let packets = all.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count == 19) // 21 frames, 2 of them not IGMP
        #expect(packets.allSatisfy { $0["verdict"] as? String == "clean" })
        #expect(!packets.contains { $0["frame"] as? Int == 20 || $0["frame"] as? Int == 21 })
        // Fragments are IGMP packets too.
        let fragments = try Tool.run(["scan", "--all", "--format", "ndjson", "Captures/hostile-fragmented-igmp.pcap"])
        #expect(fragments.objects.filter { $0["event"] as? String == "packet" }.count == 2)
    }

    /// --all changes what is printed, never what is counted: every capture's summary is the same with and without
    /// it. (Packets without findings are counted on a short path of their own; a clean packet can still carry info
    /// findings, such as the capture cuts of truncated-snaplen.pcap, and those must reach the per-rule counts.)
    @Test func summariesDoNotDependOnAll() throws {
        let captures = try FileManager.default.contentsOfDirectory(atPath: "Captures").filter { $0.hasSuffix(".pcap") }.sorted()
        #expect(captures.count >= 10)
        func summary(_ arguments: [String]) throws -> NSDictionary? {
            let result = try Tool.run(["scan", "--format", "ndjson"] + arguments)
            return result.objects.first { $0["event"] as? String == "summary" }.map { NSDictionary(dictionary: $0) }
        }
        var infoOnClean = 0
        for capture in captures {
            let path = "Captures/" + capture
            let plain = try #require(try summary([path]), "\(capture)")
            let all = try #require(try summary(["--all", path]), "\(capture)")
            #expect(plain == all, "\(capture): \(plain) vs \(all)")
            if capture == "truncated-snaplen.pcap" {
                infoOnClean = (plain["rules"] as? [String: Int])?["capture-truncated"] ?? 0
            }
        }
        #expect(infoOnClean > 0, "truncated-snaplen.pcap should count its clean packets' capture-truncated findings")
    }

    @Test func eveAlertsHaveSuricataShape() throws {
        let result = try Tool.run(["scan", "--format", "eve", "Captures/hostile-ms06-007.pcap"])
        #expect(result.status == 1)
        let alerts = result.objects
        #expect(alerts.count == 5, "one alert per hostile finding; info findings only with --all")
        for a in alerts {
            #expect(a["event_type"] as? String == "alert")
            let ts = try #require(a["timestamp"] as? String)
            #expect(ts.hasSuffix("+0000"))
            #expect(a["src_ip"] as? String == "198.51.100.66")
            #expect(a["dest_ip"] is String)
            #expect(a["proto"] as? String == "IGMP")
            let alert = try #require(a["alert"] as? [String: Any])
            #expect(alert["signature_id"] as? Int == Rule.ms06007OptionsPattern.signatureID)
            #expect((alert["signature"] as? String)?.contains("ms06-007-options") == true)
            #expect(alert["severity"] as? Int == 1)
            #expect(alert["category"] as? String == "Attempted Denial of Service")
        }
        let withInfo = try Tool.run(["scan", "--all", "--format", "eve", "Captures/hostile-ms06-007.pcap"])
        #expect(withInfo.objects.count == 10) // plus router-alert-missing on each
    }

    @Test func textLinesAndSummaryTable() throws {
        let result = try Tool.run(["scan", "Captures/hostile-query-source-count-overflow.pcap"])
        #expect(result.status == 1)
        let lines = result.lines
        #expect(lines[0].contains("198.51.100.66 > 232.1.2.3"))
        #expect(lines[0].contains("HOSTILE"))
        #expect(lines[0].contains("query-source-count-overflow@48"))
        #expect(lines[0].hasPrefix("     1 2026-01-01T00:00:00.000000Z"))
        #expect(result.stdout.contains("2 packets, 2 IGMP: 0 clean, 0 suspicious, 2 hostile"))
        #expect(lines.contains { $0.contains("query-source-count-overflow") && $0.contains("hostile") && $0.hasSuffix(" 2") })
    }

    @Test func filterKeepsFileGlobalFrameNumbers() throws {
        let result = try Tool.run(["scan", "--all", "--format", "ndjson", "--filter", "ip dst 224.0.0.22", "Captures/benign-mix.pcap"])
        #expect(result.status == 0)
        let frames = result.objects.filter { $0["event"] as? String == "packet" }.compactMap { $0["frame"] as? Int }
        // Frame 14 is VLAN-tagged: BPF's `ip` does not look inside a tag (tcpdump needs `vlan and ...`).
        #expect(frames == [11, 12, 13])
        let tagged = try Tool.run(["scan", "--all", "--format", "ndjson", "--filter", "vlan and ip dst 224.0.0.22", "Captures/benign-mix.pcap"])
        #expect(tagged.objects.filter { $0["event"] as? String == "packet" }.compactMap { $0["frame"] as? Int } == [14])
        let summary = try #require(result.objects.last)
        #expect(summary["packets"] as? Int == 21)
        let bad = try Tool.run(["scan", "--filter", "ip dst ((", "Captures/benign-mix.pcap"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Captures/benign-mix.pcap: bad filter"))
    }

    @Test func rulesCommandPrintsTheCatalogue() throws {
        let text = try Tool.run(["rules"])
        #expect(text.status == 0)
        for rule in Rule.allCases { #expect(text.stdout.contains(rule.id)) }
        #expect(text.stdout.contains("CVE-2006-0021"))
        let markdown = try Tool.run(["rules", "--format", "markdown"])
        let doc = try String(contentsOf: Tool.repositoryRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(markdown.stdout == doc + "\n")
        let json = try Tool.run(["rules", "--format", "json"])
        #expect(json.objects.count == Rule.allCases.count)
    }

    @Test func usageErrorsExitTwoAndHelpExitsZero() throws {
        #expect(try Tool.run(["scan"]).status == 2)
        // A wrong format names every format (`NamedOptionValue` gives swift-argument-parser the list it shows).
        let badFormat = try Tool.run(["scan", "--format", "xml", "Captures/demo.pcap"])
        #expect(badFormat.status == 2)
        #expect(badFormat.stderr.contains("Please provide one of 'text', 'ndjson' or 'eve'."), "\(badFormat.stderr)")
        let badRulesFormat = try Tool.run(["rules", "--format", "xml"])
        #expect(badRulesFormat.status == 2)
        #expect(badRulesFormat.stderr.contains("Please provide one of 'text', 'markdown' or 'json'."), "\(badRulesFormat.stderr)")
        #expect(try Tool.run(["frobnicate"]).status == 2)
        let help = try Tool.run(["scan", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("EXIT STATUS"))
        #expect(try Tool.run(["--help"]).stdout.contains("EXIT STATUS"))
    }

    /// A statistics line more often than ten times a second is a mistake, not a setting (and would cost the capture
    /// loop): a usage error before any interface is opened.
    @Test func absurdStatsIntervalsAreUsageErrors() throws {
        for interval in ["0.05", "0", "-1", "nan", "inf"] {
            let result = try Tool.run(["live", "-i", "lo", "--duration", "1", "--stats-interval=\(interval)"])
            #expect(result.status == 2, "\(interval)")
            #expect(result.stderr.contains("--stats-interval must be at least 0.1 seconds."), "\(interval): \(result.stderr)")
        }
    }

    /// Output lines are written in place into a buffer that is flushed once 64 KiB are waiting: a line longer than
    /// the room left (an NDJSON packet listing 16,000 sources, ~400 KB) must grow it and come out whole, in order.
    @Test func ndjsonLineLongerThanTheOutputBufferComesOutWhole() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("jumbo.pcap").path
        let sources = (0..<16_000).map { IPv4Address(rawValue: 0x0a00_0000 + UInt32($0)) }
        let jumbo = FrameRepr.conforming(.reportV3([GroupRecordRepr(type: .modeIsInclude, group: IPv4Address(239, 1, 2, 3),
                                                                    sources: sources)]),
                                         from: IPv4Address(192, 0, 2, 10)).bytes
        let small = FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 2, 3)), from: IPv4Address(192, 0, 2, 10)).bytes
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        for i in 0..<6 { writer.write(i % 2 == 0 ? jumbo : small, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0)) }
        writer.close()

        let result = try Tool.run(["scan", "--all", "--format", "ndjson", path])
        #expect(result.status == 0) // too many sources for one MTU is a warning, not hostile
        #expect(result.lines.count == result.objects.count, "every line is one whole JSON object")
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.map { $0["frame"] as? Int } == [1, 2, 3, 4, 5, 6])
        for packet in packets where (packet["frame"] as? Int ?? 0) % 2 == 1 {
            let igmp = try #require(packet["igmp"] as? [String: Any])
            let records = try #require(igmp["records"] as? [[String: Any]])
            let listed = try #require(records.first?["sources"] as? [String])
            #expect(listed.count == 16_000)
            #expect(listed.first == "10.0.0.0" && listed.last == "10.0.62.127")
        }
        #expect(result.stdout.utf8.count > 1_000_000)
        #expect(result.objects.last?["event"] as? String == "summary")
    }
}
