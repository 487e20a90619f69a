import Foundation
import IGMP
import IGMPTestSupport
import Testing

/// Every flagged packet is in the evidence, readable to its end by libpcap, tcpdump and tshark, whatever mix of link
/// types and snapshot lengths the captures of one scan have.
@Suite struct EvidenceCompletenessTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    /// The demo's frames padded to `length` (trailing bytes after the IP packet, as an Ethernet trailer).
    func padded(_ frames: [[UInt8]], to length: Int) -> [[UInt8]] {
        frames.map { $0 + [UInt8](repeating: 0xa5, count: max(0, length - $0.count)) }
    }

    func classic(_ frames: [[UInt8]], linkType: UInt32, snapshotLength: UInt32 = 262_144) -> [UInt8] {
        ClassicPcap(linkType: linkType, snapshotLength: snapshotLength,
                    records: frames.enumerated().map { i, f in .init(seconds: 1_767_225_600 + UInt32(i), fraction: 0, data: f) }).bytes
    }

    @Test func aScanMixingLinkTypesAndSnapshotLengthsKeepsEveryFlaggedPacketReadable() throws {
        let demo = CraftedCapture.demoFrames, raw = CraftedCapture.rawDemoFrames
        let files = [
            // DLT_RAW as Linux (12) and OpenBSD (14) number it, and LINKTYPE_RAW (101): one link type on disk, which
            // used to give two files one name, the second truncating the first.
            try CraftedCapture.write(classic(raw, linkType: 12), "raw-dlt12.pcap", in: dir),
            try CraftedCapture.write(classic(raw, linkType: 14), "raw-dlt14.pcap", in: dir),
            // A small snapshot length first, then a file whose packets are far bigger: the evidence interface used to
            // keep the first file's, and libpcap stopped at the first bigger packet.
            try CraftedCapture.write(classic(demo, linkType: 1, snapshotLength: 96), "ethernet-snaplen-96.pcap", in: dir),
            try CraftedCapture.write(classic(padded(demo, to: 1400), linkType: 1, snapshotLength: 65_535), "ethernet-1400.pcap", in: dir),
            try CraftedCapture.write(classic(raw, linkType: 101), "raw-linktype101.pcap", in: dir),
            try CraftedCapture.write(Pcapng(interfaces: [.init(linkType: 1, snapshotLength: 9000)],
                                            blocks: padded(demo, to: 8000).map { .enhanced(interface: 0, timestamp: 0, data: $0, originalLength: nil) }).bytes,
                                     "ethernet-jumbo.pcapng", in: dir),
        ]
        let evidence = dir.appendingPathComponent("mixed.pcapng").path
        let scan = try CraftedCapture.scan(["--format", "ndjson", "--evidence", evidence] + files)
        #expect(scan.status == 1, "\(scan.result.stderr)")

        // What each link type's file must hold: the flagged packets of the captures of that link type, in order.
        var expected: [LinkType: [[UInt8]]] = [:]
        for file in files {
            let read = CraftedCapture.readWithLibpcap(file)
            let flagged = Set(scan.flagged.filter { $0["file"] as? String == file }.compactMap { $0["frame"] as? Int })
            #expect(!flagged.isEmpty, "\(file)")
            expected[read.linkType!.stored, default: []] += read.packets.filter { flagged.contains($0.info.frameNumber) }.map(\.bytes)
        }
        // The first capture is raw IP, so the named file holds RAW and Ethernet goes to a sibling.
        let sibling = dir.appendingPathComponent("mixed-EN10MB.pcapng").path
        #expect(scan.result.stderr.contains("note: EN10MB packets go to \(sibling)"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("mixed") })
                == ["mixed.pcapng", "mixed-EN10MB.pcapng"])
        for (path, linkType) in [(evidence, LinkType.raw), (sibling, LinkType.ethernet)] {
            let read = CraftedCapture.readWithLibpcap(path)
            #expect(read.error == nil, "\(path): \(read.error ?? "")")
            #expect(read.linkType?.stored == linkType)
            #expect(read.packets.map(\.bytes) == expected[linkType], "\(path): \(read.packets.count) packets, \(expected[linkType]?.count ?? 0) flagged")
            if let tcpdump = try CraftedCapture.readWithTcpdump(path) {
                #expect(tcpdump.clean, "\(path): \(tcpdump.stderr)")
                #expect(tcpdump.count == expected[linkType]?.count)
            }
            if let tshark = try CraftedCapture.readWithTshark(path) {
                #expect(tshark.clean, "\(path): \(tshark.stderr)")
                #expect(tshark.comments.count == expected[linkType]?.count)
            }
        }
    }
}
