import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered standard output: one `write` per 64 KiB rather than per line, unless `lineFlush` (live capture).
final class StandardOutput {
    /// Flushed once this full; the room above it takes the line that crossed the mark.
    static let flushThreshold = 1 << 16
    private var buffer = OutputBytes(capacity: StandardOutput.flushThreshold + (1 << 14))
    var lineFlush = false

    func line(_ s: String) {
        buffer.append(utf8: s)
        endLine()
    }

    /// A line written by `body` straight into the output buffer.
    func line(building body: (inout OutputBytes) -> Void) {
        body(&buffer)
        endLine()
    }

    func line(bytes: [UInt8]) {
        buffer.append(bytes)
        endLine()
    }

    private func endLine() {
        buffer.append(0x0a)
        if lineFlush || buffer.count >= Self.flushThreshold { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(STDOUT_FILENO, buffer.bytes)
        buffer.removeAll()
    }
}

/// Writes every byte to a file descriptor, retrying after partial writes and EINTR. (The C `stdout`/`stderr`
/// globals are not usable from Swift 6 concurrency-checked code, and our output is buffered here anyway.)
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
    }
}

func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
}

/// One line to standard error, `igmpguard: ` first. Control characters in `message` (a file or interface name,
/// libpcap's words about one) are escaped, so that nothing in it can act on a terminal or start a line of its own.
func printError(_ message: String) {
    writeStandardError("igmpguard: \(message.escapingControlCharacters)\n")
}

enum Terminal {
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var colourAllowed: Bool { stdoutIsTTY && getenv("NO_COLOR") == nil }
}
