import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scan on two threads (`scan --threads 2`): a second thread reads the capture, counts the packets cut by the
/// snapshot length, and copies those that may carry IGMP into batches; the calling thread judges them, in file order.
/// (`--threads 1` fills and judges one batch at a time, on one thread: `Scanner`.)
///
/// Judging then runs beside reading instead of after it, so a scan takes about as long as reading the file. The
/// reading thread owns the reader and the fields below until it ends; the caller reads them after `run` returns.
package final class ScanPipeline: @unchecked Sendable {
    /// Batches in circulation: one being filled, one being judged, one waiting.
    static let batches = 3

    let reader: CaptureReader
    private let handoff: BatchHandoff
    private(set) var progress: Progress
    /// Packets (of any protocol) cut by the snapshot length.
    private(set) var truncated = 0
    /// The read error that ended the file early, if any.
    package private(set) var error: CaptureError?
    /// Why no reading thread could be started (`pthread_create`'s error number) when `run` returned false.
    package private(set) var threadStartError: Int32 = 0

    package init(reader: CaptureReader, progress: Progress, batchCapacity: FrameBatch.Capacity = .standard) {
        self.reader = reader
        handoff = BatchHandoff(batches: ScanPipeline.batches, capacity: batchCapacity)
        self.progress = progress
    }

    /// Reads the whole file on a new thread and calls `judge` here with every packet that may carry IGMP, in file
    /// order; returns when both are done. False, with nothing read, when no thread could be started.
    @inline(__always)
    package func run(judge: (RawSpan, PacketInfo) -> Void) -> Bool {
        guard let thread = startReading() else { return false }
        while let batch = handoff.takeFilled() {
            batch.forEach(judge)
            batch.removeAll()
            handoff.putEmpty(batch)
        }
        pthread_join(thread, nil) // after this, the reading thread's writes are ours to read
        return true
    }

    private func startReading() -> pthread_t? {
        switch startThread({ [self] in read() }) {
        case .success(let thread): return thread
        case .failure(let failure):
            threadStartError = failure.errorNumber
            return nil
        }
    }

    /// The reading thread: the C reading loop (`CaptureReader.readCandidates`) fills batches, handed over as they fill.
    private func read() {
        let handoff = handoff
        var batch = handoff.takeEmpty()
        var progress = progress
        let pauseEvery = progress.enabled ? Progress.packetsBetweenUpdates : nil
        do {
            reading: while true {
                switch try reader.readCandidates(into: batch, pauseEvery: pauseEvery) {
                case .batchFull:
                    handoff.putFilled(batch)
                    batch = handoff.takeEmpty()
                case .paused:
                    progress.update(reader.inputPosition)
                case .endOfFile:
                    break reading
                }
            }
        } catch {
            self.error = error
        }
        truncated = reader.truncatedPackets
        self.progress = progress
        // What was read before an error is judged before the error is reported.
        if batch.isEmpty { handoff.putEmpty(batch) } else { handoff.putFilled(batch) }
        handoff.finish()
    }
}
