import CCandidateReader
import CCompressedStream
import CPcap
import IGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a .pcap or .pcapng file through libpcap and hands each packet's bytes to the caller without copying them.
///
/// A BPF filter, when set, is applied per packet (`pcap_offline_filter`) rather than inside libpcap, so frame numbers
/// still count every packet of the file.
///
/// Not thread-safe: use a reader on one thread at a time (it may move between threads, as the scan's reading thread
/// takes it over and hands it back).
public final class CaptureReader {
    /// The path the reader was opened with (or the name given with a stream).
    public let path: String
    /// The link type as libpcap reports it (DLT_ value).
    public let linkType: LinkType
    /// The file's snapshot length.
    public let snapshotLength: Int
    /// The file's size in bytes (for progress), when known.
    public let fileSize: Int64?

    @usableFromInline let handle: OpaquePointer
    @usableFromInline var filter = bpf_program()
    @usableFromInline var hasFilter = false
    @usableFromInline var closed = false
    private var streamBuffer: UnsafeMutableRawPointer?
    /// The state behind a stream read through `CCompressedStream` (compressed, or a pipe): its errors and counts.
    @usableFromInline var streamState: UnsafeMutablePointer<igmpguard_stream>?
    /// What the capture was compressed with, nil for a plain one.
    public private(set) var compression: Compression?
    /// Where reading stands, for both loops (`forEachPacket` and the C loop of `readCandidates`), so that a reader
    /// may go on with either: packets read, packets cut, the next record's offset, and a packet `readCandidates`
    /// read and kept but had no batch room for (handed out first by whichever loop comes next).
    @usableFromInline var state = igmpguard_read_state(packets: 0, truncated: 0, record_offset: 24, pending_header: nil, pending_data: nil)
    /// Packets read so far, filtered out or not (the frame number of the last one).
    public var packetsRead: Int { Int(state.packets) }
    /// Packets cut by the snapshot length, among those read (and kept by the filter).
    public var truncatedPackets: Int { Int(state.truncated) }

