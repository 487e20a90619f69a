import Foundation
import IGMP
import IGMPCapture
import IGMPGuardKit
import IGMPTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The whole scan, as `igmpguard scan` runs it, on one capture file held in memory: the reader, the validator, the
/// three reporters and the evidence writer. What must hold for any bytes:
/// - nothing traps, and the exit status is 0, 1 or 2;
/// - text output and error lines carry no control character but their line ends, whatever the capture's name (the
///   name given here holds ESC and a newline);
/// - every NDJSON and EVE line is a JSON object, and every EVE timestamp has the form Suricata's schema requires;
/// - the evidence files, re-read with libpcap, hold exactly the packets NDJSON calls suspicious or hostile, in order,
///   with their bytes, lengths and times.
/// FuzzScan runs this on every input; the regression tests replay the inputs it failed on.
public final class ScanInvariants {
    /// Where the output, error lines and evidence go: a new folder of this checker's own, on tmpfs where there is one.
    let directory: String
    let output: Int32
    let errors: Int32
    /// Stands for the capture in the output: a hostile name.
    public static let captureName = "fuzz\u{1b}[2J\ninput \u{202e}"

    public init() {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array((base + "/igmpguard-scan-invariants-XXXXXX").utf8CString)
        precondition(mkdtemp(&template) != nil, "mkdtemp in \(base): \(String(cString: strerror(errno)))")
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        output = ScanInvariants.file(directory + "/output")
        errors = ScanInvariants.file(directory + "/errors")
    }

