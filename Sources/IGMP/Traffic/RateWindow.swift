/// A count of events in fixed windows, with an alarm that goes off once per episode: when a window's count first
/// passes the threshold. The episode ends with a window that stays at or under the threshold, or a silence of two
/// windows; only then can the alarm go off again. A flood that lasts hours is one finding, not one per packet.
struct RateWindow {
    private var start: Int64 = 0
    private(set) var count: Int32 = 0
    private var started = false
    private var alarmed = false

    /// Adds `n` events at `now` (never earlier than the last call's); returns the window's count when this passes the
    /// threshold for the first time in the episode.
    mutating func add(_ n: Int, at now: Int64, window: Int64, threshold: Int) -> Int? {
        let elapsed = started ? TrafficClock.elapsed(from: start, to: now) : .max
        if elapsed >= window {
            if Int(count) <= threshold || elapsed >= 2 * window { alarmed = false }
            start = now
            count = 0
            started = true
        }
        count = Int32(clamping: Int(count) + n)
        guard Int(count) > threshold, !alarmed else { return nil }
        alarmed = true
        return Int(count)
    }
}

/// Time arithmetic that cannot trap on a hostile capture's timestamps.
enum TrafficClock {
    /// `now - then`, saturating (never negative: the model's clock only moves forward).
    static func elapsed(from then: Int64, to now: Int64) -> Int64 {
        let (d, overflow) = now.subtractingReportingOverflow(then)
        return overflow ? .max : max(0, d)
    }

    /// `time + span`, saturating.
    static func adding(_ span: Int64, to time: Int64) -> Int64 {
        let (t, overflow) = time.addingReportingOverflow(span)
        return overflow ? .max : t
    }
}
