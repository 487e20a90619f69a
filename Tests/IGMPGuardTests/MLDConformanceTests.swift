import Foundation
import Testing

/// The 38 MLD packets of other projects' captures (../shared/reference/captures/MANIFEST.md), decoded by the real
/// binary and held field by field to tshark's decoding (`icmpv6.mld.*`, `icmpv6.mldr.*`); and the real ones come out
/// clean or with documented info findings only.
@Suite(.enabled(if: Tool.referenceDirectory != nil, "../shared/reference/captures is absent: MLD reference tests skipped"))
struct MLDConformanceTests {
    /// The captures, with how many MLD packets each holds and whether it was captured from a real stack.
    static let captures: [(path: String, count: Int, real: Bool)] = [
        ("tcpdump/icmpv6.pcap", 4, true), ("tcpdump/dcb_ets.pcap", 13, true), ("tcpdump/babel.pcap", 1, true),
        ("zeek/Traces/icmp/icmp6-mldv1.pcap", 4, false), ("zeek/Traces/icmp/icmp6-mldv2.pcap", 5, false),
        ("zeek/Traces/icmp/icmp6-mld-query.pcap", 1, false), ("packetgen/mldv2.pcapng", 2, false),
        ("pcapplusplus/IgmpPackets.pcap", 6, true), ("peafowl/ipv6_hdr_hopbyhop.pcap", 2, true),
    ]

