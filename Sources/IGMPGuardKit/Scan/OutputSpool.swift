import IGMP
import IGMPCapture

/// What one file's scan would write (stdout lines and flushes, stderr lines, evidence packets), kept in order while
/// other files' scans write theirs, then replayed into the real outputs when this file's turn comes
/// (`ParallelScan`): the outputs see the same calls in the same order as a one-at-a-time scan makes, so they are the
/// same bytes, write for write.
///
/// The spool holds at most about `capacity` bytes: past it, `onFull` runs (it waits for this file's turn and
/// replays), so memory stays bounded however much a file reports.
package final class OutputSpool {
    /// Which real output a recorded line or flush goes to.
    package enum Stream { case standardOutput, standardError }

    private enum Entry {
        case line(Stream, Range<Int>)
        case flush(Stream)
        case evidence(frame: Range<Int>, linkType: LinkType, info: PacketInfo, comment: String)
        case evidenceFlush
        /// Where a one-at-a-time scan reports a failed evidence write (after the file's read error, before its
        /// summary).
        case evidenceCheckpoint
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    let capacity: Int
    /// Called when more than `capacity` bytes are held: it must empty the spool (by `replay`).
    var onFull: ((OutputSpool) -> Void)?

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Bytes held (lines and evidence packets).
    var byteCount: Int { bytes.count }

    func recordLine(_ stream: Stream, _ line: UnsafeRawBufferPointer) {
        let start = bytes.count
        bytes.append(contentsOf: line)
        entries.append(.line(stream, start ..< bytes.count))
        checkFull()
    }

    func recordFlush(_ stream: Stream) {
        entries.append(.flush(stream))
    }

    func recordEvidence(_ frame: RawSpan, linkType: LinkType, info: PacketInfo, comment: String) {
        let start = bytes.count
        frame.withUnsafeBytes { bytes.append(contentsOf: $0) }
        entries.append(.evidence(frame: start ..< bytes.count, linkType: linkType, info: info, comment: comment))
        checkFull()
    }

    func recordEvidenceFlush() {
        entries.append(.evidenceFlush)
    }

    func recordEvidenceCheckpoint() {
        entries.append(.evidenceCheckpoint)
    }

    private func checkFull() {
        if bytes.count > capacity, let onFull { onFull(self) }
    }

    /// Makes every recorded call on the real outputs, in order, and empties the spool. An evidence write that fails
    /// is handed to `evidenceFailed` at the file's checkpoint, where a one-at-a-time scan reports it, and the file's
    /// further evidence packets are not written (as a one-at-a-time scan stops writing them).
    func replay(out: StandardOutput, errors: StandardOutput, evidence: EvidenceWriter?,
                evidenceFailed: (CaptureError) -> Void) {
        for entry in entries {
            switch entry {
            case .line(let stream, let range):
                bytes.withUnsafeBytes { raw in
                    let line = UnsafeRawBufferPointer(rebasing: raw[range])
                    (stream == .standardOutput ? out : errors).line(bytes: line)
                }
            case .flush(let stream):
                (stream == .standardOutput ? out : errors).flush()
            case .evidence(let range, let linkType, let info, let comment):
                guard let evidence, !evidenceStopped else { continue }
                var failure: CaptureError? = nil
                bytes.withUnsafeBytes { raw in
                    let frame = RawSpan(_unsafeBytes: UnsafeRawBufferPointer(rebasing: raw[range]))
                    do throws(CaptureError) { try evidence.write(frame, linkType: linkType, info: info, comment: comment) } catch { failure = error }
                }
                if let failure {
                    evidenceStopped = true
                    evidenceFailure = failure
                }
            case .evidenceFlush:
                evidence?.flush()
            case .evidenceCheckpoint:
                if let failure = evidenceFailure { evidenceFailed(failure) }
                evidenceFailure = nil
                evidenceStopped = false
            }
        }
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    /// An evidence write of this file failed: no more are tried, and the failure waits for the checkpoint.
    private var evidenceStopped = false
    private var evidenceFailure: CaptureError?
}
