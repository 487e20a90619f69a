extension String {
    /// This text with every character a terminal would act on written as a visible escape, as tcpdump and `ls -b`
    /// do: `\n`, `\r`, `\t`, `\x1b` for the other C0 controls and DEL, `\u009b` for C1 controls, Unicode's line and
    /// paragraph separators and its bidirectional controls (which reorder a line as shown), and `\\` for a backslash,
    /// so that an escape in the output always stands for a character that was escaped.
    ///
    /// File and interface names come from whoever named them: a name holding ESC or a newline, printed raw, could
    /// recolour a terminal or forge a whole output line. Everything IGMPGuard prints for a person (text output,
    /// standard error, pcapng comments) passes names through this; JSON escapes them its own way.
    public var escapingControlCharacters: String {
        // Nearly every name is printable ASCII: checked over the contiguous bytes (iterating the UTF-8 view costs far more).
        let printable: (UInt8) -> Bool = { $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\\") }
        if utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(printable) }) ?? utf8.allSatisfy(printable) { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0a: out += "\\n"
            case 0x0d: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5c: out += "\\\\"
            case 0x00..<0x20, 0x7f: out += "\\x" + Self.hex(v, digits: 2)
            default:
                if Self.actsOnTerminal(scalar) { out += "\\u" + Self.hex(v, digits: 4) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether the text holds a character `escapingControlCharacters` escapes, the backslash aside: one that a
    /// terminal would act on.
    public var containsControlCharacters: Bool {
        unicodeScalars.contains { Self.actsOnTerminal($0) }
    }

    /// C0 and C1 controls, DEL, Unicode's line and paragraph separators and its bidirectional controls.
    static func actsOnTerminal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7f..<0xa0, 0x2028, 0x2029, 0x200e, 0x200f, 0x202a...0x202e, 0x2066...0x2069, 0x061c: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: Swift.max(0, digits - text.count)) + text
    }
}
