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
/// Link types are told apart as files store them: libpcap's two raw-IP values (DLT 12 and 14) are one link type on
/// disk (LINKTYPE_RAW) and share one file.
///
/// Files are created as `PcapngFile` says: mode 0600, never through a symbolic link, never over another user's file,
/// and never over a file the writer was told to protect (the captures a scan reads: a sibling file's name could be
/// one of them).
public final class EvidenceWriter {
    /// The path of the first evidence file; files for further link types are named after it.
    public let path: String
    /// The files no evidence may be written to.
    let protected: [ProtectedFile]
    /// The open files, by the link type they store.
    var files: [LinkType: PcapngFile] = [:]
    /// Every file written, in the order they were opened.
    public private(set) var paths: [String] = []
    /// Called once when a sibling file is opened for a further link type.
    public var onNewFile: ((String, LinkType) -> Void)?
    /// Packets written, over all files (rotated ones included).
    public var count: Int { files.values.reduce(closedCount) { $0 + $1.count } }
    /// Packets written to files closed by `reopen`.
    private var closedCount = 0
    /// A file is rotated once it holds this many bytes (nil: never): moved to `path.1` (older ones shifted up to
    /// `path.keptFiles`, the oldest removed) and started anew, as tcpdump `-C`/`-W` does. Never torn: a file is
    /// closed whole after the packet that took it over the size.
    public var maximumFileSize: Int?
    /// Rotated files kept per evidence file (0: a full file is started anew in its place).
    public var keptFiles = 0
    /// Files rotated for their size.
    public private(set) var rotations = 0

    /// Creates (or empties) `path` and writes its section header, so a bad path fails before any scanning.
    /// `protecting`: files that no evidence file, `path` or a sibling, may be (the captures to be read), told by
    /// device and inode, so a link or another spelling of the path is caught too.
    public init(path: String, application: String = "igmpguard", protecting: [String] = []) throws(CaptureError) {
        self.path = path
        protected = protecting.compactMap { name in FileIdentity(path: name).map { ProtectedFile(identity: $0, name: name) } }
        first = try PcapngFile(path: path, application: application, protected: protected)
        self.application = application
        paths = [path]
    }

    /// `path`'s file until the first packet gives it a link type.
    var first: PcapngFile?
    let application: String

    deinit { try? close() }

    /// Appends one packet with `comment` (rule ids, verdict ...). A packet of more than `PcapngFile.snapshotLength`
    /// bytes is stored cut to that length, its original length kept, so that libpcap reads the file to its end.
    public func write(_ frame: RawSpan, linkType: LinkType, info: PacketInfo, comment: String) throws(CaptureError) {
        let stored = linkType.stored
        let file: PcapngFile
        if let existing = files[stored] {
            file = existing
        } else if let f = first {
            first = nil
            files[stored] = f
            file = f
        } else {
            let sibling = Self.siblingPath(path, stored)
            file = try PcapngFile(path: sibling, application: application, protected: protected)
            files[stored] = file
            if !paths.contains(sibling) { paths.append(sibling) }
            onNewFile?(sibling, stored)
        }
        try file.write(frame, linkType: stored, info: info, comment: comment)
        if let maximumFileSize, file.bytesWritten >= maximumFileSize { try rotate(file, stored) }
    }

    /// Closes `file` whole, shifts it and its older siblings aside and makes its path anew.
    /// A file that could not be moved stays at its path, never emptied: `reopen` sets it aside.
    private func rotate(_ file: PcapngFile, _ stored: LinkType) throws(CaptureError) {
        files[stored] = nil
        closedCount += file.count
        var failure: CaptureError? = nil
        do { try file.close() } catch { failure = error }
        try WritableFile.shift(file.path, keep: keptFiles)
        rotations += 1
        let fresh = try PcapngFile(path: file.path, application: application, protected: protected)
        fresh.linkType = stored
        files[stored] = fresh
        if let failure { throw failure }
    }