    deinit {
        close(output)
        close(errors)
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            for name in entries { unlink(directory + "/" + name) }
        }
        rmdir(directory)
    }

    static func file(_ path: String) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(fd >= 0, "\(path): \(String(cString: strerror(errno)))")
        return fd
    }

    /// Scans `capture` in every format (`reportAll` as `--all`, `threads` as `--threads`) and checks everything above.
    public func check(_ capture: [UInt8], reportAll: Bool, threads: Int = 1) throws(InvariantViolation) {
        let evidencePath = directory + "/evidence.pcapng"
        var flaggedFrames: [Int] = []
        var evidencePaths: [String] = []
        for format in [OutputFormat.ndjson, .text, .eve] {
            let evidence = format == .ndjson ? evidencePath : nil
            let (status, lines, errorLines, paths) = try scan(capture, format: format, reportAll: reportAll, threads: threads,
                                                              evidence: evidence)
            guard [ExitStatus.clean, ExitStatus.hostileFound, ExitStatus.error].contains(status) else {
                throw InvariantViolation("\(format) scan exited \(status)")
            }
            for line in errorLines { try Self.expectNoControlCharacters(line, "an error line") }
            switch format {
            case .text:
                for line in lines { try Self.expectNoControlCharacters(line, "a text line") }
            case .ndjson:
                for line in lines {
                    let object = try Self.object(line, keeping: ["event", "verdict", "frame"])
                    guard case .string(let event)? = object["event"] else { throw InvariantViolation("NDJSON line without an event: \(Self.text(line))") }
                    if event == "packet", case .string(let verdict)? = object["verdict"], verdict != "clean" {
                        guard case .integer(let frame)? = object["frame"] else { throw InvariantViolation("a packet without its frame: \(Self.text(line))") }
                        flaggedFrames.append(frame)
                    }
                }
                evidencePaths = paths
            case .eve:
                for line in lines {
                    let object = try Self.object(line, keeping: ["timestamp"])
                    guard case .string(let timestamp)? = object["timestamp"], Self.isEVETimestamp(timestamp) else {
                        throw InvariantViolation("EVE timestamp not of the schema's form: \(Self.text(line))")
                    }
                }
            }
        }
        try checkEvidence(capture, flaggedFrames: flaggedFrames, paths: evidencePaths)
    }

    /// Output is gathered in small pieces, and batches are small, so that flushing, growing and full batches all
    /// happen on inputs of a few packets.
    static let flushThreshold = 64
    static let batchCapacity = FrameBatch.Capacity(bytes: 256, frames: 3)

    func scan(_ capture: [UInt8], format: OutputFormat, reportAll: Bool, threads: Int, evidence: String?) throws(InvariantViolation)
        -> (Int32, [ArraySlice<UInt8>], [ArraySlice<UInt8>], [String]) {
        ftruncate(output, 0); lseek(output, 0, SEEK_SET)
        ftruncate(errors, 0); lseek(errors, 0, SEEK_SET)
        let session: ScanSession
        do {
            session = try ScanSession(format: format, reportAll: reportAll, evidence: evidence, filter: nil, threads: threads,
                                      out: StandardOutput(fileDescriptor: output, flushThreshold: Self.flushThreshold),
                                      errors: StandardOutput(fileDescriptor: errors, lineFlush: true, flushThreshold: Self.flushThreshold),
                                      batchCapacity: Self.batchCapacity)
        } catch {
            throw InvariantViolation("the evidence file could not be created: \(error)")
        }
        var bytes = capture
        bytes.withUnsafeMutableBytes { raw in
            // fmemopen refuses an empty buffer: an empty capture is a file of no bytes.
            let stream = raw.count > 0 ? fmemopen(raw.baseAddress, raw.count, "rb") : fopen("/dev/null", "rb")
            if let stream { session.scan(stream: stream, name: Self.captureName) }
        }
        let status = session.finish()
        return (status, Self.lines(output), Self.lines(errors), session.evidencePaths)
    }

    /// The evidence holds exactly the packets NDJSON flagged, as the capture has them.
    func checkEvidence(_ capture: [UInt8], flaggedFrames: [Int], paths: [String]) throws(InvariantViolation) {
        var expected: [Packet] = []
        var wanted = Set(flaggedFrames)
        var bytes = capture
        bytes.withUnsafeMutableBytes { raw in
            guard raw.count > 0, !wanted.isEmpty, let stream = fmemopen(raw.baseAddress, raw.count, "rb"),
                  let reader = try? CaptureReader(stream: stream, name: "again") else { return }
            try? reader.forEachPacket { frame, info in
                if wanted.remove(info.frameNumber) != nil { expected.append(Packet(frame, info, reader.linkType, stored: true)) }
                return !wanted.isEmpty
            }
            reader.close()
        }
        guard wanted.isEmpty else { throw InvariantViolation("NDJSON flagged frames \(wanted.sorted()) that a second read did not find") }
        var written: [Packet] = []
        for path in paths {
            let reader: CaptureReader
            do { reader = try CaptureReader(path: path) } catch { throw InvariantViolation("evidence \(path) unreadable: \(error)") }
            do {
                try reader.forEachPacket { frame, info in
                    written.append(Packet(frame, info, reader.linkType, stored: false))
                    return true
                }
            } catch {
                throw InvariantViolation("evidence \(path) not readable to its end: \(error)")
            }
            reader.close()
        }
        // Files hold one link type each: compare per stored link type, in order.
        for linkType in Set(expected.map(\.linkType) + written.map(\.linkType)) {
            let want = expected.filter { $0.linkType == linkType }.map(\.content)
            let got = written.filter { $0.linkType == linkType }.map(\.content)
            guard want == got else {
                throw InvariantViolation("evidence of \(linkType) holds \(got.count) packets, NDJSON flagged \(want.count), or they differ")
            }
        }
    }

    struct Packet {
        var linkType: LinkType
        var content: Content
        struct Content: Equatable {
            var timestamp: Timestamp
            var wireLength: Int
            var bytes: [UInt8]
        }
        /// `stored`: the time as an evidence file stores it (a time before 1970 as its start, one past what 64-bit
        /// nanoseconds hold as their end; the comment says the true one).
        init(_ frame: RawSpan, _ info: PacketInfo, _ linkType: LinkType, stored: Bool) {
            self.linkType = linkType.stored
            var time = info.timestamp
            if stored && time.seconds < 0 { time = Timestamp(seconds: 0, nanoseconds: 0) }
            if stored && time.seconds >= 18_446_744_073 { time = Timestamp(seconds: 18_446_744_073, nanoseconds: 709_551_615) }
            content = Content(timestamp: time, wireLength: max(info.wireLength, info.capturedLength),
                              bytes: frame.withUnsafeBytes { Array($0) })
        }
    }

    /// The lines written to `fd`, without their ends.
    static func lines(_ fd: Int32) -> [ArraySlice<UInt8>] {
        let size = Int(lseek(fd, 0, SEEK_END))
        var data = [UInt8](repeating: 0, count: size)
        _ = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, 0) }
        return data.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast() // the last line ends in "\n" too
    }

    static func text(_ line: ArraySlice<UInt8>) -> String { String(decoding: line, as: UTF8.self).debugDescription }

    static func object(_ line: ArraySlice<UInt8>, keeping: [String]) throws(InvariantViolation) -> [String: JSONMember] {
        do { return try parseJSONObjectLine(line, keeping: keeping) } catch { throw InvariantViolation("\(error): \(text(line))") }
    }

    /// No C0 control (the line end is gone already), DEL, C1 control, or the Unicode line separators and
    /// bidirectional controls `escapingControlCharacters` escapes, read off the UTF-8 bytes.
    static func expectNoControlCharacters(_ line: ArraySlice<UInt8>, _ what: String) throws(InvariantViolation) {
        var i = line.startIndex
        while i < line.endIndex {
            let b = line[i]
            var bad = b < 0x20 || b == 0x7f
            if b == 0xc2, i + 1 < line.endIndex, (0x80..<0xa0).contains(line[i + 1]) { bad = true } // C1
            if b == 0xd8, i + 1 < line.endIndex, line[i + 1] == 0x9c { bad = true } // U+061C
            if b == 0xe2, i + 2 < line.endIndex {
                let (b1, b2) = (line[i + 1], line[i + 2])
                if b1 == 0x80 && ([0x8e, 0x8f, 0xa8, 0xa9] + Array(0xaa...0xae)).contains(b2) { bad = true } // U+200E/F, U+2028/9, U+202A-E
                if b1 == 0x81 && (0xa6...0xa9).contains(b2) { bad = true } // U+2066-9
            }
            if bad { throw InvariantViolation("\(what) holds a raw control character at byte \(i - line.startIndex): \(text(line))") }
            i += 1
        }
    }

    /// `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+[+\-]\d+$`, Suricata's schema for `timestamp`.
    static func isEVETimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= b.count && range.allSatisfy { (48...57).contains(b[$0]) } }
        guard b.count > 21, digits(0..<4), b[4] == 45, digits(5..<7), b[7] == 45, digits(8..<10), b[10] == 84,
              digits(11..<13), b[13] == 58, digits(14..<16), b[16] == 58, digits(17..<19), b[19] == 46 else { return false }
        var i = 20
        while i < b.count && (48...57).contains(b[i]) { i += 1 }
        guard i > 20, i < b.count, b[i] == 43 || b[i] == 45 else { return false }
        return digits((i + 1)..<b.count) && i + 1 < b.count
    }
}
