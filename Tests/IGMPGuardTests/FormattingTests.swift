import IGMP
import IGMPCapture
import Testing
@testable import IGMPGuardKit
@testable import igmpguard

/// The hand-written formatters on the output path (digits written into stack buffers, not through String): every
/// edge a capture can carry.
@Suite struct FormattingTests {
    @Test func rfc3339TimestampsAcrossEdges() {
        #expect(Timestamp(seconds: 0, nanoseconds: 0).rfc3339 == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(seconds: 1_767_225_600, nanoseconds: 250_000_000).rfc3339 == "2026-01-01T00:00:00.250000Z")
        // Sub-microsecond parts keep all nine digits; microsecond captures print six.
        #expect(Timestamp(seconds: 1_767_225_600, nanoseconds: 123_456_789).rfc3339 == "2026-01-01T00:00:00.123456789Z")
        #expect(Timestamp(seconds: 1_767_225_600, nanoseconds: 1_000).rfc3339 == "2026-01-01T00:00:00.000001Z")
        #expect(Timestamp(seconds: 1_709_251_199, nanoseconds: 0).rfc3339 == "2024-02-29T23:59:59.000000Z")
        #expect(Timestamp(seconds: 951_868_800, nanoseconds: 0).rfc3339 == "2000-03-01T00:00:00.000000Z")
        #expect(Timestamp(seconds: -1, nanoseconds: 0).rfc3339 == "1969-12-31T23:59:59.000000Z")
        #expect(Timestamp(seconds: 4_102_444_799, nanoseconds: 999_999_000).rfc3339 == "2099-12-31T23:59:59.999999Z")
        #expect(Timestamp(seconds: 1_767_225_600, nanoseconds: 0).eve == "2026-01-01T00:00:00.000000+0000")
        var bytes = Array("ts=".utf8)
        Timestamp(seconds: 0, nanoseconds: 5).appendRFC3339(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "ts=1970-01-01T00:00:00.000000005Z")
    }

    @Test func integersAddressesAndSeconds() {
        func int(_ v: Int) -> String {
            var b: [UInt8] = []
            DecimalText.append(v, to: &b)
            return String(decoding: b, as: UTF8.self)
        }
        for v in [0, 7, 10, 99, 1234567890, -1, -42, Int.max, Int.min] { #expect(int(v) == String(v)) }
        func padded(_ v: Int, _ width: Int) -> String {
            var b = [UInt8](repeating: 0, count: width)
            b.withUnsafeMutableBufferPointer { DecimalText.writeZeroPadded(v, width: width, to: $0.baseAddress!) }
            return String(decoding: b, as: UTF8.self)
        }
        #expect(padded(7, 2) == "07" && padded(2024, 4) == "2024" && padded(12345, 4) == "2345" && padded(0, 6) == "000000")
        func quad(_ a: IPv4Address) -> String {
            var b: [UInt8] = []
            b.append(UInt8(ascii: "<"))
            a.appendDottedQuad(to: &b)
            return String(decoding: b.dropFirst(), as: UTF8.self)
        }
        #expect(quad(IPv4Address(0, 0, 0, 0)) == "0.0.0.0")
        #expect(quad(IPv4Address(255, 255, 255, 255)) == "255.255.255.255")
        #expect(quad(IPv4Address(192, 0, 2, 10)) == "192.0.2.10")
        #expect(quad(IPv4Address(10, 100, 9, 200)) == "10.100.9.200")
        var o = JSONObject()
        o.milliseconds("a", 12.3456)
        o.milliseconds("b", 0.005)
        o.milliseconds("c", -3)
        o.bool("s", true)
        #expect(String(decoding: o.finish(), as: UTF8.self) == #"{"a":12.346,"b":0.005,"c":0.000,"s":true}"#)
        #expect(BenchCommand.fixed(1.25, 2) == "1.25")
        #expect(BenchCommand.fixed(3.14159, 3) == "3.142")
        #expect(BenchCommand.fixed(2.5, 0) == "3")
        #expect(BenchCommand.fixed(0.05, 2) == "0.05")
    }

    /// The in-place writer under the text lines: every field kind, right-aligned numbers, and growth from a buffer
    /// far too small for the line (each field crossing the end).
    @Test func outputBytesWritesEveryFieldAndGrows() {
        for capacity in [1, 3, 16, 4096] {
            var out = OutputBytes(capacity: capacity)
            out.appendDecimal(42, width: 6)
            out.append(UInt8(ascii: " "))
            out.append(Timestamp(seconds: 1_767_225_600, nanoseconds: 250_000_000), zulu: true)
            out.append(" ")
            out.append(IPv4Address(255, 255, 255, 255))
            out.append(" > ")
            out.append(IPv4Address(0, 0, 0, 0))
            out.append(Array(": igmp v2 report".utf8))
            out.append(utf8: " ms06-007-options@")
            out.appendDecimal(1_234_567, width: 6) // wider than its columns: takes the room it needs
            out.append(UInt8(ascii: ","))
            out.appendDecimal(Int.min)
            out.append(UInt8(ascii: ","))
            out.appendDecimal(-7, width: 4)
            out.append(UInt8(ascii: ","))
            out.appendDecimal(0)
            out.append(UInt8(ascii: " "))
            out.append(Timestamp(seconds: 0, nanoseconds: 5), zulu: false)
            let text = String(decoding: out.bytes, as: UTF8.self)
            #expect(text == "    42 2026-01-01T00:00:00.250000Z 255.255.255.255 > 0.0.0.0: igmp v2 report ms06-007-options@"
                + "1234567,-9223372036854775808,  -7,0 1970-01-01T00:00:00.000000005+0000", "capacity \(capacity)")
            out.removeAll()
            let emptied = out.isEmpty
            #expect(emptied)
        }
        for v in [0, 9, 10, 99, 100, 1_000_000, Int.max, -1, -10, Int.min] {
            #expect(DecimalText.length(v) == String(v).utf8.count, "\(v)")
        }
    }

    /// Objects nested in place inside arrays keep their commas whatever arrays the inner objects opened.
    @Test func nestedObjectsInArrays() {
        var o = JSONObject()
        o.beginArray("records")
        for sources in [[UInt8](), [1, 2], []] {
            o.beginObjectElement()
            o.int("n", sources.count)
            o.beginArray("sources")
            for s in sources { o.arrayAddress(IPv4Address(10, 0, 0, s)) }
            o.endArray()
            o.endObject()
        }
        o.endArray()
        o.int("after", 1)
        #expect(String(decoding: o.finish(), as: UTF8.self)
                == #"{"records":[{"n":0,"sources":[]},{"n":2,"sources":["10.0.0.1","10.0.0.2"]},{"n":0,"sources":[]}],"after":1}"#)
    }
}
