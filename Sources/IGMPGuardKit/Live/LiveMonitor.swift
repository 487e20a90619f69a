import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a live capture on one or more interfaces until a stop condition, judging and recording every packet as it
/// arrives, and reporting counts every `statsInterval` seconds. Each interface has its own counts and its own traffic
/// model (its own segments); one whose capture breaks is reported and the others go on.
package final class LiveMonitor {
    package enum StopReason: Equatable {
        case count, duration, signal
        /// Every interface's capture broke (each was reported as it did).
        case failed
    }

    /// One interface: its capture, its judge (with its traffic model) and its counts.
    final class Tap {
        let capture: LiveCapture
        var judge: PacketJudge
        var counts = FileStatistics()
        /// Why its capture broke, once it has (it is read no more).
        var failure: String?

        init(capture: LiveCapture, judge: PacketJudge) {
            self.capture = capture
            self.judge = judge
        }
    }

    let taps: [Tap]
    let recorder: PacketRecorder
    private let started = LiveMonitor.monotonicSeconds()
    /// Set once an evidence write has failed (the error was printed; writing stopped).
    package private(set) var evidenceFailed = false
    /// Why each interface's capture broke, if any did. With several interfaces each was said on stderr as it broke;
    /// with one, the caller says it after the summary.
    package var failures: [String] { taps.compactMap(\.failure) }

    /// Judging across packets; nil with `--no-context`.
    let context: ContextOptions?
    /// The events file (`--output`) and the output writing to it, reopened with the evidence on SIGHUP.
    package var eventFile: (file: AppendedFile, out: StandardOutput)?
    /// The events file is rotated once it holds `maximumSize` bytes, `keep` rotated files kept (nil: never).
    package var eventRotation: (maximumSize: Int, keep: Int)?
    /// Set when a rotation failed: none is tried again until a SIGHUP reopens the file.
    private var eventRotationStopped = false
    /// Whether writing the events file ever failed (said on stderr; the exit status is then 2).
    package private(set) var outputFailed = false
    /// SIGHUPs acted on.
    private var hangupsHandled: Int32 = 0
    /// Packets read from one interface before the next is looked at, when several are read.
    static let turn = 64
    /// The interfaces still read (several), rebuilt when one breaks (`tapsFailed`), not every pass.
    private lazy var liveTaps: [Tap] = taps
    private var tapsFailed = false

    /// `captures`: one per interface, each numbered by its place (the traffic model's link number); `limit`: each
    /// interface's alerts are bounded by it (`--alert-limit`), nil for none.
    package init(captures: [LiveCapture], recorder: PacketRecorder, context: ContextOptions? = ContextOptions(),
                 limit: AlertLimit? = nil) {
        self.recorder = recorder
        self.context = context
        taps = captures.enumerated().map { i, capture in
            var judge = PacketJudge(linkType: capture.linkType, source: .interface(capture.interface), recorder: recorder,
                                    traffic: context.map { TrafficModel(configuration: $0.configuration) }, link: UInt32(i))
            judge.limiter = limit.map { AlertLimiter($0) }
            return Tap(capture: capture, judge: judge)
        }
    }

    /// Packets seen on every interface.
    var packets: Int { taps.reduce(0) { $0 + $1.counts.packets } }

    package func run(count: Int?, duration: Double?, statsInterval: Double?) -> StopReason {
        var nextStats = statsInterval.map { started + $0 }
        hangupsHandled = Interrupts.hangups
        while true {
            if Interrupts.requested { return .signal }
            if Interrupts.hangups != hangupsHandled {
                hangupsHandled = Interrupts.hangups
                reopenFiles()
            }
            if let count, packets >= count { return .count }
            let now = Self.monotonicSeconds()
            if let duration, now - started >= duration { return .duration }
            if let interval = statsInterval, var due = nextStats, now >= due {
                for statistics in statistics() { recorder.reporter.report(.statistics(statistics, final: false)) }
                while due <= now { due += interval }
                nextStats = due
            }
            if taps.count == 1 {
                // One interface: its own wait.
                guard taps[0].failure == nil else { return .failed }
                if read(taps[0], waiting: true) == .interrupted { return .signal }
                rotateEventsIfFull()
            } else {
                guard liveTaps.count > 0 else { return .failed }
                var any = false
                reading: for tap in liveTaps {
                    for _ in 0..<Self.turn {
                        if let count, packets >= count { break reading }
                        let outcome = read(tap, waiting: false)
                        if outcome == .interrupted { return .signal }
                        guard outcome == .packet else { break }
                        any = true
                        rotateEventsIfFull()
                    }
                }
                if tapsFailed { liveTaps = taps.filter { $0.failure == nil }; tapsFailed = false }
                if !any { LiveCapture.wait(for: liveTaps.map(\.capture)) }
            }
            if let (file, out) = eventFile, out.writeErrors > 0, !outputFailed {
                // Said once; writing goes on (space may be freed), and the exit status says it failed.
                printError("\(file.path): write failed: \(String(cString: strerror(out.lastWriteError))) (events are lost while it fails)")
                outputFailed = true
            }
            if let error = recorder.takeWriteError() {
                // Said once: after a failure the recorder writes no more evidence, until a SIGHUP reopens the file.
                evidenceFailed = true
                printError(error.description + " (no more evidence is written until a SIGHUP reopens the file)")
                recorder.disableEvidence()
            }
        }
    }

    /// Reads one packet of `tap`'s interface, if one is there; a capture that breaks is read no more, and with
    /// several interfaces said on stderr at once (the others go on).
    private func read(_ tap: Tap, waiting: Bool) -> LiveCapture.Outcome {
        do {
            return try tap.capture.next(waiting: waiting) { frame, info in
                tap.counts.packets += 1
                if info.isTruncated { tap.counts.truncated += 1 }
                // The kernel filter chose the frames; the judge's walk settles the rest.
                tap.judge.judge(frame, info, stats: &tap.counts)
            }
        } catch {
            tap.failure = "\(error)"
            tapsFailed = true
            if taps.count > 1 { printError("\(error) (the other interfaces go on)") }
            return .timeout
        }
    }

    /// After SIGHUP (logrotate's postrotate): the events file and the evidence files that were moved away are closed
    /// and their paths made anew; a file still at its path is written on. One line on stderr says what was done.
    func reopenFiles() {
        var made: [String] = []
        eventRotationStopped = false
        if let (file, out) = eventFile {
            out.flush()
            do {
                if try file.reopen() {
                    out.redirect(to: file.descriptor)
                    made.append(file.path)
                }
            } catch {
                printError(error.description + " (events still go to the file open before)")
            }
        }
        do {
            made += try recorder.reopenEvidence()
        } catch {
            evidenceFailed = true
            printError(error.description + " (no more evidence is written until a SIGHUP reopens the file)")
            recorder.disableEvidence()
        }
        printError(made.isEmpty ? "SIGHUP: no file was moved away; writing on to the same files"
                                : "SIGHUP: reopened " + made.joined(separator: ", "))
    }

    /// After each packet: a full events file is rotated (the line that filled it is its last).
    private func rotateEventsIfFull() {
        if let (file, out) = eventFile, let rotation = eventRotation, !eventRotationStopped,
           file.sizeAtOpen + out.bytesSinceRedirect >= rotation.maximumSize {
            rotateEvents(file, out, keep: rotation.keep)
        }
    }

    /// Starts a new events file once the current one is full (the line that filled it is its last).
    func rotateEvents(_ file: AppendedFile, _ out: StandardOutput, keep: Int) {
        out.flush()
        do {
            try file.rotate(keep: keep)
            out.redirect(to: file.descriptor)
        } catch {
            // Said once: rotation is not tried again until a SIGHUP has reopened the file.
            printError(error.description + " (events go on to the file open before, not rotated until a SIGHUP)")
            eventRotationStopped = true
        }
    }

    /// The counts so far of each interface, with libpcap's; with `traffic`, the traffic model's segments too (the
    /// final summary).
    package func statistics(traffic: Bool = false) -> [LiveStatistics] {
        taps.map { tap in
            var counts = tap.counts
            if traffic, let context, let model = tap.judge.traffic { counts.traffic = model.summary(groups: context.listsGroups) }
            return LiveStatistics(interface: tap.capture.interface, counts: counts, capture: tap.capture.statistics(),
                                  elapsedSeconds: Self.monotonicSeconds() - started, timestamp: Self.now(),
                                  suppression: tap.judge.limiter?.suppression)
        }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec), nanoseconds: Int32(ts.tv_nsec))
    }
}
