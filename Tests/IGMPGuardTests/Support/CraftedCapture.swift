import Foundation
import IGMP
import IGMPCapture
import IGMPSamples
import IGMPTestSupport

/// Capture files crafted against the scanner's own pipeline, written to a test's folder, and what the real binary
/// makes of them.
enum CraftedCapture {
    /// The demo capture's frames (Ethernet): benign traffic with MS06-007, lying counts, a fragment, a bad checksum.
    static let demoFrames: [[UInt8]] = SampleCatalog.all.first { $0.fileName == "demo.pcap" }!.packets.map(\.bytes)

    /// The same frames without their Ethernet header (raw IPv4), for the raw-IP link types.
    static let rawDemoFrames: [[UInt8]] = demoFrames.map { Array($0.dropFirst(14)) }

    static func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A scan's outcome: status, output lines, stderr, the NDJSON objects (ndjson format).
    struct Scan {
        var result: Tool.Result
        var status: Int32 { result.status }
        var packets: [[String: Any]] { result.objects.filter { $0["event"] as? String == "packet" } }
        /// Frames NDJSON calls suspicious or hostile.
        var flagged: [[String: Any]] { packets.filter { $0["verdict"] as? String != "clean" } }
    }

    static func scan(_ arguments: [String]) throws -> Scan {
        Scan(result: try Tool.run(["scan"] + arguments, environment: ["NO_COLOR": "1"]))
    }

    /// The packets libpcap (through IGMPCapture) reads from `path`, and the error that stopped it before the end.
    static func readWithLibpcap(_ path: String) -> (packets: [(bytes: [UInt8], info: PacketInfo)], linkType: LinkType?, error: String?) {
        var packets: [(bytes: [UInt8], info: PacketInfo)] = []
        do {
            let reader = try CaptureReader(path: path)
            defer { reader.close() }
            try reader.forEachPacket { frame, info in
                packets.append((frame.withUnsafeBytes { Array($0) }, info))
                return true
            }
            return (packets, reader.linkType, nil)
        } catch {
            return (packets, nil, "\(error)")
        }
    }

    /// The `opt_comment` of every Enhanced Packet Block of a pcapng file written on this machine (host byte order),
    /// read straight from the bytes: the checks on comments need no tshark.
    static func pcapngComments(_ path: String) throws -> [String] {
        let d = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ o: Int) -> Int { Int(d[o]) | Int(d[o + 1]) << 8 | Int(d[o + 2]) << 16 | Int(d[o + 3]) << 24 }
        func u16(_ o: Int) -> Int { Int(d[o]) | Int(d[o + 1]) << 8 }
        var comments: [String] = []
        var block = 0
        while block + 12 <= d.count {
            let type = u32(block), total = u32(block + 4)
            guard total >= 12, block + total <= d.count else { throw CocoaError(.fileReadCorruptFile) }
            if type == 6 {
                let captured = u32(block + 20)
                var option = block + 28 + (captured + 3) / 4 * 4
                var comment: String? = nil
                while option + 4 <= block + total - 4 {
                    let code = u16(option), length = u16(option + 2)
                    if code == 0 { break }
                    if code == 1 { comment = String(decoding: d[(option + 4)..<(option + 4 + length)], as: UTF8.self) }
                    option += 4 + (length + 3) / 4 * 4
                }
                comments.append(comment ?? "")
            }
            block += total
        }
        return comments
    }

    /// tcpdump's reading of `path`: packets printed and whether it read to the end without complaint. Nil without
    /// tcpdump.
    static func readWithTcpdump(_ path: String) throws -> (count: Int, clean: Bool, stderr: String)? {
        guard let tcpdump = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: tcpdump is not installed")
            return nil
        }
        let r = try Tool.execute([tcpdump, "-nn", "-r", path])
        let complaints = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("reading from file") }
        return (r.lines.count, r.status == 0 && complaints.isEmpty, r.stderr)
    }

    /// tshark's reading: the comment of every packet, and whether it read to the end. Nil without tshark.
    static func readWithTshark(_ path: String) throws -> (comments: [String], clean: Bool, stderr: String)? {
        guard let tshark = Tool.tsharkPath else {
            print("skipped: tshark is not installed")
            return nil
        }
        let r = try Tool.execute([tshark, "-r", path, "-T", "fields", "-e", "frame.comment"])
        let complaints = r.stderr.split(separator: "\n").filter { !$0.contains("Running as user") && !$0.contains("dangerous") && !$0.isEmpty }
        return (r.lines, r.status == 0 && complaints.isEmpty, r.stderr)
    }
}
