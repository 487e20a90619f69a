import Foundation
import IGMP
import IGMPCapture
import IGMPSamples
import Testing

/// The traffic rules through the real binary: bounded memory under a flood of a million sources, state carried
/// across rotated files only when asked, the options' errors, the segment summaries, and a real querier (a Linux
/// bridge) on a live interface.
@Suite struct TrafficContextTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    static let routerA = IPv4Address(192, 0, 2, 1)
    static let rogue = IPv4Address(10, 66, 0, 1)

    func write(_ name: String, _ frames: [(Double, [UInt8])]) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        for (time, bytes) in frames {
            let whole = time.rounded(.down)
            writer.write(bytes, timestamp: Timestamp(seconds: 1_767_225_600 + Int64(whole), nanoseconds: Int32((time - whole) * 1e9)))
        }
        writer.close()
        return path
    }

    func query(from source: IPv4Address) -> [UInt8] { FrameRepr.conforming(.queryV3(QueryV3Repr()), from: source).bytes }

    /// Rotations of one capture carry the model from file to file with --rotations, in command-line order even with
    /// --jobs; without it each file starts afresh.
    @Test func rotationsCarryTheModelAcrossFiles() throws {
        let first = try write("rotation-1.pcap", [(0, query(from: Self.routerA)), (125, query(from: Self.routerA))])
        let second = try write("rotation-2.pcap", [(130, query(from: Self.rogue))])
        let apart = try Tool.run(["scan", "--format", "ndjson", first, second])
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(!apart.stdout.contains("querier-takeover"), "each file judged on its own")
        for jobs in ["1", "2"] {
            let carried = try Tool.run(["scan", "--rotations", "--jobs", jobs, "--format", "ndjson", first, second])
            #expect(carried.status == 0, "\(carried.stderr)")
            let packets = carried.objects.filter { $0["event"] as? String == "packet" }
            #expect(packets.count == 1)
            #expect(packets.first?["file"] as? String == second)
            #expect(carried.stdout.contains("\"rule\":\"querier-takeover\""))
        }
        let refused = try Tool.run(["scan", "--rotations", "--no-context", first])
        #expect(refused.status == 2 && refused.stderr.contains("--rotations carries the traffic model"), "\(refused.stderr)")
    }

    /// Bad traffic options are one clear line and a usage status, before any capture is read.
    @Test func badOptionsAreRefusedClearly() throws {
        let capture = Tool.captures.appendingPathComponent("benign-mix.pcap").path
        let cases: [([String], String)] = [
            (["--querier", "192.0.2.300"], "'192.0.2.300' is not an IPv4 or IPv6 address"),
            (["--querier", "192.0.2.1,fe80::zz"], "'fe80::zz' is not an IPv4 or IPv6 address"),
            (["--querier", "2001:db8::1"], "'2001:db8::1' is not link-local: MLD queriers send from fe80::/10"),
            (["--context-limit", "queries"], "is not NAME=VALUE"),
            (["--context-limit", "nonsense=3"], "no limit is named 'nonsense'"),
            (["--context-limit", "queries=0"], "queries must be 1 to"),
            (["--no-context", "--segments"], "--no-context cannot be used with"),
        ]
        for (arguments, message) in cases {
            let result = try Tool.run(["scan"] + arguments + [capture])
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let limited = try Tool.run(["scan", "--format", "ndjson", "--context-limit", "reports=5", "--context-limit", "flood-window=60",
                                    Tool.captures.appendingPathComponent("context-general-query-answer.pcap").path])
        #expect(limited.stdout.contains("\"rule\":\"report-flood\""), "a limit set on the command line is used")
    }

    /// --segments lists each segment's groups with their hosts, in text and NDJSON; without it only the counts.
    @Test func segmentsListGroupsLikeARouter() throws {
        let capture = Tool.captures.appendingPathComponent("benign-mix.pcap").path
        let text = try Tool.run(["scan", "--segments", capture])
        #expect(text.stdout.contains("  segment untagged: querier 192.0.2.1 (IGMPv1, IGMPv2, IGMPv3, 7 queries); 2 hosts hold 4 groups"))
        #expect(text.stdout.contains("    group 239.255.255.250  2 hosts"))
        #expect(text.stdout.contains("  segment vlan 20.200: no query heard; 1 host holds 1 group"))
        let json = try Tool.run(["scan", "--segments", "--format", "ndjson", capture])
        let summary = try #require(json.objects.first { $0["event"] as? String == "summary" })
        let segments = try #require(summary["segments"] as? [[String: Any]])
        #expect(segments.map { $0["vlans"] as? [Int] ?? [-1] } == [[], [20, 200], [100]])
        let querier = try #require((segments[0]["queriers"] as? [[String: Any]])?.first)
        #expect(querier["address"] as? String == "192.0.2.1" && querier["versions"] as? [Int] == [1, 2, 3])
        #expect(querier["querier"] as? Bool == true && querier["first_seen"] as? String == "2026-01-01T00:00:00.000000Z")
        #expect((segments[0]["memberships"] as? [[String: Any]])?.contains { $0["group"] as? String == "239.255.255.250" && $0["hosts"] as? Int == 2 } == true)
        #expect(summary["evicted"] as? [String: Int] == ["segments": 0, "hosts": 0, "memberships": 0, "queriers": 0])
        let plain = try Tool.run(["scan", "--format", "ndjson", capture])
        let plainSegments = try #require(plain.objects.first { $0["event"] as? String == "summary" }?["segments"] as? [[String: Any]])
        #expect(plainSegments.allSatisfy { $0["memberships"] == nil })
        #expect(!(try Tool.run(["scan", capture])).stdout.contains("    group "))
    }

    /// MLD has its own line per segment, its own querier election and its own --querier addresses (RFC 3810 7.6.2).
    @Test func mldSegmentsAndQueriers() throws {
        let healthy = Tool.captures.appendingPathComponent("context-mld-healthy-link.pcap").path
        let text = try Tool.run(["scan", "--segments", healthy])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  segment untagged: querier 192.0.2.1 (IGMPv3, 27 queries); 20 hosts hold 4 groups"), "\(text.stdout)")
        #expect(text.stdout.contains("  segment untagged, MLD: querier fe80::b (MLDv2, 31 queries), also heard fe80::a (MLDv2, 45 queries); 16 hosts hold 10 groups"), "\(text.stdout)")
        #expect(text.stdout.contains("    group ff15::1:0                  "))
        let json = try Tool.run(["scan", "--segments", "--format", "ndjson", healthy])
        let summary = try #require(json.objects.first { $0["event"] as? String == "summary" })
        let segments = try #require(summary["segments"] as? [[String: Any]])
        #expect(segments.map { $0["protocol"] as? String } == ["igmp", "mld"])
        let queriers = try #require(segments[1]["queriers"] as? [[String: Any]])
        #expect(queriers.map { $0["address"] as? String } == ["fe80::a", "fe80::b"])
        #expect(queriers.map { $0["querier"] as? Bool } == [false, true])
        #expect(queriers.map { $0["versions"] as? [Int] } == [[2], [2]])
        #expect((segments[1]["memberships"] as? [[String: Any]])?.first?["group"] as? String == "ff15::1:0")

        let rogue = Tool.captures.appendingPathComponent("context-mld-querier-not-listed.pcap").path
        let listed = try Tool.run(["scan", "--querier", "fe80::a", rogue])
        #expect(listed.status == 1 && listed.stdout.contains("mld-querier-not-listed"), "\(listed.stdout)")
        let zoned = try Tool.run(["scan", "--querier", "fe80::a%eth0", rogue])
        #expect(zoned.status == 1 && zoned.stdout.contains("mld-querier-not-listed"), "a zone names the interface: \(zoned.stderr)")
        let ipv4Only = try Tool.run(["scan", "--querier", "192.0.2.1", rogue])
        #expect(ipv4Only.status == 0 && !ipv4Only.stdout.contains("HOSTILE"), "IPv4 addresses alone leave MLD unchecked: \(ipv4Only.stdout)")
    }

    /// A flood from a million distinct sources, each joining a group, stays under 64 MB of peak memory: the tables
    /// keep to their caps and count what they dropped. (Under AddressSanitizer or ThreadSanitizer peak RSS grows with
    /// everything ever allocated, so it means nothing there.)
    @Test(.enabled(if: Tool.sanitizer == nil, "built with a sanitizer: peak RSS means nothing here"),
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time"), "/usr/bin/time is not installed (scripts/setup.sh --test installs it)"))
    func aMillionSourcesStayUnder64MB() throws {
        // One IGMPv2 report template; each copy gets its own source, group and IPv4 checksum.
        let template = FrameRepr.conforming(.reportV2(IPv4Address(239, 0, 0, 1)), from: IPv4Address(10, 0, 0, 1)).bytes
        let path = dir.appendingPathComponent("million.pcap").path
        guard let file = fopen(path, "wb") else { Issue.record("cannot write \(path)"); return }
        var header: [UInt8] = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]
        fwrite(&header, 1, header.count, file)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        let count = 1_000_000
        for i in 0..<count {
            var frame = template
            let source = UInt32(0x0a00_0000) + UInt32(i)
            let group = UInt32(0xef00_0000) + UInt32(i & 0xffff)
            for (offset, value) in [(14 + 12, source), (14 + 24 + 4, group)] {
                for k in 0..<4 { frame[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(k))) }
            }
            Self.fixChecksum(&frame, header: 14..<(14 + 24), field: 14 + 10)
            Self.fixChecksum(&frame, header: (14 + 24)..<(14 + 32), field: 14 + 24 + 2)
            let seconds = UInt32(1_767_225_600 + i / 100_000), micros = UInt32(i % 100_000) * 10
            for value in [seconds, micros, UInt32(frame.count), UInt32(frame.count)] {
                chunk += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
                          UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24)]
            }
            chunk += frame
            if chunk.count > 1 << 20 - 128 {
                fwrite(chunk, 1, chunk.count, file)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        fwrite(chunk, 1, chunk.count, file)
        fclose(file)
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        let result = try Tool.execute(["/usr/bin/time", "-f", "PEAK %M", binary, "scan", "--format", "ndjson", path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(result.objects.first { $0["event"] as? String == "summary" })
        #expect(summary["igmp"] as? Int == count && summary["clean"] as? Int == count, "\(summary)")
        let evicted = try #require(summary["evicted"] as? [String: Int])
        #expect((evicted["hosts"] ?? 0) >= count - TrafficConfiguration().maximumHosts)
        let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("PEAK ") })
        let peakKB = Int(line.dropFirst(5)) ?? .max
        #expect(peakKB < 64 * 1024, "peak \(peakKB) KB")
        print("a million sources: peak \(peakKB) KB")
    }

    static func fixChecksum(_ frame: inout [UInt8], header range: Range<Int>, field: Int) {
        frame[field] = 0
        frame[field + 1] = 0
        var sum: UInt32 = 0
        var i = range.lowerBound
        while i < range.upperBound {
            sum += UInt32(frame[i]) << 8 | UInt32(frame[i + 1])
            i += 2
        }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        frame[field] = UInt8(checksum >> 8)
        frame[field + 1] = UInt8(truncatingIfNeeded: checksum)
    }
}

