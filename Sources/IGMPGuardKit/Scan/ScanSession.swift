import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `igmpguard scan`: captures in; packet lines, summaries, error lines and evidence out; and the exit status.
/// The command line runs its scans through this, and so does the FuzzScan target, so both run the same code.
public final class ScanSession {
    let out: StandardOutput
    let errors: StandardOutput
    let recorder: PacketRecorder
    let scanner: Scanner
    let format: OutputFormat
    let reportAll: Bool
    let filter: String?
    let threads: Int
    let batchCapacity: FrameBatch.Capacity
    /// Judging across packets; nil with `--no-context`.
    let context: ContextOptions?
    private var finished = false
    /// Set by scans of several files at once.
    private var parallelSawError = false
    private var parallelSawHostile = false

    /// Creates the evidence file (when `evidence` names one) now, so that a bad path fails before any capture is
    /// read; it, and any sibling for a further link type, is refused when it would be one of `captures` (the files
    /// to be scanned: writing evidence would empty one before it is read). `context` judges traffic across packets
    /// (nil: each packet alone). `threads` 2 reads each capture on a second thread while this one judges (`--threads`). Packets that
    /// may carry IGMP are copied into batches of `batchCapacity` (small ones reach the batch-full paths sooner: the
    /// fuzz target uses them).
    public init(format: OutputFormat, reportAll: Bool, evidence: String?, captures: [String] = [], filter: String?,
                threads: Int, out: StandardOutput = StandardOutput(),
                errors: StandardOutput = StandardOutput(fileDescriptor: STDERR_FILENO, lineFlush: true),
                batchCapacity: FrameBatch.Capacity = .standard, context: ContextOptions? = ContextOptions()) throws(CaptureError) {
        self.context = context
        self.out = out
        self.errors = errors
        self.format = format
        self.reportAll = reportAll
        self.filter = filter
        self.threads = threads
        self.batchCapacity = batchCapacity
        recorder = try PacketRecorder(format: format, reportAll: reportAll, evidence: evidence, protecting: captures,
                                      out: out, errors: errors)
        scanner = Scanner(recorder: recorder, filter: filter, threads: threads, errors: errors, batchCapacity: batchCapacity,
                          context: context)
    }

    /// Scans the capture file at `path`. A file that cannot be read is an error line and an error event; the
    /// session goes on with the next.
    public func scan(path: String) {
        scanner.scan(path: path, out: out)
    }

    /// Scans one input of the command line (`ScanInput.expand`).
    package func scan(_ input: ScanInput) {
        scanner.scan(input, out: out)
    }

    /// Scans `inputs`, up to `jobs` at once (`--jobs`), each file with the session's `threads`; the output is what
    /// scanning them one at a time writes, byte for byte (`ParallelScan`). A file's output beyond `spoolCapacity`
    /// bytes waits for the files before it (small ones reach that path sooner: the tests use them).
    package func scan(_ inputs: [ScanInput], jobs: Int, spoolCapacity: Int = ParallelScan.defaultSpoolCapacity) {
        guard ScanInput.scanSeveralAtOnce(inputs, jobs: jobs, context: context) else {
            for input in inputs { scan(input) }
            return
        }
        let parallel = ParallelScan(inputs: inputs, session: self, format: format, reportAll: reportAll, filter: filter,
                                    threadsPerFile: threads, batchCapacity: batchCapacity, spoolCapacity: spoolCapacity)
        parallel.run(jobs: jobs)
        if parallel.sawError { parallelSawError = true }
        if parallel.sawHostile { parallelSawHostile = true }
    }

    /// Scans a capture read from `stream` (a pipe, memory), named `name` in the output. The stream is closed.
    public func scan(stream: UnsafeMutablePointer<FILE>, name: String) {
        scanner.scan(name: name, out: out) { () throws(CaptureError) in try CaptureReader(stream: stream, name: name) }
    }

    /// Every evidence file written (the first, then one per further link type).
    public var evidencePaths: [String] { recorder.evidence?.paths ?? [] }

    /// Flushes the output and closes the evidence files; returns the exit status (`ExitStatus`). Once only.
    public func finish() -> Int32 {
        precondition(!finished, "finish() called twice")
        finished = true
        let closed = recorder.finish(errors: errors)
        out.flush()
        errors.flush()
        if scanner.sawError || parallelSawError || !closed { return ExitStatus.error }
        return scanner.sawHostile || parallelSawHostile ? ExitStatus.hostileFound : ExitStatus.clean
    }
}
