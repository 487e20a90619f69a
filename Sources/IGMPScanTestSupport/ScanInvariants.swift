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
        for name in ["output", "errors"] { unlink(directory + "/" + name) }
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

    /// Scans `capture` in every format (`reportAll` as `--all`) and checks everything above.
    public func check(_ capture: [UInt8], reportAll: Bool) throws(InvariantViolation) {
        let evidencePath = directory + "/evidence.pcapng"
        var ndjson: [[String: Any]] = []
        var evidencePaths: [String] = []
        for format in [OutputFormat.ndjson, .text, .eve] {
            let evidence = format == .ndjson ? evidencePath : nil
            let (status, lines, errorLines, paths) = try scan(capture, format: format, reportAll: reportAll, evidence: evidence)
            guard [ExitStatus.clean, ExitStatus.hostileFound, ExitStatus.error].contains(status) else {
                throw InvariantViolation("\(format) scan exited \(status)")
            }
            for line in errorLines { try Self.expectNoControlCharacters(line, "an error line") }
            switch format {
            case .text:
                for line in lines { try Self.expectNoControlCharacters(line, "a text line") }
            case .ndjson:
                ndjson = try lines.map { line throws(InvariantViolation) in try Self.object(line) }
                evidencePaths = paths
            case .eve:
                for line in lines {
                    let object = try Self.object(line)
                    guard let timestamp = object["timestamp"] as? String, Self.isEVETimestamp(timestamp) else {
                        throw InvariantViolation("EVE timestamp not of the schema's form: \(line)")
                    }
                }
            }
        }
        try checkEvidence(capture, flagged: ndjson, paths: evidencePaths)
    }

    func scan(_ capture: [UInt8], format: OutputFormat, reportAll: Bool, evidence: String?) throws(InvariantViolation)
        -> (Int32, [String], [String], [String]) {
        ftruncate(output, 0); lseek(output, 0, SEEK_SET)
        ftruncate(errors, 0); lseek(errors, 0, SEEK_SET)
        let session: ScanSession
        do {
            session = try ScanSession(format: format, reportAll: reportAll, evidence: evidence, filter: nil, threads: 1,
                                      out: StandardOutput(fileDescriptor: output),
                                      errors: StandardOutput(fileDescriptor: errors, lineFlush: true))
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
    func checkEvidence(_ capture: [UInt8], flagged events: [[String: Any]], paths: [String]) throws(InvariantViolation) {
        let flaggedFrames = events.filter { $0["event"] as? String == "packet" && $0["verdict"] as? String != "clean" }
            .compactMap { $0["frame"] as? Int }
        var expected: [Packet] = []
        var wanted = Set(flaggedFrames)
        var bytes = capture
        bytes.withUnsafeMutableBytes { raw in
            guard raw.count > 0, let stream = fmemopen(raw.baseAddress, raw.count, "rb"),
                  let reader = try? CaptureReader(stream: stream, name: "again") else { return }
            try? reader.forEachPacket { frame, info in
                if wanted.remove(info.frameNumber) != nil { expected.append(Packet(frame, info, reader.linkType)) }
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
                    written.append(Packet(frame, info, reader.linkType))
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
        init(_ frame: RawSpan, _ info: PacketInfo, _ linkType: LinkType) {
            self.linkType = linkType.stored
            content = Content(timestamp: info.timestamp, wireLength: max(info.wireLength, info.capturedLength),
                              bytes: frame.withUnsafeBytes { Array($0) })
        }
    }

    static func lines(_ fd: Int32) -> [String] {
        let size = Int(lseek(fd, 0, SEEK_END))
        var data = [UInt8](repeating: 0, count: size)
        _ = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, 0) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init) // the last line ends in "\n" too
    }

    static func object(_ line: String) throws(InvariantViolation) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw InvariantViolation("not a JSON object: \(line)")
        }
        return object
    }

    static func expectNoControlCharacters(_ line: String, _ what: String) throws(InvariantViolation) {
        for scalar in line.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7f || (0x80..<0xa0).contains(v) || (0x202a...0x202e).contains(v) || v == 0x2028 || v == 0x2029 {
                throw InvariantViolation("\(what) holds U+\(String(v, radix: 16)): \(line.debugDescription)")
            }
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
