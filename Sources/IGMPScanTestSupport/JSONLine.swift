/// A strict JSON reader for one output line, over its bytes: it accepts exactly RFC 8259's grammar (no raw control
/// character in a string, no leading zero, no trailing comma, nothing after the value) and gives back the top-level
/// object's members named in `keeping`, strings and integers decoded, anything else kept as its kind. Written for
/// the fuzz target, where Foundation's parser cost most of each execution: it allocates nothing but what it keeps.
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

/// Checks `bytes` is one JSON object and returns its top-level members named in `keeping` (every member when nil).
public func parseJSONObjectLine(_ bytes: ArraySlice<UInt8>, keeping: [String]? = nil) throws(JSONSyntaxError) -> [String: JSONMember] {
    let result: Result<[String: JSONMember], JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
        var reader = JSONReader(bytes: buffer, keeping: keeping.map { $0.map { Array($0.utf8) } })
        do throws(JSONSyntaxError) {
            reader.skipSpace()
            let members = try reader.object(topLevel: true)
            reader.skipSpace()
            guard reader.at == buffer.count else { throw reader.fail("bytes after the object") }
            return .success(members)
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}

struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The UTF-8 names of the top-level members to keep; nil keeps all.
    let keeping: [[UInt8]]?
    var at = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, keeping: [[UInt8]]?) {
        self.bytes = bytes
        self.keeping = keeping
    }

    func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: at, reason: reason) }

    var next: UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0a || bytes[at] == 0x0d { at += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard next == byte else { throw fail("expected \(Character(Unicode.Scalar(byte)))") }
        at += 1
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth < 64 else { throw fail("nested too deep") }
    }

    /// An object; at the top level, the members to keep.
    mutating func object(topLevel: Bool) throws(JSONSyntaxError) -> [String: JSONMember] {
        try expect(UInt8(ascii: "{"))
        try enter()
        defer { depth -= 1 }
        var members: [String: JSONMember] = [:]
        skipSpace()
        if next == UInt8(ascii: "}") { at += 1; return members }
        while true {
            skipSpace()
            let key = try string()
            let keep = topLevel && wanted(key)
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            let value = try value(decode: keep)
            if keep { members[decode(key)] = value }
            skipSpace()
            if next == UInt8(ascii: ",") { at += 1; continue }
            try expect(UInt8(ascii: "}"))
            return members
        }
    }

    func wanted(_ key: JSONString) -> Bool {
        guard let keeping else { return true }
        return !key.hasEscapes && keeping.contains { name in
            name.count == key.range.count && name.indices.allSatisfy { name[$0] == bytes[key.range.lowerBound + $0] }
        }
    }

    mutating func value(decode: Bool) throws(JSONSyntaxError) -> JSONMember {
        switch next {
        case UInt8(ascii: "{"): _ = try object(topLevel: false); return .object
        case UInt8(ascii: "["):
            at += 1
            try enter()
            defer { depth -= 1 }
            skipSpace()
            if next == UInt8(ascii: "]") { at += 1; return .array }
            while true {
                skipSpace()
                _ = try value(decode: false)
                skipSpace()
                if next == UInt8(ascii: ",") { at += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array
            }
        case UInt8(ascii: "\""):
            let text = try string()
            return decode ? .string(self.decode(text)) : .string("")
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number(decode: decode)
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for b in text { try expect(b) }
    }

    mutating func number(decode: Bool) throws(JSONSyntaxError) -> JSONMember {
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
        if decode, integral, let value = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)) {
            return .integer(value)
        }
        return integral && !decode ? .integer(0) : .number
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A string's bytes between its quotes, checked, not yet decoded.
    struct JSONString {
        var range: Range<Int>
        var hasEscapes: Bool
    }

    mutating func string() throws(JSONSyntaxError) -> JSONString {
        try expect(UInt8(ascii: "\""))
        let start = at
        var escapes = false
        while true {
            guard at < bytes.count else { throw fail("unterminated string") }
            let b = bytes[at]
            if b == UInt8(ascii: "\"") { break }
            guard b >= 0x20 else { throw fail("raw control character in a string") }
            at += 1
            guard b == UInt8(ascii: "\\") else { continue }
            escapes = true
            guard at < bytes.count else { throw fail("unterminated escape") }
            switch bytes[at] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                at += 1
            case UInt8(ascii: "u"):
                at += 1
                for _ in 0..<4 {
                    guard at < bytes.count, hexValue(bytes[at]) != nil else { throw fail("bad \\u escape") }
                    at += 1
                }
            default: throw fail("bad escape")
            }
        }
        let range = start..<at
        at += 1
        return JSONString(range: range, hasEscapes: escapes)
    }

    /// The text of a checked string, escapes decoded (a lone surrogate becomes U+FFFD, as decoders do).
    func decode(_ text: JSONString) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[text.range])
        guard text.hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var i = 0
        func unit(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for k in 0..<4 { guard let d = hexValue(raw[at + k]) else { return nil }; value = value << 4 | d }
            return value
        }
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = unit(i)!
                i += 4
                if (0xd800..<0xdc00).contains(scalar), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u"),
                   let low = unit(i + 2), (0xdc00..<0xe000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                    i += 6
                }
                out += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{fffd}")).utf8)
            default: out.append(e) // quote, backslash, slash
            }
        }
        return String(decoding: out, as: UTF8.self)
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