    /// Opens `path`: a pcap or pcapng file, or one compressed with gzip or zstd (told by its first bytes, not its
    /// name: read through the decompressor as it goes). Throws for a missing or unreadable file, a file that is not a
    /// capture, a truncated file header, and a link type the decoder cannot read.
    public convenience init(path: String) throws(CaptureError) {
        // Refuse directories and other non-files up front: libpcap's message for them is unhelpful.
        var info = stat()
        if stat(path, &info) != 0 {
            throw CaptureError(.cannotOpen, path: path, detail: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw CaptureError(.cannotOpen, path: path, detail: "is a directory")
        }
        let isRegular = (info.st_mode & S_IFMT) == S_IFREG
        // Check readability ourselves: libpcap reports EACCES as a bare "Permission denied".
        if access(path, R_OK) != 0 {
            throw CaptureError(.cannotOpen, path: path, detail: String(cString: strerror(errno)))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CaptureError(.cannotOpen, path: path, detail: String(cString: strerror(errno))) }
        try self.init(fileDescriptor: fd, name: path, fileSize: isRegular ? Int64(info.st_size) : nil, seekable: isRegular)
    }

    /// Reads a capture from an open file descriptor, which the reader takes over and closes (also when this throws):
    /// a file, or a pipe such as standard input (give it `dup(STDIN_FILENO)` to keep standard input open). Plain or
    /// compressed with gzip or zstd, as its first bytes say. `name` stands for it in errors.
    public convenience init(fileDescriptor fd: Int32, name: String) throws(CaptureError) {
        var info = stat()
        let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        // A regular file is read from where it stands; its first bytes are peeked at that offset.
        let start = isRegular ? lseek(fd, 0, SEEK_CUR) : -1
        try self.init(fileDescriptor: fd, name: name, fileSize: isRegular && start == 0 ? Int64(info.st_size) : nil,
                      seekable: isRegular && start >= 0)
    }

    /// `seekable`: the first bytes can be peeked (pread) without taking them from the stream.
    private convenience init(fileDescriptor fd: Int32, name: String, fileSize: Int64?, seekable: Bool) throws(CaptureError) {
        var first = [UInt8](repeating: 0, count: 4)
        let firstCount: Int
        if seekable {
            let at = lseek(fd, 0, SEEK_CUR)
            firstCount = first.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4, at) }
        } else {
            firstCount = first.withUnsafeMutableBufferPointer { igmpguard_read_first_bytes(fd, $0.baseAddress, 4) }
        }
        guard firstCount >= 0 else {
            let error = CaptureError(.cannotOpen, path: name, detail: String(cString: strerror(errno)))
            closeFileDescriptor(fd)
            throw error
        }
        let compression = first.withUnsafeBufferPointer { igmpguard_compression_of($0.baseAddress, firstCount) }
        if seekable && compression == IGMPGUARD_COMPRESSION_NONE {
            try self.init(plainFile: fd, name: name, fileSize: fileSize)
            return
        }
        // Compressed, or a pipe whose first bytes were taken: read through a stream that hands them out first.
        var state: UnsafeMutablePointer<igmpguard_stream>? = nil
        let lookahead = seekable ? 0 : firstCount
        guard let stream = first.withUnsafeBufferPointer({ igmpguard_stream_open(fd, compression, $0.baseAddress, lookahead, &state) }),
              let state else {
            let error = CaptureError(.cannotOpen, path: name, detail: String(cString: strerror(errno)))
            closeFileDescriptor(fd)
            throw error
        }
        try self.init(stream: stream, state: state, name: name, fileSize: fileSize,
                      compression: Compression(compression))
    }

    /// A capture file read as it is, through a stdio stream with our larger buffer.
    private convenience init(plainFile fd: Int32, name path: String, fileSize: Int64?) throws(CaptureError) {
        // Opened here rather than by libpcap, so that the stream reads through our larger buffer (see
        // `streamBufferSize`); libpcap reads only through the FILE either way.
        guard let stream = fdopen(fd, "rb") else {
            let error = CaptureError(.cannotOpen, path: path, detail: String(cString: strerror(errno)))
            closeFileDescriptor(fd)
            throw error
        }
        try self.init(opening: stream, state: nil, name: path, fileSize: fileSize, compression: nil, buffered: true)
    }

    /// A capture read through `CCompressedStream` (decompressed, or a pipe's bytes handed out after its first).
    private convenience init(stream: UnsafeMutablePointer<FILE>, state: UnsafeMutablePointer<igmpguard_stream>,
                             name: String, fileSize: Int64?, compression: Compression?) throws(CaptureError) {
        try self.init(opening: stream, state: state, name: name, fileSize: fileSize, compression: compression, buffered: true)
    }

    /// Hands `stream` to libpcap; every way of opening a capture ends here. `buffered`: the stream reads through our
    /// larger buffer (`streamBufferSize`), without stdio's lock (only this reader uses it, on one thread at a time:
    /// see igmpguard_stream_without_locking). `state`, for a `CCompressedStream` stream, tells why libpcap refused
    /// it; otherwise the stream's first bytes are read again (`CaptureFailure`). The stream, and `state`, are the
    /// reader's: closed and freed with it, or here when this throws.
    private init(opening stream: UnsafeMutablePointer<FILE>, state: UnsafeMutablePointer<igmpguard_stream>?, name: String,
                 fileSize: Int64?, compression: Compression?, buffered: Bool) throws(CaptureError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        var buffer: UnsafeMutableRawPointer? = nil
        if buffered {
            let allocated = UnsafeMutableRawPointer.allocate(byteCount: Self.streamBufferSize, alignment: 64)
            setvbuf(stream, allocated.assumingMemoryBound(to: CChar.self), _IOFBF, Self.streamBufferSize)
            igmpguard_stream_without_locking(stream)
            buffer = allocated
        }
        let start = state == nil ? CaptureFailure.startPosition(stream) : nil
        guard let opened = pcap_fopen_offline_with_tstamp_precision(stream, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf) else {
            let error: CaptureError
            if let state {
                var failure = Self.streamFailure(state, path: name, offset: 0, opening: true)
                    ?? CaptureError(ferror(stream) != 0 ? .cannotOpen
                                        : CaptureFailure.openFailure(firstBytes: Self.firstBytes(state), ranOut: feof(stream) != 0),
                                    path: name, detail: Self.string(errbuf), offset: 0)
                if failure.kind == .cannotOpen { failure.offset = nil }
                error = failure
            } else {
                error = Self.openError(path: name, errbuf, start: start, stream: stream)
            }
            fclose(stream)
            igmpguard_stream_free(state)
            buffer?.deallocate()
            throw error
        }
        let linkType: LinkType
        do {
            linkType = try CaptureError.supportedLinkType(of: opened, path: name) // closes the handle when it throws
        } catch {
            igmpguard_stream_free(state)
            buffer?.deallocate()
            throw error
        }
        self.linkType = linkType
        path = name
        self.fileSize = fileSize
        streamBuffer = buffer
        streamState = state
        self.compression = compression
        handle = opened
        snapshotLength = Int(pcap_snapshot(opened))
    }

    /// What a capture was compressed with.
    public enum Compression: String, Sendable {
        /// gzip (RFC 1952), one member or several one after another.
        case gzip
        /// Zstandard (RFC 8878), one frame or several, skippable frames included.
        case zstd

        init?(_ value: igmpguard_compression) {
            switch value {
            case IGMPGUARD_COMPRESSION_GZIP: self = .gzip
            case IGMPGUARD_COMPRESSION_ZSTD: self = .zstd
            default: return nil
            }
        }
    }

    /// The first bytes of the capture a stream handed out (decompressed).
    static func firstBytes(_ state: UnsafeMutablePointer<igmpguard_stream>) -> [UInt8] {
        withUnsafeBytes(of: state.pointee.first_bytes) { Array($0.prefix(state.pointee.first_byte_count)) }
    }

    /// The error a stream met (the compressed data ends early or is refused, reading failed), if any: it stands
    /// for whatever libpcap made of the bytes that stopped coming.
    /// While opening (`opening`), a failure to read at all is "cannot open", as for a file; after that it is a
    /// corrupt capture at `offset`, as a plain file's read error is (`CaptureFailure.readFailure`).
    @usableFromInline
    static func streamFailure(_ state: UnsafeMutablePointer<igmpguard_stream>?, path: String, offset: Int64?,
                              opening: Bool = false) -> CaptureError? {
        guard let state, state.pointee.failure != IGMPGUARD_STREAM_OK else { return nil }
        let detail = withUnsafeBytes(of: state.pointee.detail) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch state.pointee.failure {
        case IGMPGUARD_STREAM_TRUNCATED: return CaptureError(.truncated, path: path, detail: detail, offset: offset)
        case IGMPGUARD_STREAM_CORRUPT: return CaptureError(.corrupt, path: path, detail: detail, offset: offset)
        default: return opening ? CaptureError(.cannotOpen, path: path, detail: detail)
                                : CaptureError(.corrupt, path: path, detail: detail, offset: offset)
        }
    }

    /// The stdio buffer a capture file is read through. glibc sizes a stream's buffer by the file system's block
    /// size: one read(2) per block of capture. A larger buffer makes far fewer calls; much larger ones were slower
    /// again, the buffer no longer staying in the L2 cache (docs/benchmarks.md).
    static let streamBufferSize = 64 * 1024

    /// Reads a capture from an open stream (a pipe, `fmemopen` memory ...). libpcap takes the stream over and closes
    /// it with the reader, also when this throws. `name` stands for the file in errors.
    public convenience init(stream: UnsafeMutablePointer<FILE>, name: String) throws(CaptureError) {
        try self.init(opening: stream, state: nil, name: name, fileSize: nil, compression: nil, buffered: false)
    }

    deinit { close() }

    /// Compiles a BPF filter (tcpdump syntax) that every packet must match to be handed out.
    public func setFilter(_ expression: String) throws(CaptureError) {
        if hasFilter { pcap_freecode(&filter); hasFilter = false }
        guard pcap_compile(handle, &filter, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError(.badFilter, path: path, detail: "\(expression): \(String(cString: pcap_geterr(handle)))")
        }
        hasFilter = true
    }

    /// Byte offset of the next record in the capture (in a compressed file: in the capture it holds).
    public var fileOffset: Int64? {
        guard !closed, let file = pcap_file(handle) else { return nil }
        let position = ftello(file)
        return position >= 0 ? Int64(position) : nil
    }

    /// Bytes of the file read so far (compressed bytes for a compressed file), to compare with `fileSize`.
    public var inputPosition: Int64? {
        guard !closed else { return nil }
        if let streamState, compression != nil { return streamState.pointee.bytes_read }
        return fileOffset
    }

    /// Calls `body` for every packet (that passes the filter), in file order, until `body` returns false or the
    /// file ends.
    ///
    /// It goes on where the reader stands: after an earlier call that stopped, or after `readCandidates`, whose
    /// packet kept but left out of a full batch comes first.
    ///
    /// - Parameter body: called with the packet's bytes (valid only during the call: they are libpcap's buffer) and
    ///   its details; returns false to stop. To end with an error of your own, keep it in a variable and return
    ///   false.
    /// - Throws: a `CaptureError` when the file cannot be read to its end (`.truncated`, `.corrupt` ...), after every
    ///   packet before the failure has been handed to `body`. Its offset is the failing record's start for classic
    ///   pcap and where reading stopped for pcapng.
    // Inlinable so that the caller's per-packet closure is inlined into this loop, which runs for every packet. The
    // classic pcap offset is counted from the record lengths: asking the FILE costs an lseek per packet.
    @inlinable
    public func forEachPacket(_ body: (RawSpan, PacketInfo) -> Bool) throws(CaptureError) {
        guard !closed else { return }
        // The packet `readCandidates` kept but had no batch room for: still in libpcap's buffer, and next in order.
        if let header = state.pending_header, let data = state.pending_data {
            state.pending_header = nil
            state.pending_data = nil
            if !body(RawSpan(_unsafeBytes: Self.bytes(data, header.pointee)), Self.info(header.pointee, frameNumber: Int(state.packets))) { return }
        }
        var header: UnsafeMutablePointer<pcap_pkthdr>? = nil
        var data: UnsafePointer<UInt8>? = nil
        // libpcap reports pcapng sections as version 1.x, classic pcap as 2.4.
        let isClassic = pcap_major_version(handle) == 2
        let filtered = hasFilter
        // Counted in locals, stored back on the way out: a stored property would be reloaded and written around
        // every call of `body`. (Wrapping adds: a count of packets, an offset in a file, neither can reach 2^63.)
        var count = Int(state.packets)
        var truncated = state.truncated
        var recordOffset = state.record_offset
        defer {
            state.packets = Int64(count)
            state.truncated = truncated
            state.record_offset = recordOffset
        }
        while !closed { // `body` may close the reader
            let status = pcap_next_ex(handle, &header, &data)
            if status == PCAP_ERROR_BREAK { return } // -2: end of file
            guard status == 1, let header, let data else {
                throw readError(recordOffset: isClassic ? recordOffset : nil)
            }
            let h = header.pointee
            recordOffset &+= 16 &+ Int64(h.caplen)
            count &+= 1
            if filtered && pcap_offline_filter(&filter, header, data) == 0 { continue }
            if h.caplen < h.len { truncated &+= 1 }
            if !body(RawSpan(_unsafeBytes: Self.bytes(data, h)), Self.info(h, frameNumber: count)) { return }
        }
    }

    @inlinable @inline(__always)
    static func bytes(_ data: UnsafePointer<UInt8>, _ header: pcap_pkthdr) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: Int(header.caplen))
    }

    @inlinable @inline(__always)
    static func info(_ header: pcap_pkthdr, frameNumber: Int) -> PacketInfo {
        PacketInfo(frameNumber: frameNumber,
                   timestamp: Timestamp(seconds: Int64(header.ts.tv_sec), fraction: Int64(header.ts.tv_usec)),
                   wireLength: Int(header.len), capturedLength: Int(header.caplen))
    }

    /// The error for a failed read: at `recordOffset` (classic pcap) or where reading stopped (pcapng).
    @usableFromInline
    func readError(recordOffset: Int64?) -> CaptureError {
        let offset = recordOffset ?? fileOffset
        if let failure = Self.streamFailure(streamState, path: path, offset: offset) { return failure }
        return CaptureError(CaptureFailure.readFailure(handle), path: path, detail: String(cString: pcap_geterr(handle)),
                            offset: offset)
    }

    /// Releases libpcap's handle and file.
    public func close() {
        guard !closed else { return }
        if hasFilter { pcap_freecode(&filter); hasFilter = false }
        pcap_close(handle) // closes the stream too
        state.pending_header = nil // it pointed into libpcap's buffer
        state.pending_data = nil
        streamBuffer?.deallocate()
        streamBuffer = nil
        igmpguard_stream_free(streamState) // after the stream is closed, as the C side requires
        streamState = nil
        closed = true
    }

    /// The error for a capture libpcap would not open (`CaptureFailure` says which kind), with libpcap's words.
    static func openError(path: String, _ errbuf: [CChar], start: off_t?, stream: UnsafeMutablePointer<FILE>) -> CaptureError {
        let kind = CaptureFailure.openFailure(stream: stream, start: start)
        return CaptureError(kind, path: path, detail: string(errbuf), offset: kind == .cannotOpen ? nil : 0)
    }

    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension CaptureReader {
    /// The version of the libpcap this process runs with, as libpcap names itself (`pcap_lib_version`), for example
    /// "libpcap version 1.10.5 (with TPACKET_V3)".
    public static var libpcapVersion: String { String(cString: pcap_lib_version()) }
}

/// close(2), out of reach by that name inside `CaptureReader`, whose `close()` shadows it.
private func closeFileDescriptor(_ fd: Int32) { _ = close(fd) }
