/// The 8-bit exponential codes of IGMPv3: Max Resp Code (RFC 3376 4.1.1) and QQIC (4.1.7).
///
/// Below 128 a code is the value itself. From 128 on it is a floating-point number
/// `1 | exp(3) | mant(4)` meaning `(mant | 0x10) << (exp + 3)`, which reaches 31744.
public enum TimeCode {
    /// The largest value a code can express: (0xf | 0x10) << (7 + 3).
    public static let maximumValue = 31744

    /// The value a code stands for: tenths of a second for Max Resp Code, seconds for QQIC.
    @inlinable
    public static func decode(_ code: UInt8) -> Int {
        guard code >= 0x80 else { return Int(code) }
        let exponent = Int((code >> 4) & 0x07)
        let mantissa = Int(code & 0x0f)
        return (mantissa | 0x10) << (exponent + 3)
    }

    /// The code for `value`: exact below 128, otherwise the largest code not above it (so a timer never grows);
    /// values above 31744 saturate at 0xff.
    public static func encode(_ value: Int) -> UInt8 {
        if value < 0x80 { return UInt8(max(0, value)) }
        if value >= maximumValue { return 0xff }
        var best: UInt8 = 0x80
        for code in UInt8(0x80)...UInt8(0xff) where decode(code) <= value { best = code }
        return best
    }
}

/// Max Resp Code as time (RFC 3376 4.1.1; RFC 2236 2.2 for v2, where it is always linear).
public struct MaxResponseTime: Hashable, Sendable, CustomStringConvertible {
    /// Tenths of a second.
    public var deciseconds: Int
    /// A time of `deciseconds` tenths of a second.
    @inlinable public init(deciseconds: Int) { self.deciseconds = deciseconds }
    /// As a `Duration`.
    public var duration: Duration { .milliseconds(deciseconds * 100) }
    /// The time in seconds with one decimal (`10.0s`).
    public var description: String { "\(deciseconds / 10).\(deciseconds % 10)s" }
}
