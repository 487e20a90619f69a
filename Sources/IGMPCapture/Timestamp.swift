import IGMP

/// A packet's capture time: seconds since the Unix epoch and nanoseconds within the second.
///
/// Every value libpcap hands over is a valid input: a capture file sets the seconds and the fraction freely (a
/// classic pcap's 32-bit fraction is not checked against one second; a pcapng interface's `if_tsresol` and
/// `if_tsoffset` put the seconds anywhere in `Int64`). `init(seconds:fraction:unitsPerSecond:)` carries whole seconds
/// out of the fraction; formatting never traps, and a time RFC 3339 cannot show is reported as such
/// (`isShowable`), for the caller to print its documented sentinel.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public var seconds: Int64
    /// Within the second, `0..<1_000_000_000` for every timestamp a capture reader makes. A value outside that range
    /// (set by hand) makes the time not showable rather than wrong.
    public var nanoseconds: Int32

    /// A time of `seconds` whole seconds and `nanoseconds` (0-999,999,999) since the epoch.
    @inlinable
    public init(seconds: Int64, nanoseconds: Int32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// A capture's raw time: `seconds`, and `fraction` in units of `1 / unitsPerSecond` s (10^9 for a capture opened
    /// with nanosecond precision, 10^6 for microseconds; `unitsPerSecond` must divide 10^9). Whole seconds in the
    /// fraction (or a negative fraction) carry into the seconds; a sum past `Int64`'s range stops at its end, where
    /// no time is showable anyway.
    @inlinable
    public init(seconds: Int64, fraction: Int64, unitsPerSecond: Int64 = 1_000_000_000) {
        precondition(unitsPerSecond > 0 && 1_000_000_000 % unitsPerSecond == 0, "unitsPerSecond must divide 10^9")
        let scale = 1_000_000_000 / unitsPerSecond
        if fraction >= 0 && fraction < unitsPerSecond { // every sane capture
            self.init(seconds: seconds, nanoseconds: Int32(truncatingIfNeeded: fraction &* scale))
        } else {
            self = Self.carrying(seconds: seconds, fraction: fraction, unitsPerSecond: unitsPerSecond, scale: scale)
        }
    }

    @usableFromInline @inline(never)
    static func carrying(seconds: Int64, fraction: Int64, unitsPerSecond: Int64, scale: Int64) -> Timestamp {
        var carry = fraction / unitsPerSecond
        var rest = fraction % unitsPerSecond
        if rest < 0 { rest += unitsPerSecond; carry -= 1 }
        let (sum, overflow) = seconds.addingReportingOverflow(carry)
        let whole = overflow ? (carry < 0 ? Int64.min : Int64.max) : sum
        return Timestamp(seconds: whole, nanoseconds: Int32(truncatingIfNeeded: rest * scale))
    }

    /// Orders times, earlier first.
    public static func < (a: Self, b: Self) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }

    /// The time as `rfc3339` writes it (`2026-01-01T00:00:02.000000Z`), or tcpdump's `[Error converting time]` for
    /// one outside years 0001-9999.
    public var description: String { rfc3339 ?? "[Error converting time]" }

    /// The first and last second RFC 3339 can show with a four-digit year that common parsers accept:
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. (Year 0000 is left out on purpose: it is EVE's sentinel.)
    public static let showableSeconds: ClosedRange<Int64> = -62_135_596_800 ... 253_402_300_799

    /// Whether RFC 3339 can show this time: seconds within `showableSeconds` and nanoseconds within a second.
    @inlinable
    public var isShowable: Bool {
        Self.showableSeconds.contains(seconds) && nanoseconds >= 0 && nanoseconds < 1_000_000_000
    }

    /// What Suricata EVE output carries for a time it cannot show: a string of the schema's form that no showable
    /// time produces (year 0000).
    public static let eveSentinel = "0000-01-01T00:00:00.000000+0000"

    /// RFC 3339 in UTC: `2021-04-15T09:15:31.174995Z`. Six fractional digits when the time has no sub-microsecond
    /// part (every microsecond capture), nine otherwise. Nil when the time is not showable.
    public var rfc3339: String? {
        guard isShowable else { return nil }
        return String(decoding: formatted(zulu: true), as: UTF8.self)
    }

    /// Suricata EVE's form: `2021-04-15T09:15:31.174995+0000`; `eveSentinel` when the time is not showable.
    public var eve: String {
        guard isShowable else { return Self.eveSentinel }
        return String(decoding: formatted(zulu: false), as: UTF8.self)
    }

    /// Appends the RFC 3339 form to `bytes` (for writers that build output as bytes); false, appending nothing, when
    /// the time is not showable.
    @discardableResult
    public func appendRFC3339(to bytes: inout [UInt8]) -> Bool {
        guard isShowable else { return false }
        append(zulu: true, to: &bytes)
        return true
    }

    func formatted(zulu: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(36)
        append(zulu: zulu, to: &out)
        return out
    }

    /// Written digit by digit into the caller's bytes: this runs for every printed packet, and string padding and
    /// interpolation cost thousands of instructions.
    func append(zulu: Bool, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.formattedMaximumLength) { buffer in
            let n = write(zulu: zulu, into: buffer)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// The longest form, `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`.
    package static let formattedMaximumLength = 34

    /// Writes the RFC 3339 (`zulu`) or EVE form into the start of `buffer` (at least `formattedMaximumLength`
    /// long); returns how many bytes: 0 when the time is not showable (the caller writes its sentinel).
    package func write(zulu: Bool, into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        assert(text.count >= Self.formattedMaximumLength)
        guard isShowable else { return 0 }
        // Within the showable range none of this arithmetic can overflow.
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var n = 0
        func digits(_ value: Int, _ width: Int) {
            DecimalText.writeZeroPadded(max(0, value), width: width, to: text.baseAddress! + n)
            n += width
        }
        func byte(_ b: UInt8) { text[n] = b; n += 1 }
        digits(Int(year) % 10_000, 4); byte(UInt8(ascii: "-"))
        digits(Int(month), 2); byte(UInt8(ascii: "-"))
        digits(Int(day), 2); byte(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); byte(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2); byte(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2); byte(UInt8(ascii: "."))
        if nanoseconds % 1000 == 0 { digits(Int(nanoseconds / 1000), 6) } else { digits(Int(nanoseconds), 9) }
        if zulu {
            byte(UInt8(ascii: "Z"))
        } else {
            byte(UInt8(ascii: "+")); digits(0, 4)
        }
        return n
    }
}

/// What a capture says about one packet, besides its bytes.
public struct PacketInfo: Sendable {
    /// 1-based position among all packets of the file (as tcpdump `-#` and Wireshark number them), whether or not a
    /// filter kept it.
    public var frameNumber: Int
    /// When the packet was captured.
    public var timestamp: Timestamp
    /// Length on the wire; larger than the captured bytes when the snapshot length cut the packet.
    public var wireLength: Int
    /// Bytes captured.
    public var capturedLength: Int

    /// A packet's details, as the readers make them.
    @inlinable
    public init(frameNumber: Int, timestamp: Timestamp, wireLength: Int, capturedLength: Int) {
        self.frameNumber = frameNumber
        self.timestamp = timestamp
        self.wireLength = wireLength
        self.capturedLength = capturedLength
    }

    /// Whether the snapshot length cut this packet.
    @inlinable public var isTruncated: Bool { capturedLength < wireLength }
}
