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
/// Each file's scan writes into an `OutputSpool`. The file whose turn it is (the first not yet finished, in command
/// line order) replays its spool into the real outputs; a later file's spool fills up to its capacity and then waits
/// for its turn. So the outputs see the calls a one-at-a-time scan makes, in the same order, and memory stays below
/// `jobs` spools whatever the number of files.
package final class ParallelScan: @unchecked Sendable {
    /// Bytes a file's spool holds before that scan waits for its turn.
    package static let defaultSpoolCapacity = 4 << 20

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
        var threads: [pthread_t] = []
        var startError: Int32 = 0
        for _ in 1 ..< min(jobs, inputs.count) {
            let context = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t? = nil
            #endif
            let status = pthread_create(&thread, nil, { context in
                Unmanaged<ParallelScan>.fromOpaque(context!).takeRetainedValue().work()
                return nil
            }, context)
            guard status == 0 else {
                Unmanaged<ParallelScan>.fromOpaque(context).release()
                startError = status
                break
            }
            #if canImport(Glibc)
            threads.append(thread)
            #else
            threads.append(thread!)
            #endif
        }
        if startError != 0 {
            session.errors.errorLine("warning: \(threads.count + 1) of \(min(jobs, inputs.count)) jobs could be started (\(String(cString: strerror(startError))))")
        }
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

    /// Scans input `index` into its spool, then waits for its turn, replays the rest and passes the turn on.
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
                              batchCapacity: batchCapacity, showsProgress: false)
        scanner.scan(inputs[index], out: out)
        waitForTurn(index)
        replay(spool)
        pthread_mutex_lock(mutex)
        if scanner.sawError { sawError = true }
        if scanner.sawHostile { sawHostile = true }
        turn += 1
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