    /// Every MLD packet found, and no other judged as MLD; the real ones clean, with at most info findings, judged
    /// as a user's scan judges them: alone and in their traffic (no traffic rule fires on a real stack's MLD).
    @Test func allThirtyEightAreFoundAndTheRealOnesAreClean() throws {
        var total = 0
        for capture in Self.captures {
            let packets = try Self.mldPackets(capture.path, inTraffic: true)
            #expect(packets.count == capture.count, "\(capture.path)")
            total += packets.count
            guard capture.real else { continue }
            for packet in packets {
                let findings = packet["findings"] as? [[String: Any]] ?? []
                #expect(packet["verdict"] as? String == "clean" && findings.allSatisfy { $0["severity"] as? String == "info" },
                        "\(capture.path) frame \(packet["frame"] ?? "?"): \(findings)")
            }
        }
        #expect(total == 38)
    }

    /// Type, code, checksum, the query's and the report's fields, every record and source: equal to tshark's.
    @Test(.enabled(if: Tool.tsharkPath != nil, "tshark is not installed: the MLD differential is skipped"))
    func everyFieldAgreesWithTshark() throws {
        let fields = ["frame.number", "icmpv6.type", "icmpv6.code", "icmpv6.checksum", "icmpv6.mld.maximum_response_delay",
                      "icmpv6.mld.maximum_response_code", "icmpv6.mld.multicast_address", "icmpv6.mld.flag.s",
                      "icmpv6.mld.flag.qrv", "icmpv6.mld.qqi", "icmpv6.mld.nb_sources", "icmpv6.mld.source_address",
                      "icmpv6.mldr.nb_mcast_records", "icmpv6.mldr.mar.record_type", "icmpv6.mldr.mar.aux_data_len",
                      "icmpv6.mldr.mar.nb_sources", "icmpv6.mldr.mar.multicast_address", "icmpv6.mldr.mar.source_address"]
        var compared = 0
        for capture in Self.captures {
            let path = Tool.referenceDirectory! + "/" + capture.path
            let result = try Tool.execute([Tool.tsharkPath!, "-r", path, "-Y",
                                           "icmpv6.type == 130 or icmpv6.type == 131 or icmpv6.type == 132 or icmpv6.type == 143",
                                           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"] + fields.flatMap { ["-e", $0] })
            #expect(result.status == 0, "\(result.stderr)")
            let ours = Dictionary(uniqueKeysWithValues: try Self.mldPackets(capture.path).map { ($0["frame"] as! Int, $0) })
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == capture.count, "\(capture.path): tshark sees \(lines.count)")
            for line in lines {
                let column = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                var theirs: [String: String] = [:]
                for (i, name) in fields.enumerated() where i < column.count { theirs[name] = column[i] }
                let frame = Int(theirs["frame.number"]!)!
                let packet = try #require(ours[frame], "\(capture.path) frame \(frame) not decoded as MLD")
                let mld = try #require(packet["mld"] as? [String: Any], "\(capture.path) frame \(frame)")
                let context = "\(capture.path) frame \(frame)"
                #expect(String(mld["type"] as! Int) == theirs["icmpv6.type"], "\(context)")
                #expect(String(mld["code"] as! Int) == theirs["icmpv6.code"], "\(context)")
                #expect(mld["checksum"] as? String == theirs["icmpv6.checksum"], "\(context)")
                switch mld["kind"] as? String {
                case "mld-query-v2":
                    // tshark shows the code decoded (RFC 3810 5.1.3) and QQIC as the interval it codes.
                    #expect(String(mld["max_resp_delay_ms"] as! Int) == theirs["icmpv6.mld.maximum_response_code"], "\(context)")
                    #expect(mld["multicast_address"] as? String == theirs["icmpv6.mld.multicast_address"], "\(context)")
                    #expect((mld["s"] as! Bool) == ["1", "True", "true"].contains(theirs["icmpv6.mld.flag.s"] ?? ""), "\(context)")
                    #expect(String(mld["qrv"] as! Int) == theirs["icmpv6.mld.flag.qrv"], "\(context)")
                    #expect(String(mld["qqi_s"] as! Int) == theirs["icmpv6.mld.qqi"], "\(context)")
                    #expect(String(mld["number_of_sources"] as! Int) == theirs["icmpv6.mld.nb_sources"], "\(context)")
                    #expect((mld["sources"] as! [String]).joined(separator: ",") == theirs["icmpv6.mld.source_address"], "\(context)")
                case "mld-report-v2":
                    #expect(String(mld["number_of_records"] as! Int) == theirs["icmpv6.mldr.nb_mcast_records"], "\(context)")
                    let findings = (packet["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
                    // A record that runs past the message ends our walk; tshark shows what is there of it.
                    guard !findings.contains(where: { $0.hasSuffix("-overflow") }) else { break }
                    let records = mld["records"] as! [[String: Any]]
                    func list(_ key: String) -> String { records.map { String($0[key] as! Int) }.joined(separator: ",") }
                    #expect(list("type_code") == theirs["icmpv6.mldr.mar.record_type"], "\(context)")
                    #expect(list("aux_data_len") == theirs["icmpv6.mldr.mar.aux_data_len"], "\(context)")
                    #expect(list("number_of_sources") == theirs["icmpv6.mldr.mar.nb_sources"], "\(context)")
                    #expect(records.map { $0["multicast_address"] as! String }.joined(separator: ",")
                            == theirs["icmpv6.mldr.mar.multicast_address"], "\(context)")
                    #expect(records.flatMap { $0["sources"] as! [String] }.joined(separator: ",")
                            == theirs["icmpv6.mldr.mar.source_address"], "\(context)")
                default:
                    // MLDv1: the Maximum Response Delay and the address.
                    #expect(String(mld["max_resp_code"] as! Int) == theirs["icmpv6.mld.maximum_response_delay"], "\(context)")
                    #expect(mld["multicast_address"] as? String == theirs["icmpv6.mld.multicast_address"], "\(context)")
                }
                compared += 1
            }
        }
        #expect(compared == 38)
    }

    /// EVE writes MLD alerts as Suricata writes ICMPv6 (`proto` `IPv6-ICMP`, `icmp_type`, `icmp_code`, addresses
    /// uncompressed), valid against Suricata's schema.
    @Test func eveAlertsAreSuricatasICMPv6() throws {
        for capture in ["zeek/Traces/icmp/icmp6-mldv2.pcap", "packetgen/mldv2.pcapng", "zeek/Traces/icmp/icmp6-mld-query.pcap"] {
            let result = try Tool.run(["scan", "--format", "eve", Tool.referenceDirectory! + "/" + capture])
            let alerts = result.objects.filter { $0["event_type"] as? String == "alert" }
            #expect(!alerts.isEmpty, "\(capture)")
            for alert in alerts {
                #expect(alert["proto"] as? String == "IPv6-ICMP")
                #expect([130, 143].contains(alert["icmp_type"] as? Int) && alert["icmp_code"] as? Int == 0, "\(alert)")
                #expect((alert["src_ip"] as? String)?.count == 39, "\(alert)")
            }
            if SuricataSchema.unavailableReason == nil {
                #expect(try SuricataSchema.errors(in: result.stdout).isEmpty, "\(capture)")
            }
        }
    }

    /// The packets `scan --all` judged as MLD in a reference capture, as NDJSON objects: each alone, or `inTraffic`
    /// with the traffic model too (the scan's default).
    static func mldPackets(_ capture: String, inTraffic: Bool = false) throws -> [[String: Any]] {
        let context = inTraffic ? [] : ["--no-context"]
        let result = try Tool.run(["scan", "--all"] + context + ["--format", "ndjson", Tool.referenceDirectory! + "/" + capture])
        #expect(result.status == 0 || result.status == 1, "\(capture): \(result.stderr)")
        return result.objects.filter { $0["event"] as? String == "packet" && $0["mld"] != nil }
    }
}
