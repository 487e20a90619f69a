#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar on stderr, only for large files and only when stderr is a terminal.
package struct Progress {
    static let threshold: Int64 = 50_000_000
    /// Packets read between two updates (a power of two, for `CaptureReader.readCandidates`).
    static let packetsBetweenUpdates = 4096

    let total: Int64
    let enabled: Bool
    var lastPercent = -1

    package init(fileSize: Int64?) {
        total = fileSize ?? 0
        enabled = total > Self.threshold && Terminal.stderrIsTTY
    }

    mutating func update(_ position: Int64?) {
        guard enabled, let position else { return }
        let percent = Int(min(100, position * 100 / max(1, total)))
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent / 4
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 25 - filled)
        writeStandardError("\r[\(bar)] \(percent)% of \(total / 1_000_000) MB")
    }

    func finish() {
        guard enabled else { return }
        writeStandardError("\r" + String(repeating: " ", count: 50) + "\r")
    }
}
