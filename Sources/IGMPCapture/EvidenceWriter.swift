import IGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes flagged packets to pcapng files whose per-packet comment names the rules that fired.
///
/// libpcap (and so tcpdump) reads only one link type per pcapng file, so the first link type met goes to `path` and
/// any other to a sibling file named after it (`evidence.pcapng` -> `evidence-LINUX_SLL2.pcapng`); `paths` lists them.
public final class EvidenceWriter {
    public let path: String
    var files: [LinkType: PcapngFile] = [:]
    /// Every file written, in the order they were opened.
    public private(set) var paths: [String] = []
    /// Called once when a sibling file is opened for a further link type.
    public var onNewFile: ((String, LinkType) -> Void)?
    /// Packets written, over all files.
    public var count: Int { files.values.reduce(0) { $0 + $1.count } }

    /// Creates (or truncates) `path` and writes its section header, so a bad path fails before any scanning.
    public init(path: String, application: String = "igmpguard") throws(CaptureError) {
        self.path = path
        first = try PcapngFile(path: path, application: application)
        self.application = application
        paths = [path]
    }

    var first: PcapngFile?
    let application: String

    deinit { try? close() }

    /// Appends one packet with `comment` (rule ids, verdict ...).
    public func write(_ frame: RawSpan, linkType: LinkType, snapshotLength: Int, info: PacketInfo, comment: String) throws(CaptureError) {
        let file: PcapngFile
        if let existing = files[linkType] {
            file = existing
        } else if let f = first {
            first = nil
            files[linkType] = f
            file = f
        } else {
            let sibling = Self.siblingPath(path, linkType)
            file = try PcapngFile(path: sibling, application: application)
            files[linkType] = file
            paths.append(sibling)
            onNewFile?(sibling, linkType)
        }
        try file.write(frame, linkType: linkType, snapshotLength: snapshotLength, info: info, comment: comment)
    }

    /// Pushes what was written to the files, so that a live capture's evidence is on disk as each packet arrives.
    public func flush() {
        for file in [first].compactMap({ $0 }) + Array(files.values) { file.flush() }
    }