/// A real querier on a live interface: a Linux bridge with `mcast_querier 1` in the sender's namespace queries from
/// its own address (`mcast_query_use_ifaddr 1`) in IGMPv3; a forged query from a lower address takes over, an IGMPv2
/// query downgrades, and the summary names the queriers.
@Suite(.enabled(if: NetworkLab.unavailableReason == nil, "\(NetworkLab.unavailableReason ?? "")"))
struct LiveTrafficContextTests {
    /// The rule ids of a packet object's findings.
    func rules(_ packet: [String: Any]) -> [String] { (packet["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } }

    @Test func aBridgeQuerierATakeoverAndADowngradeOnTheWire() throws {
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        let bridge = try lab.addBridgeQuerier(["mcast_igmp_version", "3", "mcast_query_use_ifaddr", "1"],
                                              address: ["\(NetworkLab.senderAddress)/24"], movingSenderAddress: true)
        let live = try LiveRun(lab: lab, ["--format", "ndjson", "--all", "--duration", "8"])
        try lab.ip(["-n", lab.sender, "link", "set", bridge, "up"])
        let bridgeQueried = live.waitFor({ run in
            run.objects.contains { $0["src"] as? String == NetworkLab.senderAddress && ($0["igmp"] as? [String: Any])?["kind"] as? String == "query-v3" }
        }, seconds: 6)
        #expect(bridgeQueried, "the bridge sent no IGMPv3 query: \(live.stdout) \(live.stderr)")
        try lab.replay(frames: [FrameRepr.conforming(.queryV3(QueryV3Repr()), from: IPv4Address(10, 66, 0, 1)).bytes,
                                FrameRepr.conforming(.queryV2(), from: IPv4Address(10, 77, 0, 9)).bytes])
        let status = live.finish()
        #expect(status == 0, "\(live.stderr)")
        let packets = live.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.contains { $0["src"] as? String == "10.66.0.1" && rules($0).contains("querier-takeover") }, "\(live.stdout)")
        #expect(packets.contains { $0["src"] as? String == "10.77.0.9" && rules($0).contains("version-downgrade") }, "\(live.stdout)")
        let summary = try #require(live.objects.first { $0["event"] as? String == "summary" })
        let segments = try #require(summary["segments"] as? [[String: Any]])
        let queriers = (segments.first?["queriers"] as? [[String: Any]]) ?? []
        #expect(queriers.contains { $0["address"] as? String == NetworkLab.senderAddress && $0["versions"] as? [Int] == [3] }, "\(queriers)")
        #expect(queriers.contains { $0["address"] as? String == "10.66.0.1" && $0["querier"] as? Bool == true }, "\(queriers)")
    }

    /// The MLD twin (RFC 3810 7.6.2, 8.2.1): a Linux bridge querying MLDv2 from its link-local addresses; a forged
    /// MLDv2 query from fe80::1, lower than any address the kernel makes, takes over, an MLDv1 query downgrades, and
    /// the summary names MLD's queriers apart from IGMP's.
    @Test func aBridgeMLDQuerierATakeoverAndADowngradeOnTheWire() throws {
        let lab = try NetworkLab(ipv6: true)
        defer { lab.removeAll() }
        let bridge = try lab.addBridgeQuerier(["mcast_mld_version", "2"], address: ["fe80::10/64", "nodad"])
        let live = try LiveRun(lab: lab, ["--format", "ndjson", "--all", "--duration", "8"])
        try lab.ip(["-n", lab.sender, "link", "set", bridge, "up"])
        let bridgeQueried = live.waitFor({ run in
            run.objects.contains { ($0["mld"] as? [String: Any])?["kind"] as? String == "mld-query-v2" }
        }, seconds: 6)
        #expect(bridgeQueried, "the bridge sent no MLDv2 query: \(live.stdout) \(live.stderr)")
        try lab.replay(frames: [MLDFrameRepr.conforming(.queryV2(), from: IPv6Address("fe80::1")!).bytes,
                                MLDFrameRepr.conforming(.queryV1(), from: IPv6Address("fe80::77")!).bytes])
        let status = live.finish()
        #expect(status == 0, "\(live.stderr)")
        let packets = live.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.contains { $0["src"] as? String == "fe80::1" && rules($0).contains("mld-querier-takeover") }, "\(live.stdout)")
        #expect(packets.contains { $0["src"] as? String == "fe80::77" && rules($0).contains("mld-version-downgrade") }, "\(live.stdout)")
        #expect(!packets.contains { rules($0).contains("querier-takeover") || rules($0).contains("version-downgrade") }, "no IGMP finding for MLD")
        let summary = try #require(live.objects.first { $0["event"] as? String == "summary" })
        let segments = try #require(summary["segments"] as? [[String: Any]])
        let mld = try #require(segments.first { $0["protocol"] as? String == "mld" }, "\(segments)")
        let queriers = (mld["queriers"] as? [[String: Any]]) ?? []
        #expect(queriers.contains { ($0["address"] as? String)?.hasPrefix("fe80:") == true && $0["address"] as? String != "fe80::1"
            && $0["versions"] as? [Int] == [2] }, "the bridge: \(queriers)")
        #expect(queriers.contains { $0["address"] as? String == "fe80::1" && $0["querier"] as? Bool == true }, "\(queriers)")
    }
}
