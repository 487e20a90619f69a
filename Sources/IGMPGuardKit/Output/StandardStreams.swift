import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output to a file descriptor, standard output unless told otherwise: one `write` per 64 KiB rather than
/// per line, unless `lineFlush` (live capture, error lines).
public final class StandardOutput {
    /// Flushed once this full (unless told otherwise); the room above it takes the line that crossed the mark.
    public static let defaultFlushThreshold = 1 << 16
    let flushThreshold: Int
    private var buffer: OutputBytes
    public var lineFlush = false
    /// Where the bytes go.
    public private(set) var fileDescriptor: Int32
    /// When set, lines and flushes are recorded there instead, as `spoolStream`, to be replayed into the real
    /// output in file order (`ParallelScan`).
    var spool: OutputSpool?
    var spoolStream = OutputSpool.Stream.standardOutput

    /// `flushThreshold`: bytes gathered before a `write` (the fuzz target keeps it small, to flush and grow often).
    public init(fileDescriptor: Int32 = STDOUT_FILENO, lineFlush: Bool = false,
                flushThreshold: Int = StandardOutput.defaultFlushThreshold) {
        self.fileDescriptor = fileDescriptor
        self.lineFlush = lineFlush
        self.flushThreshold = max(1, flushThreshold)
        buffer = OutputBytes(capacity: self.flushThreshold + self.flushThreshold / 4)
    }

    /// Whether the bytes go to a terminal.
    public var isTerminal: Bool { isatty(fileDescriptor) == 1 }

    /// One error line, `igmpguard: ` first, with control characters escaped (see `printError`).
    package func errorLine(_ message: String) {
        line("igmpguard: " + message.escapingControlCharacters)
    }

    package func line(_ s: String) {
        buffer.append(utf8: s)
        endLine()
    }

    /// A line written by `body` straight into the output buffer.
    func line(building body: (inout OutputBytes) -> Void) {
        body(&buffer)
        endLine()
    }

    /// A line of ready bytes (without its newline), as a spool replays it.
    func line(bytes: UnsafeRawBufferPointer) {
        buffer.append(UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count))
        endLine()
    }

    private func endLine() {
        if let spool {
            spool.recordLine(spoolStream, buffer.bytes)
            buffer.removeAll()
            return
        }
        buffer.append(0x0a)
        if lineFlush || buffer.count >= flushThreshold { flush() }
    }

    /// Sends what is buffered to the current descriptor, then everything after to `descriptor` (a rotated output
    /// file opened anew).
    package func redirect(to descriptor: Int32) {
        flush()
        fileDescriptor = descriptor
        bytesSinceRedirect = 0
    }

    /// Bytes written to the current descriptor (since the last `redirect`).
    package private(set) var bytesSinceRedirect = 0
    /// Writes that failed (a full disk ...), and the `errno` of the last one.
    package private(set) var writeErrors = 0
    package private(set) var lastWriteError: Int32 = 0

    public func flush() {
        if let spool {
            spool.recordFlush(spoolStream)
            return
        }
        guard !buffer.isEmpty else { return }
        if let error = writeAll(fileDescriptor, buffer.bytes) { writeErrors += 1; lastWriteError = error }
        bytesSinceRedirect += buffer.count
        buffer.removeAll()
    }
}

/// Writes every byte to a file descriptor, retrying after partial writes and EINTR. (The C `stdout`/`stderr`
/// globals are not usable from Swift 6 concurrency-checked code, and our output is buffered here anyway.)
/// - Returns: the `errno` of a write that failed (the rest was not written), or nil.
@discardableResult
package func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return n < 0 ? errno : EIO }
    }
    return nil
}

package func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
}

/// One line to standard error, `igmpguard: ` first. Control characters in `message` (a file or interface name,
/// libpcap's words about one) are escaped, so that nothing in it can act on a terminal or start a line of its own.
package func printError(_ message: String) {
    writeStandardError("igmpguard: \(message.escapingControlCharacters)\n")
}

package enum Terminal {
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static func colourAllowed(on out: StandardOutput) -> Bool { out.isTerminal && getenv("NO_COLOR") == nil }
}
