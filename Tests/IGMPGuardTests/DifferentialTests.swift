import Foundation
import IGMP
import IGMPCapture
import IGMPTestSupport
import Testing

/// An independent oracle: tshark decodes the same frames, and every IGMP field must agree with ours except where an
/// allow-list entry says why tshark differs. Skipped with a message when tshark is not installed.
@Suite(.enabled(if: Tool.tsharkPath != nil, "tshark is not installed (apt-get install tshark): differential tests skipped"))
struct DifferentialTests {
    static let fields = ["frame.number", "igmp.type", "igmp.version", "igmp.max_resp", "igmp.checksum", "igmp.checksum.status",
                         "igmp.maddr", "igmp.s", "igmp.qrv", "igmp.qqic", "igmp.num_src", "igmp.saddr", "igmp.num_grp_recs",
                         "igmp.record_type", "igmp.aux_data_len"]

    /// Known, explained differences: (reason, predicate on our decoded message).
    enum Allowed: String {
        case otherDissector = "tshark hands DVMRP (0x13), PIMv1 (0x14) and RGMP (0xfc-0xff) to their own dissectors and shows no igmp fields"
        case mrdTypeOnly = "tshark shows only the type of Multicast Router Discovery (0x30-0x32) messages"
        case unknownTypeOnly = "tshark shows only the type of IGMP types it does not know"
        case invalidLengthQuery = "a 9-11 byte query is no version at all (RFC 3376 7.1); tshark still labels it"
        case unclaimedType = "tshark shows no igmp fields at all for some unknown types (another dissector claims them)"
        case lengthBeyondBytes = "IPv4 Total Length beyond the bytes on the wire: tshark picks the query version from the bytes present, we from the declared length (so a snapshot-cut v3 query stays v3); the frame is ipv4-length-inconsistent either way"
    }

    /// tshark's view of each frame, by frame number.
    func tshark(_ pcap: String) throws -> [Int: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tool.tsharkPath!)
        process.arguments = ["-r", pcap, "-o", "ip.defragment:FALSE", "-T", "fields", "-E", "separator=|", "-E", "aggregator=;"]
            + Self.fields.flatMap { ["-e", $0] }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var rows: [Int: [String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let columns = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if let frame = Int(columns[0]) { rows[frame] = columns }
        }
        return rows
    }

    struct Outcome { var compared = 0; var allowed: [Allowed: Int] = [:]; var differences: [String] = [] }

    /// Compares one frame; returns false when an allow-list entry covers it.
    func compare(_ bytes: [UInt8], linkType: LinkType, theirs row: [String], label: String, into outcome: inout Outcome) {
        let local = bytes
        guard let decoded = try? FrameDecoder.decode(local.span.bytes, linkType: linkType) else { return }
        let m = decoded.igmp
        func column(_ name: String) -> String { row[Self.fields.firstIndex(of: name)!] }
        func differ(_ field: String, _ ours: String, _ theirs: String) {
            outcome.differences.append("\(label): \(field) ours=\(ours) tshark=\(theirs)")
        }
        switch m.type {
        case .dvmrp, .pimV1, .rgmpLeave, .rgmpJoin, .rgmpBye, .rgmpHello:
            outcome.allowed[.otherDissector, default: 0] += 1; return
        case .mrdAdvertisement, .mrdSolicitation, .mrdTermination:
            outcome.allowed[.mrdTypeOnly, default: 0] += 1
            if column("igmp.type") != "0x\(hex2(m.type.rawValue))" { differ("type", hex2(m.type.rawValue), column("igmp.type")) }
            return
        default: break
        }
        if !m.type.isKnown && column("igmp.type").isEmpty { outcome.allowed[.unclaimedType, default: 0] += 1; return }
        outcome.compared += 1
        if column("igmp.type") != "0x\(hex2(m.type.rawValue))" { differ("type", hex2(m.type.rawValue), column("igmp.type")); return }
        if !m.isComplete && m.type == .membershipQuery { outcome.allowed[.lengthBeyondBytes, default: 0] += 1; return }
        if !m.type.isKnown { outcome.allowed[.unknownTypeOnly, default: 0] += 1; return }
        if m.kind == .queryInvalidLength { outcome.allowed[.invalidLengthQuery, default: 0] += 1; return }
        if let version = m.kind.version, column("igmp.version") != String(version) { differ("version", String(version), column("igmp.version")) }
        if column("igmp.checksum") != "0x\(hex4(m.checksum))" { differ("checksum", hex4(m.checksum), column("igmp.checksum")) }
        if m.isComplete {
            let status = m.isChecksumValid ? "1" : "0"
            if column("igmp.checksum.status") != status { differ("checksum status", status, column("igmp.checksum.status")) }
        }
        switch m.kind {
        case .queryV2:
            if column("igmp.max_resp") != String(m.maxRespCode) { differ("max resp", String(m.maxRespCode), column("igmp.max_resp")) }
            if column("igmp.maddr") != m.group.description { differ("group", m.group.description, column("igmp.maddr")) }
        case .queryV1, .reportV1, .reportV2, .leaveV2:
            if column("igmp.maddr") != m.group.description { differ("group", m.group.description, column("igmp.maddr")) }
        case .queryV3:
            guard let q = m.queryV3 else { return }
            let ours = [String(TimeCode.decode(q.maxRespCode)), q.group.description, q.suppressRouterSideProcessing ? "1" : "0",
                        String(q.robustness), String(q.qqic), String(q.numberOfSources),
                        q.sources.array.map(\.description).joined(separator: ";")]
            let theirs = ["igmp.max_resp", "igmp.maddr", "igmp.s", "igmp.qrv", "igmp.qqic", "igmp.num_src", "igmp.saddr"].map(column)
            for (i, name) in ["max resp", "group", "S", "QRV", "QQIC", "number of sources", "sources"].enumerated() where ours[i] != theirs[i] {
                differ(name, ours[i], theirs[i])
            }
        case .reportV3:
            guard let r = m.reportV3 else { return }
            if column("igmp.num_grp_recs") != String(r.numberOfGroupRecords) {
                differ("number of group records", String(r.numberOfGroupRecords), column("igmp.num_grp_recs"))
            }
            // Whole records only: past a lying count each tool stops in its own place.
            guard let repr = try? IGMPRepr.parse(m), case .reportV3(let report) = repr.body else { return }
            let ours = [report.records.map(\.group.description).joined(separator: ";"),
                        report.records.map { String($0.type.rawValue) }.joined(separator: ";"),
                        report.records.map { String($0.auxData.count / 4) }.joined(separator: ";"),
                        report.records.map { String($0.sources.count) }.joined(separator: ";"),
                        report.records.flatMap { $0.sources.map(\.description) }.joined(separator: ";")]
            let theirs = ["igmp.maddr", "igmp.record_type", "igmp.aux_data_len", "igmp.num_src", "igmp.saddr"].map(column)
            for (i, name) in ["record groups", "record types", "aux data lengths", "source counts", "sources"].enumerated() where ours[i] != theirs[i] {
                differ(name, ours[i], theirs[i])
            }
        default: break
        }
    }

