/// A strict JSON reader for one output line, over its bytes: it accepts exactly RFC 8259's grammar (no raw control
/// character in a string, no leading zero, no trailing comma, nothing after the value) and gives back the top-level
/// object's members, strings and integers decoded, anything else kept as its kind. Written for the fuzz target,
/// where Foundation's parser cost most of each execution.
public enum JSONMember: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case number
    case bool(Bool)
    case null
    case array
    case object
}

public struct JSONSyntaxError: Error, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "JSON syntax error at byte \(offset): \(reason)" }
}

public func parseJSONObjectLine(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> [String: JSONMember] {
    var reader = JSONReader(bytes: Array(bytes))
    reader.skipSpace()
    let members = try reader.object(keep: true)
    reader.skipSpace()
    guard reader.at == reader.bytes.count else { throw JSONSyntaxError(offset: reader.at, reason: "bytes after the object") }
    return members
}

struct JSONReader {
    let bytes: [UInt8]
    var at = 0
    var depth = 0

    func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: at, reason: reason) }

    var next: UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func skipSpace() {
        while let b = next, b == 0x20 || b == 0x09 || b == 0x0a || b == 0x0d { at += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard next == byte else { throw fail("expected \(Character(Unicode.Scalar(byte)))") }
        at += 1
    }

    /// An object; its members when `keep`.
    mutating func object(keep: Bool) throws(JSONSyntaxError) -> [String: JSONMember] {
        try expect(UInt8(ascii: "{"))
        depth += 1
        guard depth < 64 else { throw fail("nested too deep") }
        defer { depth -= 1 }
        var members: [String: JSONMember] = [:]
        skipSpace()
        if next == UInt8(ascii: "}") { at += 1; return members }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            let value = try value(keepText: keep)
            if keep { members[key] = value }
            skipSpace()
            if next == UInt8(ascii: ",") { at += 1; continue }
            try expect(UInt8(ascii: "}"))
            return members
        }
    }

    mutating func value(keepText: Bool) throws(JSONSyntaxError) -> JSONMember {
        switch next {
        case UInt8(ascii: "{"): _ = try object(keep: false); return .object
        case UInt8(ascii: "["):
            at += 1
            depth += 1
            guard depth < 64 else { throw fail("nested too deep") }
            defer { depth -= 1 }
            skipSpace()
            if next == UInt8(ascii: "]") { at += 1; return .array }
            while true {
                skipSpace()
                _ = try value(keepText: false)
                skipSpace()
                if next == UInt8(ascii: ",") { at += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for b in text { try expect(b) }
    }

    mutating func number() throws(JSONSyntaxError) -> JSONMember {
        let start = at
        if next == UInt8(ascii: "-") { at += 1 }
        guard let first = next, isDigit(first) else { throw fail("expected a value") }
        at += 1
        if first != UInt8(ascii: "0") { while let b = next, isDigit(b) { at += 1 } }
        var integral = true
        if next == UInt8(ascii: ".") {
            integral = false
            at += 1
            guard let b = next, isDigit(b) else { throw fail("a digit must follow the point") }
            while let b = next, isDigit(b) { at += 1 }
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            integral = false
            at += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { at += 1 }
            guard let b = next, isDigit(b) else { throw fail("a digit must follow the exponent") }
            while let b = next, isDigit(b) { at += 1 }
        }
        if integral, let value = Int(String(decoding: bytes[start..<at], as: UTF8.self)) { return .integer(value) }
        return .number
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    mutating func string() throws(JSONSyntaxError) -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var plain = at // start of the bytes not yet copied
        var decoded: [UInt8] = []
        while true {
            guard let b = next else { throw fail("unterminated string") }
            if b == UInt8(ascii: "\"") { break }
            guard b >= 0x20 else { throw fail("raw control character in a string") }
            if b != UInt8(ascii: "\\") { at += 1; continue }
            decoded += bytes[plain..<at]
            at += 1
            guard let e = next else { throw fail("unterminated escape") }
            at += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(e)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0c)
            case UInt8(ascii: "n"): decoded.append(0x0a)
            case UInt8(ascii: "r"): decoded.append(0x0d)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var unit: UInt32 = 0
                for _ in 0..<4 {
                    guard let h = next, let digit = hexValue(h) else { throw fail("bad \\u escape") }
                    unit = unit << 4 | digit
                    at += 1
                }
                // Surrogate pairs stand for one scalar; a lone surrogate becomes U+FFFD, as decoders do.
                if (0xd800..<0xdc00).contains(unit), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    var low: UInt32 = 0
                    var ok = true
                    for i in 0..<4 { if let d = hexValue(bytes[at + 2 + i]) { low = low << 4 | d } else { ok = false } }
                    if ok && (0xdc00..<0xe000).contains(low) {
                        at += 6
                        unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                    }
                }
                scalars = String.UnicodeScalarView()
                scalars.append(Unicode.Scalar(unit) ?? "\u{fffd}")
                decoded += Array(String(scalars).utf8)
            default: throw fail("bad escape")
            }
            plain = at
        }
        decoded += bytes[plain..<at]
        at += 1
        return String(decoding: decoded, as: UTF8.self)
    }

    func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }
}
