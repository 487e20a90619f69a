import Foundation
import IGMP

/// A minimal pcap / pcapng reader for tests: enough to feed the reference captures to the decoder before the
/// libpcap front end exists. Strict about its own bounds; it is not the product's reader.
struct CapturedPacket {
    var frameNumber: Int
    var linkType: LinkType
    var bytes: [UInt8]
    var wireLength: Int
}

enum CaptureFileError: Error { case notACapture(String), corrupt(String) }

enum CaptureFile {
    static func read(_ path: String) throws -> [CapturedPacket] {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count >= 4 else { throw CaptureFileError.notACapture(path) }
        let magic = UInt32(data[0]) << 24 | UInt32(data[1]) << 16 | UInt32(data[2]) << 8 | UInt32(data[3])
        switch magic {
        case 0xa1b2_c3d4, 0xa1b2_3c4d: return try classic(data, bigEndian: true)
        case 0xd4c3_b2a1, 0x4d3c_b2a1: return try classic(data, bigEndian: false)
        case 0x0a0d_0d0a: return try pcapng(data)
        default: throw CaptureFileError.notACapture(path)
        }
    }

    static func u32(_ d: [UInt8], _ o: Int, bigEndian: Bool) -> UInt32 {
        let v = UInt32(d[o]) << 24 | UInt32(d[o + 1]) << 16 | UInt32(d[o + 2]) << 8 | UInt32(d[o + 3])
        return bigEndian ? v : v.byteSwapped
    }

    static func u16(_ d: [UInt8], _ o: Int, bigEndian: Bool) -> UInt16 {
        let v = UInt16(d[o]) << 8 | UInt16(d[o + 1])
        return bigEndian ? v : v.byteSwapped
    }

    static func classic(_ d: [UInt8], bigEndian be: Bool) throws -> [CapturedPacket] {
        guard d.count >= 24 else { throw CaptureFileError.corrupt("short header") }
        let linkType = LinkType(rawValue: u32(d, 20, bigEndian: be) & 0x0fff_ffff)
        var out: [CapturedPacket] = []
        var o = 24
        while o + 16 <= d.count {
            let caplen = Int(u32(d, o + 8, bigEndian: be))
            let len = Int(u32(d, o + 12, bigEndian: be))
            guard caplen <= d.count - o - 16 else { break } // cut or corrupt record: stop like a reader would
            out.append(CapturedPacket(frameNumber: out.count + 1, linkType: linkType,
                                      bytes: Array(d[(o + 16)..<(o + 16 + caplen)]), wireLength: len))
            o += 16 + caplen
        }
        return out
    }

    static func pcapng(_ d: [UInt8]) throws -> [CapturedPacket] {
        var out: [CapturedPacket] = []
        var interfaces: [LinkType] = []
        var be = true
        var o = 0
        while o + 12 <= d.count {
            let type = u32(d, o, bigEndian: be)
            if type == 0x0a0d_0d0a {
                let bom = u32(d, o + 8, bigEndian: true)
                be = bom == 0x1a2b_3c4d
                interfaces = []
            }
            let length = Int(u32(d, o + 4, bigEndian: be))
            guard length >= 12, length % 4 == 0, o + length <= d.count else { break }
            switch u32(d, o, bigEndian: be) {
            case 1: interfaces.append(LinkType(rawValue: UInt32(u16(d, o + 8, bigEndian: be))))
            case 6:
                let interface = Int(u32(d, o + 8, bigEndian: be))
                let caplen = Int(u32(d, o + 20, bigEndian: be))
                let len = Int(u32(d, o + 24, bigEndian: be))
                guard interface < interfaces.count, 28 + caplen <= length else { break }
                out.append(CapturedPacket(frameNumber: out.count + 1, linkType: interfaces[interface],
                                          bytes: Array(d[(o + 28)..<(o + 28 + caplen)]), wireLength: len))
            case 3:
                let len = Int(u32(d, o + 8, bigEndian: be))
                let caplen = min(len, length - 16)
                guard !interfaces.isEmpty else { break }
                out.append(CapturedPacket(frameNumber: out.count + 1, linkType: interfaces[0],
                                          bytes: Array(d[(o + 12)..<(o + 12 + caplen)]), wireLength: len))
            default: break
            }
            o += length
        }
        return out
    }
}

/// Where the shared reference captures live: `../shared/reference/captures` beside the repository, or
/// `$IGMPGUARD_REFERENCE`.
enum ReferenceCaptures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory: String? = {
        let candidate = ProcessInfo.processInfo.environment["IGMPGUARD_REFERENCE"]
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/captures").path
        return FileManager.default.fileExists(atPath: candidate + "/MANIFEST.md") ? candidate : nil
    }()

    static var isAvailable: Bool { directory != nil }

    static func path(_ relative: String) -> String { (directory ?? "/nonexistent") + "/" + relative }

    static func packets(_ relative: String) throws -> [CapturedPacket] { try CaptureFile.read(path(relative)) }

    /// One Ethernet frame per line of hex text (.dat / .hex files).
    static func hexFrames(_ relative: String) throws -> [[UInt8]] {
        let text = try String(contentsOfFile: path(relative), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let hex = line.filter(\.isHexDigit)
            guard hex.count >= 2 else { return nil }
            var bytes: [UInt8] = []
            var i = hex.startIndex
            while let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex), i != hex.endIndex {
                bytes.append(UInt8(hex[i..<j], radix: 16)!)
                i = j
            }
            return bytes
        }
    }
}
