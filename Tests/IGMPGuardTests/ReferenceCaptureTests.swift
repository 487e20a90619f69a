import Foundation
import IGMP
import Testing

/// The real binary over the peers' captures in ../shared/reference/captures: nothing benign is hostile, and
/// damaged files end in a clear error with what was read still reported.
@Suite(.enabled(if: Tool.referenceDirectory != nil, "../shared/reference/captures is absent: reference capture tests skipped"))
struct ReferenceCaptureTests {
    static let files = ["packetnet/IGMPv3_Multihost.pcap", "suricata-verify/wireshark-wiki-IGMP-dataset.pcap",
                        "tcpdump/IGMP_V1.pcap", "tcpdump/IGMP_V2.pcap", "tcpdump/igmpv3-queries.pcap", "zeek/Traces/igmp/igmp.pcap",
                        "zeek/Traces/igmp/home-multicast-short.pcap", "pcapplusplus/IgmpPackets.pcap", "packetgen/igmpv3.pcapng",
                        "pcapplusplus/igmp.pcapng", "tcpdump/mtrace.pcap", "tcpdump/mrinfo_query.pcap", "peafowl/igmp.pcap",
                        "gopacket/igmp_test.go.igmpv3MembershipReport2Records.pcap", "tcpdump/babel.pcap",
                        // Big-endian classic pcap (a1b2c3d4 written big-endian).
                        "pcapplusplus/converted/IGMPv2_1.dat.pcap", "pcapplusplus/converted/igmpv3_report2.dat.pcap"]

