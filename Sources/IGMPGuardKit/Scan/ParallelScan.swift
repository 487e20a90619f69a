import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `scan --jobs N`: up to N files scanned at once, each on a thread of its own with a scanner of its own, and the
/// output exactly what a one-at-a-time scan writes.
///
/// Each file's scan writes into an `OutputSpool`. The file whose turn it is (the first not yet written, in command
/// line order) replays its spool into the real outputs; a later file's spool fills up to its capacity and then waits
/// for its turn. A file finished before its turn leaves its spool behind (up to a few spools' worth of bytes, then it
/// waits) and its thread goes on with the next file; whoever passes the turn on writes the spools left behind. So
/// the outputs see the calls a one-at-a-time scan makes, in the same order, no thread idles behind a slower file,
/// and memory stays bounded whatever the number of files.
package final class ParallelScan: @unchecked Sendable {
    /// Bytes a file's spool holds before that scan waits for its turn.
    package static let defaultSpoolCapacity = 4 << 20
    /// Finished files' spools left behind hold at most this many spools' worth of bytes, and this many spools.
    static let finishedSpools = 4
    static let maximumFinishedFiles = 1024

    private let inputs: [ScanInput]
    private let session: ScanSession
    private let format: OutputFormat
    private let reportAll: Bool
    private let filter: String?
    private let threadsPerFile: Int
    private let batchCapacity: FrameBatch.Capacity
    private let spoolCapacity: Int

    // Guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let turnChanged = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var nextInput = 0
    /// The file whose spool may be replayed now.
    private var turn = 0
    /// Spools of files finished before their turn, by input index, and the bytes they hold.
    private var finished: [Int: OutputSpool] = [:]
    private var finishedBytes = 0
    private(set) var sawError = false
    private(set) var sawHostile = false

    init(inputs: [ScanInput], session: ScanSession, format: OutputFormat, reportAll: Bool, filter: String?,
         threadsPerFile: Int, batchCapacity: FrameBatch.Capacity, spoolCapacity: Int) {
        self.spoolCapacity = spoolCapacity
        self.inputs = inputs
        self.session = session
        self.format = format
        self.reportAll = reportAll
        self.filter = filter
        self.threadsPerFile = threadsPerFile
        self.batchCapacity = batchCapacity
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(turnChanged, nil)
    }

    deinit {
        pthread_cond_destroy(turnChanged)
        pthread_mutex_destroy(mutex)
        turnChanged.deallocate()
        mutex.deallocate()
    }

    /// Scans every input on `jobs` threads (this one among them) and returns when all are written. Fewer threads
    /// when no more can be started (said once on stderr, in its place among the error lines).
    func run(jobs: Int) {
        Self.keepFreedBuffers()
        var threads: [pthread_t] = []
        var startError: Int32 = 0
        // The threads wait at `takeInput` until all are started and a failure has been said: the warning comes
        // first, and nothing else writes to the outputs meanwhile.
        pthread_mutex_lock(mutex)
        for _ in 1 ..< min(jobs, inputs.count) {
            switch startThread({ [self] in work() }) {
            case .success(let thread): threads.append(thread)
            case .failure(let failure): startError = failure.errorNumber
            }
            if startError != 0 { break }
        }
        if startError != 0 {
            session.errors.errorLine("warning: \(threads.count + 1) of \(min(jobs, inputs.count)) jobs could be started (\(String(cString: strerror(startError))))")
        }
        pthread_mutex_unlock(mutex)
        work()
        for thread in threads { pthread_join(thread, nil) } // after this, the workers' writes are ours to read
    }

    /// A worker: takes the next input until none is left.
    private func work() {
        while let index = takeInput() { scan(index) }
    }

    private func takeInput() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard nextInput < inputs.count else { return nil }
        defer { nextInput += 1 }
        return nextInput
    }

    /// Scans input `index` into its spool; then, in its turn, replays the rest and passes the turn on, or leaves the
    /// spool behind for the thread that will.
    private func scan(_ index: Int) {
        let spool = OutputSpool(capacity: spoolCapacity)
        spool.onFull = { [unowned self] spool in
            waitForTurn(index)
            replay(spool)
        }
        let out = StandardOutput(fileDescriptor: session.out.fileDescriptor, flushThreshold: session.out.flushThreshold)
        out.spool = spool
        let errors = StandardOutput(fileDescriptor: session.errors.fileDescriptor, lineFlush: true)
        errors.spool = spool
        errors.spoolStream = .standardError
        let recorder = PacketRecorder(reporter: format.reporter(out: out, all: reportAll), evidence: nil,
                                      reportAll: reportAll, wantsJSON: format == .ndjson)
        if session.recorder.evidence != nil { recorder.evidenceSpool = spool }
        let scanner = Scanner(recorder: recorder, filter: filter, threads: threadsPerFile, errors: errors,
                              batchCapacity: batchCapacity, showsProgress: false, context: session.context)
        scanner.scan(inputs[index], out: out)
        pthread_mutex_lock(mutex)
        if scanner.sawError { sawError = true }
        if scanner.sawHostile { sawHostile = true }
        if turn != index && finishedBytes + spool.byteCount <= spoolCapacity * Self.finishedSpools
            && finished.count < Self.maximumFinishedFiles {
            // Left for whoever passes the turn on to this file: this thread goes on with the next.
            finished[index] = spool
            finishedBytes += spool.byteCount
            pthread_mutex_unlock(mutex)
            return
        }
        while turn != index { pthread_cond_wait(turnChanged, mutex) }
        pthread_mutex_unlock(mutex)
        replay(spool)
        passTurn()
    }

    /// Passes the turn to the next file, writing on the way the spools of the files that finished before theirs.
    private func passTurn() {
        pthread_mutex_lock(mutex)
        turn += 1
        while let next = finished.removeValue(forKey: turn) {
            finishedBytes -= next.byteCount
            pthread_mutex_unlock(mutex) // the turn is this thread's: the outputs are written without the lock
            replay(next)
            pthread_mutex_lock(mutex)
            turn += 1
        }
        pthread_cond_broadcast(turnChanged)
        pthread_mutex_unlock(mutex)
    }

    private func waitForTurn(_ index: Int) {
        pthread_mutex_lock(mutex)
        while turn != index { pthread_cond_wait(turnChanged, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Only the file whose turn it is calls this: the real outputs are its alone until it passes the turn on.
    private func replay(_ spool: OutputSpool) {
        spool.replay(out: session.out, errors: session.errors, evidence: session.recorder.evidence) { error in
            session.scanner.fail(path: error.path, error, out: session.out)
        }
    }
}

extension ParallelScan {
    /// Keeps freed buffers in the allocator for the next file instead of returning them to the kernel.
    ///
    /// Each file's scan allocates buffers of a few hundred KiB (its batches, libpcap's and stdio's buffers), which
    /// glibc maps and unmaps with mmap. With several threads in the process each unmapping interrupts the other CPUs
    /// to flush their TLBs, and each new mapping faults its pages in again: measured, a `--jobs 2` scan then costs more
    /// than two one-file-at-a-time processes. Below these thresholds freed memory is reused; what is kept is bounded
    /// by the scan's own peak, a few MiB per job.
    static func keepFreedBuffers() {
        #if os(Linux)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export: looked up by name, with glibc's
        // values of M_MMAP_THRESHOLD (-3) and M_TRIM_THRESHOLD (-1).
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        _ = mallopt(-3, 16 << 20)
        _ = mallopt(-1, 64 << 20)
        #endif
    }
}
