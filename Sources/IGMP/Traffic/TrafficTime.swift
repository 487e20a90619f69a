/// A packet's time for the traffic model: nanoseconds since the Unix epoch, from the capture's timestamp, so that a
/// saved capture and a live interface are judged on the same clock.
public struct TrafficTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01 00:00:00 UTC.
    public var nanoseconds: Int64

    /// The time `nanoseconds` after the epoch.
    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The time `seconds` and `nanoseconds` after the epoch, as a capture's timestamp holds it. Times beyond what
    /// 64-bit nanoseconds hold (about the year 2262) are clamped.
    @inlinable
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            self.nanoseconds = seconds < 0 ? .min : .max
        } else {
            let (sum, overflow) = product.addingReportingOverflow(Int64(nanoseconds))
            self.nanoseconds = overflow ? (product < 0 ? .min : .max) : sum
        }
    }

    /// Orders times.
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds and nanoseconds: `1700000000.000000001`.
    public var description: String {
        let s = nanoseconds / 1_000_000_000, ns = nanoseconds % 1_000_000_000
        let fraction = String(abs(ns))
        return "\(s).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }
}

/// A span of time for the traffic model's timers and windows, in nanoseconds.
public struct TrafficDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// `seconds` whole seconds.
    @inlinable public static func seconds(_ seconds: Int) -> Self { Self(nanoseconds: Int64(seconds) * 1_000_000_000) }
    /// `deciseconds` tenths of a second (the unit of IGMP's Max Resp Code).
    @inlinable public static func deciseconds(_ deciseconds: Int) -> Self { Self(nanoseconds: Int64(deciseconds) * 100_000_000) }

    /// A span of `nanoseconds`.
    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Orders spans.
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The span in seconds with up to three decimals: `260 s`, `0.5 s`.
    public var description: String {
        let ms = nanoseconds / 1_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(Double(ms) / 1000) s"
    }
}
