import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scans capture files: reads the packets that may carry IGMP, has each judged (`PacketJudge`: counted, reported,
/// kept as evidence), and reports per-file statistics. A read error ends that file only, after everything before it was reported.
package final class Scanner {
    let recorder: PacketRecorder
    let filter: String?
    /// Where error and warning lines go (standard error).
    let errors: StandardOutput
    /// The size of the batches packets are copied into.
    let batchCapacity: FrameBatch.Capacity
    /// Read on one thread and judge on another (`--threads 2`); false from the first file whose reading thread could
    /// not be started.
    private(set) var pipelined: Bool
    private(set) var sawError = false
    var sawHostile: Bool { recorder.sawHostile }
    var reporter: Reporter { recorder.reporter }

    /// Whether a progress bar may be shown (on a terminal, for a large file); not while several files are scanned at once.
    let showsProgress: Bool
    /// Judging across packets; nil with `--no-context`.
    let context: ContextOptions?
    /// The model carried from file to file (`--rotations`).
    private var carriedTraffic: TrafficModel?

    init(recorder: PacketRecorder, filter: String?, threads: Int, errors: StandardOutput,
         batchCapacity: FrameBatch.Capacity = .standard, showsProgress: Bool = true, context: ContextOptions? = nil) {
        self.showsProgress = showsProgress
        self.context = context
        self.recorder = recorder
        self.filter = filter
        self.errors = errors
        self.batchCapacity = batchCapacity
        pipelined = threads >= 2
    }

    /// Scans one file. Errors are reported (stderr and the reporter) and remembered for the exit status.
    func scan(path: String, out: StandardOutput) {
        scan(name: path, out: out) { () throws(CaptureError) in try CaptureReader(path: path) }
    }

    /// Scans one input of the command line: a file, a file found under a directory (skipped with a warning when it
    /// is not a capture), standard input; or reports a directory that could not be used.
    func scan(_ input: ScanInput, out: StandardOutput) {
        switch input {
        case .file(let path):
            scan(path: path, out: out)
        case .foundFile(let path):
            scan(name: path, out: out, skippingNonCaptures: true) { () throws(CaptureError) in try CaptureReader(path: path) }
        case .standardInput:
            scan(name: ScanInput.standardInputName, out: out) { () throws(CaptureError) in
                let fd = dup(STDIN_FILENO) // the reader closes its descriptor; standard input stays open
                guard fd >= 0 else {
                    throw CaptureError(.cannotOpen, path: ScanInput.standardInputName, detail: String(cString: strerror(errno)))
                }
                return try CaptureReader(fileDescriptor: fd, name: ScanInput.standardInputName)
            }
        case .unusableDirectory(let error):
            fail(path: error.path, error, out: out)
        case .skipped(let path, let reason):
            skip(path: path, reason: reason, out: out)
        }
    }

    /// Scans the capture `open` opens, named `name` in the output. With `skippingNonCaptures`, a file that is not a
    /// capture gets a warning line instead of an error (a directory's other files).
    func scan(name path: String, out: StandardOutput, skippingNonCaptures: Bool = false,
              open: () throws(CaptureError) -> CaptureReader) {
        let reader: CaptureReader
        do {
            reader = try open()
            if let filter { try reader.setFilter(filter) }
        } catch {
            if skippingNonCaptures && error.kind == .notACapture {
                skip(path: path, reason: error.kind.rawValue, out: out)
            } else {
                fail(path: path, error, out: out)
            }
            return
        }
        var stats = FileStatistics()
        var progress = Progress(fileSize: showsProgress ? reader.fileSize : nil)
        var judge = PacketJudge(linkType: reader.linkType, source: .file(path), recorder: recorder, traffic: startTraffic())
        let readError = pipelined ? readAndJudgeOnTwoThreads(reader, path: path, judge: &judge, progress: &progress, stats: &stats)
                                  : readAndJudge(reader, judge: &judge, progress: &progress, stats: &stats)
        if let context, let traffic = judge.traffic {
            stats.traffic = traffic.summary(groups: context.listsGroups)
            if context.carriesAcrossFiles { carriedTraffic = traffic }
        }
        progress.finish()
        switch readError {
        case nil: break
        case let error?: fail(path: path, error, out: out)
        }
        if let writeError = recorder.takeWriteError() { fail(path: writeError.path, writeError, out: out) }
        // Statistics for whatever was read, even when the file ended in an error. Packets counts every packet of the
        // file, filtered out or not, like the frame numbers.
        stats.packets = reader.packetsRead
        reporter.report(.summary(file: path, stats))
        reader.close()
    }

    /// One thread reads a batch of the packets that may carry IGMP (`CaptureReader.readCandidates`), judges it, and
    /// reads the next. Returns the read error that ended the file early, if any.
    private func readAndJudge(_ reader: CaptureReader, judge: inout PacketJudge, progress: inout Progress,
                              stats: inout FileStatistics) -> CaptureError? {
        let batch = FrameBatch(batchCapacity)
        let pauseEvery = progress.enabled ? Progress.packetsBetweenUpdates : nil
        defer { stats.truncated += reader.truncatedPackets }
        while true {
            var read = CandidateRead.endOfFile
            var readError: CaptureError?
            do { read = try reader.readCandidates(into: batch, pauseEvery: pauseEvery) } catch { readError = error }
            if read == .paused && readError == nil {
                progress.update(reader.inputPosition)
                continue
            }
            // What was read before an error is judged before the error is reported.
            batch.forEach { frame, info in judge.judge(frame, info, stats: &stats) }
            batch.removeAll()
            if let readError { return readError }
            if read == .endOfFile { return nil }
        }
    }

    /// A second thread reads the file and copies out the packets that may carry IGMP; this thread judges, prints
    /// and keeps them, in file order (`ScanPipeline`). One thread does it all when no second can be started.
    private func readAndJudgeOnTwoThreads(_ reader: CaptureReader, path: String, judge: inout PacketJudge,
                                          progress: inout Progress, stats: inout FileStatistics) -> CaptureError? {
        let pipeline = ScanPipeline(reader: reader, progress: progress, batchCapacity: batchCapacity)
        let ran = pipeline.run { frame, info in judge.judge(frame, info, stats: &stats) }
        guard ran else {
            // Said once, on stderr: the scan's output is the same on one thread, only slower.
            pipelined = false
            errors.errorLine("warning: no second thread could be started (\(String(cString: strerror(pipeline.threadStartError)))); scanning on one thread")
            return readAndJudge(reader, judge: &judge, progress: &progress, stats: &stats)
        }
        stats.truncated += pipeline.truncated
        progress = pipeline.progress
        return pipeline.error
    }

    /// The traffic model a file starts with: the previous file's with `--rotations`, otherwise an empty one.
    private func startTraffic() -> TrafficModel? {
        guard let context else { return nil }
        if context.carriesAcrossFiles, let carried = carriedTraffic {
            carriedTraffic = nil // one owner at a time, so the tables are not copied
            return carried
        }
        return TrafficModel(configuration: context.configuration)
    }

    /// A file under a directory that is not scanned: one warning line on stderr, and no error.
    func skip(path: String, reason: String, out: StandardOutput) {
        out.flush() // keep stdout and stderr in order for a reader of both
        errors.errorLine("warning: \(path): \(reason), skipped")
    }

    func fail(path: String, _ error: CaptureError, out: StandardOutput) {
        sawError = true
        reporter.report(.error(file: path, error))
        out.flush() // keep stdout and stderr in order for a reader of both
        errors.errorLine(error.description)
    }
}