    @Test func benignCapturesAreNeverHostile() throws {
        let dir = Tool.referenceDirectory!
        let result = try Tool.run(["scan", "--all", "--format", "ndjson"] + Self.files.map { "\(dir)/\($0)" })
        #expect(result.status == 0, "\(result.stderr)")
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count > 300)
        #expect(!packets.contains { $0["verdict"] as? String == "hostile" })
        let summaries = result.objects.filter { $0["event"] as? String == "summary" }
        #expect(summaries.count == Self.files.count)
        let multihost = try #require(summaries.first { ($0["file"] as? String)?.hasSuffix("IGMPv3_Multihost.pcap") == true })
        #expect(multihost["packets"] as? Int == 79 && multihost["igmp"] as? Int == 79)
        let wireshark = try #require(summaries.first { ($0["file"] as? String)?.hasSuffix("IGMP-dataset.pcap") == true })
        #expect(wireshark["igmp"] as? Int == 147)
        #expect(summaries.first { ($0["file"] as? String)?.hasSuffix("babel.pcap") == true }?["igmp"] as? Int == 0,
                "a Linux SLL capture of MLD only has no IGMP")
        let bigEndian = try #require(summaries.first { ($0["file"] as? String)?.hasSuffix("igmpv3_report2.dat.pcap") == true })
        #expect(bigEndian["igmp"] as? Int == 1 && bigEndian["suspicious"] as? Int == 1, "read from a big-endian pcap")
    }

    /// PcapPlusPlus's fuzz sample: 2 readable records, then a record header claiming 172716570 bytes.
    @Test func pcapplusplusFuzzSampleEndsInACorruptRecord() throws {
        let path = Tool.referenceDirectory! + "/pcapplusplus/igmplayer"
        let result = try Tool.run(["scan", "--all", "--format", "ndjson", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path): corrupt capture"))
        #expect(result.stderr.contains("172716570"))
        let summary = try #require(result.objects.last)
        #expect(summary["packets"] as? Int == 2)
        #expect(summary["truncated"] as? Int == 1)
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count == 2)
        // Record 1: an MLDv2 report, whole and clean; record 2: IGMP cut 1 byte into the message.
        #expect(packets.first?["mld"] != nil && packets.first?["verdict"] as? String == "clean", "\(packets)")
        let cut = try #require(packets.last)
        #expect(cut["verdict"] as? String == "clean")
        #expect(cut["fully_validated"] as? Bool == false)
    }

    /// The manifest's malformed fuzzer outputs are cut by their snapshot length: not fully validated, never hostile.
    @Test func tcpdumpFuzzCapturesAreNotHostile() throws {
        let dir = Tool.referenceDirectory!
        let result = try Tool.run(["scan", "--all", "--format", "ndjson", "\(dir)/tcpdump/hoobr_pimv1.pcap", "\(dir)/tcpdump/relts-0x80000000.pcap"])
        #expect(result.status == 0)
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count == 2)
        #expect(packets.allSatisfy { $0["fully_validated"] as? Bool == false && $0["verdict"] as? String != "hostile" })
    }

    @Test func pcapplusplusTruncatedReportIsHostile() throws {
        let path = Tool.referenceDirectory! + "/pcapplusplus/transcribed/IgmpTests.cpp.Igmpv3ParsingTest.truncated.pcap"
        let result = try Tool.run(["scan", "--format", "ndjson", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("report-record-count-overflow"))
    }

    /// The peers' captures are real traffic, or other projects' test packets: no rule that judges traffic raises
    /// anything above info on any of them (none of those rules is info today, so: no traffic finding at all). Scanned
    /// as a directory: every capture under it, each on its own.
    @Test(.enabled(if: Tool.sanitizer == nil, "an output check: left to the run without a sanitizer"))
    func noTrafficFindingOnTheReferenceCaptures() throws {
        let result = try Tool.run(["scan", "--all", "--format", "ndjson", Tool.referenceDirectory!])
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count > 300)
        let trafficRules = Set(RuleCatalogue.rows.filter { $0.scope == .traffic }.map(\.id))
        for packet in packets {
            for finding in packet["findings"] as? [[String: Any]] ?? [] {
                guard let rule = finding["rule"] as? String, trafficRules.contains(rule) else { continue }
                #expect(finding["severity"] as? String == "info", "\(packet["file"] ?? "") frame \(packet["frame"] ?? ""): \(rule)")
            }
        }
    }

    /// The queriers the summary names, and their query counts, are what tshark counts: IGMP queries (type 0x11) by
    /// source address, each file on its own.
    @Test(.enabled(if: Tool.tsharkPath != nil, "tshark is not installed: the querier differential is skipped"),
          .enabled(if: Tool.sanitizer == nil, "an output check: left to the run without a sanitizer"))
    func queriersAgreeWithTshark() throws {
        let dir = Tool.referenceDirectory!
        for file in Self.files {
            let path = "\(dir)/\(file)"
            let ours = try Tool.run(["scan", "--all", "--format", "ndjson", path]).objects
            let summary = try #require(ours.first { $0["event"] as? String == "summary" })
            var counted: [String: Int] = [:]
            for segment in summary["segments"] as? [[String: Any]] ?? [] {
                for q in segment["queriers"] as? [[String: Any]] ?? [] {
                    counted[q["address"] as? String ?? "?", default: 0] += q["queries"] as? Int ?? 0
                }
            }
            let shark = try Tool.execute([Tool.tsharkPath!, "-n", "-r", path, "-Y", "igmp.type == 0x11 && !(ip.flags.mf == 1 || ip.frag_offset > 0)",
                                          "-T", "fields", "-e", "ip.src"])
            var expected: [String: Int] = [:]
            for line in shark.stdout.split(separator: "\n") where !line.isEmpty { expected[String(line), default: 0] += 1 }
            // We learn only from queries receivers accept: drop tshark's queries we call hostile or whose checksum fails.
            let refused = ours.filter { packet in
                guard packet["event"] as? String == "packet", (packet["igmp"] as? [String: Any])?["type"] as? Int == 0x11 else { return false }
                return packet["verdict"] as? String == "hostile" || (packet["igmp"] as? [String: Any])?["checksum_valid"] as? Bool == false
                    || ["query-invalid-length"].contains((packet["igmp"] as? [String: Any])?["kind"] as? String ?? "")
            }
            for packet in refused { expected[packet["src"] as? String ?? "?", default: 0] -= 1 }
            expected = expected.filter { $0.value > 0 }
            #expect(counted == expected, "\(file): ours \(counted), tshark \(expected)")
        }
    }
}
