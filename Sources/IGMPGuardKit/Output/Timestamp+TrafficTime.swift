import IGMP
import IGMPCapture

extension Timestamp {
    /// The capture timestamp of a traffic model time (whole seconds rounded down, so the nanoseconds are never negative).
    init(_ time: TrafficTime) {
        let (seconds, remainder) = time.nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        self.init(seconds: remainder < 0 ? seconds - 1 : seconds,
                  nanoseconds: Int32(remainder < 0 ? remainder + 1_000_000_000 : remainder))
    }
}