    /// Moves a non-empty regular file at `path` aside as a rotation would (`path.1`, older ones up to `path.keep`,
    /// the oldest removed), so that making evidence there never empties earlier evidence: a live capture calls it
    /// before it starts (a restarted sensor keeps the last run's file). Anything else at `path` is left for the
    /// checks of opening it.
    public static func setAside(_ path: String, keep: Int) throws(CaptureError) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return }
        try WritableFile.shift(path, keep: max(keep, 1))
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

    /// After the files were rotated (moved away, as logrotate does): each file whose path now names another file,
    /// or none, is closed whole and its path made anew, the main file at once (so that a bad path shows now; it
    /// keeps the link type it had), a sibling with its next packet. A file still at its path is kept open, so a
    /// reopen without a rotation loses nothing and empties nothing; a non-empty file at the main path that is not
    /// the writer's (one a failed rotation left) is set aside, never emptied.
    ///
    /// - Returns: the paths of the files closed.
    /// - Throws: when closing a moved file, or making the main file anew, fails (the rest is done all the same).
    public func reopen() throws(CaptureError) -> [String] {
        var closed: [String] = []
        var failure: CaptureError? = nil
        var mainLinkType: LinkType? = nil
        for file in [first].compactMap({ $0 }) + Array(files.values) where !WritableFile.stillNames(file.path, file.identity) {
            do { try file.close() } catch { failure = failure ?? error }
            closed.append(file.path)
            closedCount += file.count
            if file.path == path { mainLinkType = file.linkType }
            if file === first { first = nil }
            if let stored = file.linkType, files[stored] === file { files[stored] = nil }
        }
        if first == nil && !files.values.contains(where: { $0.path == path }) {
            do {
                try Self.setAside(path, keep: keptFiles)
                let fresh = try PcapngFile(path: path, application: application, protected: protected)
                if let stored = mainLinkType, files[stored] == nil {
                    fresh.linkType = stored
                    files[stored] = fresh
                } else {
                    first = fresh
                }
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return closed
    }

    /// `path` with the stored link type's name before `.pcapng`. Names of stored link types are distinct, and a
    /// sibling's name is longer than `path`, so no two files of one writer share a path.
    static func siblingPath(_ path: String, _ stored: LinkType) -> String {
        let suffix = "-" + stored.name
        if path.hasSuffix(".pcapng") { return String(path.dropLast(7)) + suffix + ".pcapng" }
        return path + suffix + ".pcapng"
    }
}

/// `close(2)`, named apart from `PcapngFile.close()`.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

/// A file as the system tells files apart: device and inode.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The file at `path` (links followed), or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}

/// A file evidence must never be written to, and the name it was given by.
struct ProtectedFile {
    var identity: FileIdentity
    var name: String
}

/// One pcapng file of one link type (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface Description
/// Block with nanosecond timestamps, and an Enhanced Packet Block per packet with an `opt_comment`. libpcap cannot write
/// comments, so the blocks are written here. Every block is complete when `write` returns, so a file cut short by a
/// crash is still readable up to its last packet; `close` flushes it.
final class PcapngFile {
    let path: String
    /// The file made or emptied at `path` (which may name another file once the evidence is rotated).
    let identity: FileIdentity
    var file: UnsafeMutablePointer<FILE>?
    /// The link type (as stored) of the file's interface, set by the first packet.
    var linkType: LinkType?
    /// Whether the Interface Description Block is written. One is all a file gets: libpcap refuses a file whose
    /// interfaces differ in snapshot length, and (1.10) a second LINKTYPE_RAW interface whatever its options.
    var describedInterface = false
    /// Packets written.
    private(set) var count = 0
    /// Bytes written, headers included.
    private(set) var bytesWritten = 0

    /// The interface's snapshot length. libpcap stops reading at a packet longer than it, and the captures of one
    /// scan may have any snapshot lengths, so it is libpcap's largest (MAXIMUM_SNAPLEN), beyond which libpcap hands
    /// out no packet of the link types we read; a longer packet given by a library user is stored cut to it.
    static let snapshotLength = 262_144

    /// The seconds whose every time the interface's timestamps (unsigned 64-bit nanoseconds since the epoch) hold
    /// exactly; the part of the next second they also reach (up to .709551615) is left out, for one simple bound.
    static let storableSeconds: Range<Int64> = 0 ..< 18_446_744_073

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
        /// An option's value is at most this long (its length is 16 bits, the block padded to 32).
        static let maximumLength = 65_532
    }

    /// Creates `path` with mode 0600 (it holds captured traffic), or empties it and sets that mode, and writes the
    /// section header. An existing path is refused as `WritableFile.open` says (a symbolic link, not a regular file,
    /// other hard links, another user's file, one of the `protected` files).
    init(path: String, application: String, protected: [ProtectedFile]) throws(CaptureError) {
        self.path = path
        let (fd, identity) = try WritableFile.descriptor(path, appending: false, what: "evidence", protected: protected)
        self.identity = identity
        guard let f = fdopen(fd, "wb") else {
            let reason = String(cString: strerror(errno))
            closeDescriptor(fd)
            throw CaptureError(.cannotOpen, path: path, detail: reason)
        }
        file = f
        var body = ByteWriter(order: .host)
        body.u32(0x1a2b_3c4d) // byte-order magic, in our (host) order
        body.u16(1); body.u16(0) // version 1.0
        body.u64(UInt64.max) // section length unknown
        body.option(Option.userApplication, Array(application.utf8))
        body.option(Option.endOfOptions, [])
        try writeBlock(BlockType.sectionHeader, body.bytes)
    }

    deinit { try? close() }

    /// Appends one packet of `linkType` (as stored; the first packet sets the file's). Its comment is written with
    /// control characters escaped, since tcpdump and tshark print comments as they are.
    ///
    /// A time the file cannot hold (before 1970, or past 2554) is stored as the nearest it can, and the comment says
    /// the time the packet was captured at.
    func write(_ frame: RawSpan, linkType: LinkType, info: PacketInfo, comment: String) throws(CaptureError) {
        if self.linkType == nil { self.linkType = linkType }
        try describeInterface()
        // Any seconds and nanoseconds: an out-of-range fraction carries, as a capture reader's would.
        let time = Timestamp(seconds: info.timestamp.seconds, fraction: Int64(info.timestamp.nanoseconds))
        let ticks: UInt64
        var comment = comment
        if Self.storableSeconds.contains(time.seconds) {
            ticks = UInt64(time.seconds) * 1_000_000_000 + UInt64(time.nanoseconds)
        } else {
            ticks = time.seconds < 0 ? 0 : UInt64.max
            comment += " [captured at \(time.seconds) s + \(time.nanoseconds) ns since 1970, a time this file cannot store]"
        }
        let captured = min(frame.byteCount, Self.snapshotLength)
        let text = Array(comment.escapingControlCharacters.utf8)
        let commentBytes = Self.prefix(text, utf8Limit: Option.maximumLength)
        var body = ByteWriter(reserving: 40 + captured + commentBytes.count, order: .host)
        body.u32(0) // the one interface
        body.u32(UInt32(truncatingIfNeeded: ticks >> 32))
        body.u32(UInt32(truncatingIfNeeded: ticks))
        body.u32(UInt32(captured))
        body.u32(UInt32(clamping: max(info.wireLength, frame.byteCount)))
        frame.withUnsafeBytes { body.bytes.append(contentsOf: $0.prefix(captured)) }
        body.padToWord()
        body.option(Option.comment, commentBytes)
        body.option(Option.endOfOptions, [])
        try writeBlock(BlockType.enhancedPacket, body.bytes)
        count += 1
    }

    /// The first `utf8Limit` bytes or fewer of `text`, never ending inside a character.
    static func prefix(_ text: [UInt8], utf8Limit: Int) -> [UInt8] {
        guard text.count > utf8Limit else { return text }
        var end = utf8Limit
        while end > 0 && text[end] & 0xc0 == 0x80 { end -= 1 } // text[end] starts the first character left out
        return Array(text[..<end])
    }

    func flush() {
        if let file { fflush(file) }
    }

    func close() throws(CaptureError) {
        guard file != nil else { return }
        // libpcap refuses a pcapng file with no Interface Description Block, so an evidence file without packets
        // still describes one (Ethernet) and stays a valid, empty capture.
        try describeInterface()
        guard let f = file else { return }
        file = nil
        let flushed = fflush(f) == 0
        let closed = fclose(f) == 0
        if !flushed || !closed {
            throw CaptureError(.writeFailed, path: path, detail: String(cString: strerror(errno)))
        }
    }

    /// Writes the file's Interface Description Block, once: the first packet's link type (Ethernet for a file
    /// without packets), nanosecond timestamps, and the snapshot length every packet fits.
    func describeInterface() throws(CaptureError) {
        guard !describedInterface else { return }
        var body = ByteWriter(order: .host)
        body.u16(UInt16(truncatingIfNeeded: (linkType ?? .ethernet).rawValue))
        body.u16(0)
        body.u32(UInt32(Self.snapshotLength))
        body.option(Option.timestampResolution, [9]) // 10^-9 s
        body.option(Option.endOfOptions, [])
        try writeBlock(BlockType.interfaceDescription, body.bytes)
        describedInterface = true
    }

    func writeBlock(_ type: UInt32, _ body: [UInt8]) throws(CaptureError) {
        guard let f = file else { throw CaptureError(.writeFailed, path: path, detail: "evidence file already closed") }
        let total = UInt32(12 + body.count)
        var block = ByteWriter(reserving: Int(total), order: .host)
        block.u32(type)
        block.u32(total)
        block.bytes += body
        block.u32(total)
        let written = block.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        bytesWritten += written
        guard written == block.bytes.count else {
            throw CaptureError(.writeFailed, path: path, detail: String(cString: strerror(errno)))
        }
    }}
