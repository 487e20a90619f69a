import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a live capture until a stop condition, judging and recording every packet as it arrives, and reporting
/// counts every `statsInterval` seconds.
package final class LiveMonitor {
    package enum StopReason: Equatable {
        case count, duration, signal
        case failed(String)
    }

    let capture: LiveCapture
    let recorder: PacketRecorder
    private(set) var counts = FileStatistics()
    private let started = LiveMonitor.monotonicSeconds()
    /// Set once an evidence write has failed (the error was printed; writing stopped).
    package private(set) var evidenceFailed = false

    /// Judges each packet, and with context on the traffic around it.
    private var judge: PacketJudge
    /// Judging across packets; nil with `--no-context`.
    let context: ContextOptions?
    /// The events file (`--output`) and the output writing to it, reopened with the evidence on SIGHUP.
    package var eventFile: (file: AppendedFile, out: StandardOutput)?
    /// The events file is rotated once it holds `maximumSize` bytes, `keep` rotated files kept (nil: never).
    package var eventRotation: (maximumSize: Int, keep: Int)?
    /// Set when a rotation failed: none is tried again until a SIGHUP reopens the file.
    private var eventRotationStopped = false
    /// SIGHUPs acted on.
    private var hangupsHandled: Int32 = 0

    package init(capture: LiveCapture, recorder: PacketRecorder, context: ContextOptions? = ContextOptions()) {
        self.capture = capture
        self.recorder = recorder
        self.context = context
        judge = PacketJudge(linkType: capture.linkType, source: .interface(capture.interface), recorder: recorder,
                            traffic: context.map { TrafficModel(configuration: $0.configuration) })
    }

    package func run(count: Int?, duration: Double?, statsInterval: Double?) -> StopReason {
        var nextStats = statsInterval.map { started + $0 }
        hangupsHandled = Interrupts.hangups
        while true {
            if Interrupts.requested { return .signal }
            if Interrupts.hangups != hangupsHandled {
                hangupsHandled = Interrupts.hangups
                reopenFiles()
            }
            if let count, counts.packets >= count { return .count }
            let now = Self.monotonicSeconds()
            if let duration, now - started >= duration { return .duration }
            if let interval = statsInterval, var due = nextStats, now >= due {
                recorder.reporter.report(.statistics(statistics(), final: false))
                while due <= now { due += interval }
                nextStats = due
            }
            let outcome: LiveCapture.Outcome
            do {
                outcome = try capture.next { frame, info in
                    counts.packets += 1
                    if info.isTruncated { counts.truncated += 1 }
                    // The kernel filter chose the frames; the judge's walk settles the rest.
                    judge.judge(frame, info, stats: &counts)
                }
            } catch {
                return .failed("\(error)")
            }
            if let (file, out) = eventFile, let rotation = eventRotation, !eventRotationStopped,
               file.sizeAtOpen + out.bytesSinceRedirect >= rotation.maximumSize {
                rotateEvents(file, out, keep: rotation.keep)
            }
            if let error = recorder.takeWriteError() {
                // Said once: after a failure the recorder writes no more evidence, until a SIGHUP reopens the files.
                evidenceFailed = true
                printError(error.description + " (no more evidence is written until a SIGHUP reopens the file)")
                recorder.disableEvidence()
            }
            if outcome == .interrupted { return .signal }
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

    /// The counts so far, with libpcap's; with `traffic`, the traffic model's segments too (the final summary).
    package func statistics(traffic: Bool = false) -> LiveStatistics {
        var counts = counts
        if traffic, let context, let model = judge.traffic { counts.traffic = model.summary(groups: context.listsGroups) }
        return LiveStatistics(interface: capture.interface, counts: counts, capture: capture.statistics(),
                              elapsedSeconds: Self.monotonicSeconds() - started, timestamp: Self.now(),
                              suppression: recorder.limiter?.suppression)
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
