import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// State the signal handler reads and writes. Plain globals: a signal handler may touch nothing else.
nonisolated(unsafe) private var interruptedCaptures: [LoopBreaker] = []
nonisolated(unsafe) private var interruptCount: Int32 = 0
nonisolated(unsafe) private var hangupCount: Int32 = 0

/// SIGINT and SIGTERM during a live capture: the first stops it cleanly (the loop ends, the summary is printed and
/// the evidence file closed); a second exits at once with 128 + the signal number, as a shell reports it.
package enum Interrupts {
    package static func install(breaking captures: [LoopBreaker]) {
        interruptedCaptures = captures
        let handler: @convention(c) (Int32) -> Void = { signal in
            interruptCount += 1
            if interruptCount > 1 { _exit(128 + signal) }
            for capture in interruptedCaptures { capture.breakLoop() }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // SIGHUP asks for the output and evidence files to be reopened (log rotation): only counted here; the capture
        // loop, which wakes at least every timeout, does the reopening.
        let hangup: @convention(c) (Int32) -> Void = { _ in hangupCount &+= 1 }
        signal(SIGHUP, hangup)
        // A parent may have started us with these blocked (a blocked mask survives exec; thread pools block
        // signals): they must reach the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// SIGHUPs received so far (the caller remembers how many it has acted on).
    static var hangups: Int32 { hangupCount }

    /// Whether a stop was asked for.
    static var requested: Bool { interruptCount > 0 }

    /// Forgets the capture (it is about to close), so the handler no longer breaks its loop. The
    /// signals are blocked while the pointer changes, so the handler never sees it half-way.
    package static func detach() {
        var set = sigset_t(), previous = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, &previous)
        interruptedCaptures = []
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
