#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered standard output: one `fwrite` per 64 KiB rather than per line, unless `lineFlush` (live capture).
final class StandardOutput {
    private var buffer: [UInt8] = []
    var lineFlush = false

    init() { buffer.reserveCapacity(1 << 16) }

    func line(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(0x0a)
        if lineFlush || buffer.count >= 1 << 16 { flush() }
    }

    /// A line built by `body` directly in the buffer (no line array of its own).
    func line(building body: (inout [UInt8]) -> Void) {
        body(&buffer)
        buffer.append(0x0a)
        if lineFlush || buffer.count >= 1 << 16 { flush() }
    }

    func line(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0a)
        if lineFlush || buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { writeAll(STDOUT_FILENO, $0) }
        buffer.removeAll(keepingCapacity: true)
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

/// One line to standard error, `igmpguard: ` first.
func printError(_ message: String) {
    writeStandardError("igmpguard: \(message)\n")
}

enum Terminal {
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var colourAllowed: Bool { stdoutIsTTY && getenv("NO_COLOR") == nil }
}