    /// Flushes and closes every file. Safe to call twice.
    public func close() throws(CaptureError) {
        var failure: CaptureError? = nil
        for file in [first].compactMap({ $0 }) + Array(files.values) {
            do { try file.close() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    static func siblingPath(_ path: String, _ linkType: LinkType) -> String {
        let suffix = "-" + linkType.name
        if path.hasSuffix(".pcapng") { return String(path.dropLast(7)) + suffix + ".pcapng" }
        return path + suffix + ".pcapng"
    }
}

/// One pcapng file of one link type (draft-ietf-opsawg-pcapng): a Section Header Block, an Interface Description
/// Block with nanosecond timestamps, and an Enhanced Packet Block per packet with an `opt_comment`. libpcap cannot
/// write comments, so the blocks are written here. Every block is complete when `write` returns, so a file cut short
/// by a crash is still readable up to its last packet; `close` flushes it.
final class PcapngFile {
    let path: String
    var file: UnsafeMutablePointer<FILE>?
    /// Interface id of each link type already described.
    var interfaces: [LinkType: UInt32] = [:]
    /// Packets written.
    private(set) var count = 0

    enum BlockType {
        static let sectionHeader: UInt32 = 0x0a0d_0d0a
        static let interfaceDescription: UInt32 = 1
        static let enhancedPacket: UInt32 = 6
    }

    enum Option {
        static let endOfOptions: UInt16 = 0
        static let comment: UInt16 = 1
        static let userApplication: UInt16 = 4 // shb_userappl
        static let timestampResolution: UInt16 = 9 // if_tsresol
    }

    /// Creates (or truncates) `path` and writes the section header.
    init(path: String, application: String) throws(CaptureError) {
        self.path = path
        guard let f = fopen(path, "wb") else {
            throw CaptureError(.cannotOpen, path: path, detail: String(cString: strerror(errno)))
        }
        file = f
        var body = Bytes()
        body.u32(0x1a2b_3c4d) // byte-order magic, in our (host) order
        body.u16(1); body.u16(0) // version 1.0
        body.u64(UInt64.max) // section length unknown
        body.option(Option.userApplication, Array(application.utf8))
        body.option(Option.endOfOptions, [])
        try writeBlock(BlockType.sectionHeader, body.bytes)
    }

    deinit { try? close() }

    func write(_ frame: RawSpan, linkType: LinkType, snapshotLength: Int, info: PacketInfo, comment: String) throws(CaptureError) {
        let interface = try interfaceID(for: linkType, snapshotLength: snapshotLength)
        let captured = frame.byteCount
        var body = Bytes(reserving: 40 + captured + comment.utf8.count)
        body.u32(interface)
        let ticks = UInt64(bitPattern: info.timestamp.seconds) &* 1_000_000_000 &+ UInt64(info.timestamp.nanoseconds)
        body.u32(UInt32(truncatingIfNeeded: ticks >> 32))
        body.u32(UInt32(truncatingIfNeeded: ticks))
        body.u32(UInt32(captured))
        body.u32(UInt32(max(info.wireLength, captured)))
        frame.withUnsafeBytes { body.bytes.append(contentsOf: $0) }
        body.padToWord()
        body.option(Option.comment, Array(comment.utf8))
        body.option(Option.endOfOptions, [])
        try writeBlock(BlockType.enhancedPacket, body.bytes)
        count += 1
    }

    func flush() {
        if let file { fflush(file) }
    }

    func close() throws(CaptureError) {
        guard file != nil else { return }
        // libpcap refuses a pcapng file with no Interface Description Block, so an evidence file without packets
        // still describes one (Ethernet) and stays a valid, empty capture.
        if interfaces.isEmpty { _ = try interfaceID(for: .ethernet, snapshotLength: 262_144) }
        guard let f = file else { return }
        file = nil
        let flushed = fflush(f) == 0
        let closed = fclose(f) == 0
        if !flushed || !closed {
            throw CaptureError(.writeFailed, path: path, detail: String(cString: strerror(errno)))
        }
    }

    func interfaceID(for linkType: LinkType, snapshotLength: Int) throws(CaptureError) -> UInt32 {
        if let id = interfaces[linkType] { return id }
        let id = UInt32(interfaces.count)
        var body = Bytes()
        // pcapng stores LINKTYPE_ values: libpcap's DLT_RAW (12 or 14) is LINKTYPE_RAW (101) on disk.
        let stored = (linkType == .rawDLT || linkType == .rawDLTOpenBSD) ? LinkType.raw.rawValue : linkType.rawValue
        body.u16(UInt16(truncatingIfNeeded: stored))
        body.u16(0)
        body.u32(UInt32(clamping: snapshotLength > 0 ? snapshotLength : 262_144))
        body.option(Option.timestampResolution, [9]) // 10^-9 s
        body.option(Option.endOfOptions, [])
        try writeBlock(BlockType.interfaceDescription, body.bytes)
        interfaces[linkType] = id
        return id
    }

    func writeBlock(_ type: UInt32, _ body: [UInt8]) throws(CaptureError) {
        guard let f = file else { throw CaptureError(.writeFailed, path: path, detail: "evidence file already closed") }
        let total = UInt32(12 + body.count)
        var block = Bytes(reserving: Int(total))
        block.u32(type)
        block.u32(total)
        block.bytes += body
        block.u32(total)
        let written = block.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        guard written == block.bytes.count else {
            throw CaptureError(.writeFailed, path: path, detail: String(cString: strerror(errno)))
        }
    }

    /// Little helper for host-order block bodies.
    struct Bytes {
        var bytes: [UInt8] = []
        init(reserving n: Int = 64) { bytes.reserveCapacity(n) }
        mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v) { bytes += $0 } }
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v) { bytes += $0 } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v) { bytes += $0 } }
        mutating func padToWord() { while bytes.count % 4 != 0 { bytes.append(0) } }
        mutating func option(_ code: UInt16, _ value: [UInt8]) {
            u16(code)
            u16(UInt16(value.count))
            bytes += value
            padToWord()
        }
    }
}