    func run(_ pcap: String, outcome: inout Outcome) throws {
        let rows = try tshark(pcap)
        let reader = try CaptureReader(path: pcap)
        var packets: [(Int, [UInt8])] = []
        try reader.forEachPacket { frame, info in
            packets.append((info.frameNumber, frame.withUnsafeBytes { Array($0) }))
            return true
        }
        for (frame, bytes) in packets {
            guard let row = rows[frame] else { continue }
            compare(bytes, linkType: reader.linkType, theirs: row, label: "\((pcap as NSString).lastPathComponent)#\(frame)", into: &outcome)
        }
    }

    func report(_ outcome: Outcome, minimum: Int) {
        print("differential: \(outcome.compared) frames compared field by field; allowed: "
              + outcome.allowed.map { "\($0.value) (\($0.key.rawValue))" }.joined(separator: "; "))
        #expect(outcome.compared >= minimum)
        #expect(outcome.differences.isEmpty, "\(outcome.differences.count) differences, first: \(outcome.differences.prefix(12))")
    }

    @Test func bundledAndReferenceCaptures() throws {
        var outcome = Outcome()
        let captures = try Tool.packetSampleCaptures()
        for name in captures where name != "truncated-snaplen.pcap" {
            try run(Tool.captures.appendingPathComponent(name).path, outcome: &outcome)
        }
        if let reference = Tool.referenceDirectory {
            for name in ["packetnet/IGMPv3_Multihost.pcap", "suricata-verify/wireshark-wiki-IGMP-dataset.pcap", "tcpdump/IGMP_V1.pcap",
                         "tcpdump/IGMP_V2.pcap", "tcpdump/igmpv3-queries.pcap", "zeek/Traces/igmp/igmp.pcap",
                         "zeek/Traces/igmp/home-multicast-short.pcap", "pcapplusplus/igmpv3_report2.pcap", "pcapplusplus/igmpv3_query2.pcap",
                         "scapy/igmp.uts.IGMPv3_MR.pcap", "gopacket/igmp_test.go.igmpv3MembershipReport2Records.pcap", "packetgen/igmpv3.pcapng"] {
                try run("\(reference)/\(name)", outcome: &outcome)
            }
        }
        // The bundled captures alone hold some 80 comparable frames; the reference captures add thousands.
        report(outcome, minimum: Tool.referenceDirectory == nil ? 60 : 100)
    }

    /// A few thousand frames from our encoder: conforming, with each malformation, and with bytes flipped.
    @Test func generatedFrames() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = ProcessInfo.processInfo.environment["IGMPGUARD_DIFF_KEEP"] ?? dir.appendingPathComponent("generated.pcap").path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        var rng = SplitMix(seed: 0x1376_9776)
        var count = 0
        for i in 0..<3000 {
            var recipe = FrameRecipe((0..<96).map { _ in UInt8.random(in: 0...255, using: &rng) })
            var frame = recipe.conformingFrame()
            frame.link = .ethernet(to: frame.ip.destination, from: MACAddress(rawValue: 0x0200_0000_0001))
            if i % 3 == 1, let bad = recipe.malformed(frame, FrameRecipe.Malformation.allCases[i % FrameRecipe.Malformation.allCases.count]) {
                frame = bad
            }
            var bytes = frame.bytes
            if i % 3 == 2 {
                for _ in 0..<3 { bytes[Int.random(in: 14..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            }
            writer.write(bytes, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0))
            count += 1
        }
        writer.close()
        var outcome = Outcome()
        try run(path, outcome: &outcome)
        report(outcome, minimum: 1500)
    }
}

/// A small deterministic generator (the differential corpus is the same on every run).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

func hex2(_ v: UInt8) -> String { let h = String(v, radix: 16); return h.count == 1 ? "0" + h : h }
func hex4(_ v: UInt16) -> String { let h = String(v, radix: 16); return String(repeating: "0", count: 4 - h.count) + h }
