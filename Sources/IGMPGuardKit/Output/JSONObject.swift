import IGMP
import IGMPCapture

/// Builds one JSON object as UTF-8 bytes, keys in the order written (so outputs are stable and diffable).
///
/// Byte-level on purpose: keys are static strings copied whole, numbers and addresses are written as digits, and
/// only free text goes through escaping. Building through `String` cost more per printed packet than validating
/// thousands of clean ones. The bytes go into a raw growable buffer (`OutputBytes`), not an `[UInt8]`: an NDJSON
/// line of a v3 report takes a few hundred appends, and each append to an array checked its uniqueness and capacity
/// (with `--all`, most of the time of a scan went there).
package struct JSONObject: ~Copyable {
    private var bytes = OutputBytes(capacity: 512)
    private var empty = true
    private var arrayEmpty = true

    package init() {
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func key(_ name: StaticString) {
        bytes.reserve(name.utf8CodeUnitCount &+ 4)
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A key that is only known at run time (rule ids in the summary's `rules` object).
    private mutating func dynamicKey(_ name: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        JSONObject.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    package mutating func string(_ name: StaticString, _ value: String) { key(name); JSONObject.appendQuoted(value, to: &bytes) }
    /// A string value given as UTF-8 bytes.
    mutating func string(_ name: StaticString, utf8 value: [UInt8]) {
        key(name)
        value.withUnsafeBufferPointer { JSONObject.appendQuoted(utf8: $0, to: &bytes) }
    }
    package mutating func int(_ name: StaticString, _ value: Int) { key(name); bytes.appendDecimal(value) }
    mutating func int(dynamic name: String, _ value: Int) { dynamicKey(name); bytes.appendDecimal(value) }
    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(value ? "true" : "false")
    }
    /// Seconds with three decimals (`12.345`).
    package mutating func milliseconds(_ name: StaticString, _ seconds: Double) {
        key(name)
        let total = Int((max(0, seconds) * 1000).rounded())
        bytes.appendDecimal(total / 1000)
        bytes.append(UInt8(ascii: "."))
        let fraction = total % 1000
        if fraction < 100 { bytes.append(UInt8(ascii: "0")) }
        if fraction < 10 { bytes.append(UInt8(ascii: "0")) }
        bytes.appendDecimal(fraction)
    }
    package mutating func null(_ name: StaticString) { key(name); bytes.append("null") }
    /// RFC 3339, or `null` for a time that cannot be shown (the NDJSON contract's sentinel).
    mutating func timestamp(_ name: StaticString, _ value: Timestamp) {
        key(name)
        guard value.isShowable else { bytes.append("null"); return }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(value, zulu: true)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A file's or interface's counts, the same keys in every event that carries them: `packets`, `igmp`, `mld` (when
    /// any MLD was judged), `clean`,
    /// `suspicious`, `hostile`, the `rules` object (packets per rule fired) when asked for, and `truncated`.
    mutating func counts(_ s: FileStatistics, rules: Bool) {
        int("packets", s.packets)
        int("igmp", s.igmp)
        if s.mld > 0 { int("mld", s.mld) }
        int("clean", s.clean)
        int("suspicious", s.suspicious)
        int("hostile", s.hostile)
        if rules {
            var perRule = JSONObject()
            for (rule, n) in s.ruleCounts { perRule.int(dynamic: rule.id, n) }
            object("rules", perRule)
        }
        int("truncated", s.truncated)
        if let traffic = s.traffic { self.traffic(traffic) }
    }

    /// The traffic model's segments (`segments`: per segment and protocol, queriers, hosts, groups) and its tables'
    /// `evicted` counts.
    mutating func traffic(_ summary: TrafficSummary) {
        beginArray("segments")
        for segment in summary.segments {
            beginObjectElement()
            string("protocol", segment.family.description)
            beginArray("vlans")
            for vlan in segment.segment.vlans { arrayInt(vlan) }
            endArray()
            beginArray("queriers")
            for q in segment.queriers {
                beginObjectElement()
                address("address", q.address)
                beginArray("versions")
                for v in q.versions { arrayInt(v) }
                endArray()
                int("queries", q.queries)
                timestamp("first_seen", Timestamp(q.firstSeen))
                timestamp("last_seen", Timestamp(q.lastSeen))
                bool("querier", q.isQuerier)
                endObject()
            }
            endArray()
            int("hosts", segment.hosts)
            int("groups", segment.groupCount)
            if !segment.groups.isEmpty {
                beginArray("memberships")
                for g in segment.groups {
                    beginObjectElement()
                    address("group", g.group)
                    int("hosts", g.hosts)
                    endObject()
                }
                endArray()
            }
            endObject()
        }
        endArray()
        var evicted = JSONObject()
        evicted.int("segments", summary.evictions.segments)
        evicted.int("hosts", summary.evictions.hosts)
        evicted.int("memberships", summary.evictions.memberships)
        evicted.int("queriers", summary.evictions.queriers)
        object("evicted", evicted)
    }

    mutating func address(_ name: StaticString, _ value: IPv4Address) {
        key(name)
        JSONObject.appendAddress(value, to: &bytes)
    }

    mutating func address(_ name: StaticString, _ value: IPAddress) {
        switch value {
        case .v4(let address): self.address(name, address)
        case .v6(let address): string(name, address.description)
        }
    }
    /// A value that is already JSON (an object or array).
    mutating func raw(_ name: StaticString, bytes json: [UInt8]) { key(name); bytes.append(json) }

    package mutating func strings(_ name: StaticString, _ values: [String]) {
        beginArray(name)
        for v in values { arrayString(v) }
        endArray()
    }

    /// The JSON array of a rule's references, built once per rule.
    mutating func references(_ name: StaticString, _ rule: Rule) {
        key(name)
        bytes.append(ruleReferencesJSON[rule.index])
    }

    /// The JSON array of a rule's references as links, built once per rule.
    mutating func referenceURLs(_ name: StaticString, _ rule: Rule) {
        key(name)
        bytes.append(ruleReferenceURLsJSON[rule.index])
    }

    // Arrays written element by element (for views that cannot be turned into arrays without allocating).
    mutating func beginArray(_ name: StaticString) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        arrayEmpty = true
    }
    private mutating func arraySeparator() {
        if !arrayEmpty { bytes.append(UInt8(ascii: ",")) }
        arrayEmpty = false
    }
    mutating func arrayString(_ value: String) { arraySeparator(); JSONObject.appendQuoted(value, to: &bytes) }
    mutating func arrayAddress(_ value: IPv4Address) { arraySeparator(); JSONObject.appendAddress(value, to: &bytes) }
    mutating func arrayInt(_ value: Int) { arraySeparator(); bytes.appendDecimal(value) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    /// An object as the next array element, written in place: its keys follow until `endObject`.
    mutating func beginObjectElement() {
        arraySeparator()
        bytes.append(UInt8(ascii: "{"))
        empty = true
    }

    /// Closes an object begun with `beginObjectElement`. The enclosing object already has a key (its array's) and
    /// that array now an element, whatever arrays the inner object opened and closed.
    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        empty = false
        arrayEmpty = false
    }

    /// The finished object's bytes.
    /// (For a value kept past the line it is built for, like a packet's decoded message; a finished object goes
    /// into its line with `write(to:)`, or into another object with `object(_:_:)`, without this copy.)
    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return Array(bytes.bytes)
    }

    /// Closes the object and writes it as one line of `out`, its bytes copied once, into the output buffer.
    package consuming func write(to out: StandardOutput) {
        out.line { line in
            line.append(bytes)
            line.append(UInt8(ascii: "}"))
        }
    }

    /// `inner`, closed, as the value of `name`: its bytes copied once, straight into this object.
    mutating func object(_ name: StaticString, _ inner: consuming JSONObject) {
        key(name)
        bytes.append(inner.bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    static func appendAddress(_ address: IPv4Address, to out: inout OutputBytes) {
        out.reserve(IPv4Address.dottedQuadWriteRoom &+ 2)
        out.append(UInt8(ascii: "\""))
        out.append(address)
        out.append(UInt8(ascii: "\""))
    }

    static func appendQuoted<Sink: ByteSink & ~Copyable>(_ s: String, to out: inout Sink) {
        // Long strings (messages, summaries) are contiguous: check, then copy whole when nothing needs escaping.
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            appendQuoted(utf8: utf8, to: &out)
            return true
        }
        if copied != true {
            out.append(UInt8(ascii: "\""))
            appendEscaped(s.utf8, to: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    static func appendQuoted<Sink: ByteSink & ~Copyable>(utf8: UnsafeBufferPointer<UInt8>, to out: inout Sink) {
        out.append(UInt8(ascii: "\""))
        // One table load a byte: this scan runs over every string of every line.
        let escaped = bytesNeedingEscape.withUnsafeBufferPointer { table in utf8.contains { table[Int($0)] } }
        if escaped {
            appendEscaped(utf8, to: &out)
        } else {
            out.appendBytes(utf8)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// JSON's escapes for what must be escaped, and `\uXXXX` for what a terminal would act on if a reader printed
    /// the line as it is: DEL, C1 controls, Unicode's line separators and bidirectional controls (the characters
    /// `escapingControlCharacters` escapes in text). Either way the string decodes to the same characters.
    static func appendEscaped<Sink: ByteSink & ~Copyable>(_ utf8: some Collection<UInt8>, to out: inout Sink) {
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case 0x5c: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case 0x0a: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0d: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7f..<0xa0, 0x061c, 0x200e, 0x200f, 0x2028...0x202e, 0x2066...0x2069:
                let hex: StaticString = "0123456789abcdef"
                out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "u"))
                for shift in stride(from: 12, through: 0, by: -4) { out.append(hex.utf8Start[Int(v >> UInt32(shift) & 0xf)]) }
            default:
                for byte in UTF8.encode(scalar)! { out.append(byte) }
            }
        }
    }
}

/// Whether a byte sends a string to `JSONObject.appendEscaped`: quote, backslash, controls, and every byte of
/// non-ASCII text (which may hold a character escaped for terminals), indexed by the byte.
let bytesNeedingEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 >= 0x7f || $0 == 0x22 || $0 == 0x5c }

/// `["RFC 3376 4.1.8", ...]` per rule, indexed by `Rule.index`: references are printed with every finding.
package let ruleReferencesJSON: [[UInt8]] = RuleCatalogue.rows.map { row in
    jsonArray(row.references.map(\.description))
}

/// The same references as links (`Reference.url`), for EVE's `alert.references`.
package let ruleReferenceURLsJSON: [[UInt8]] = RuleCatalogue.rows.map { row in
    jsonArray(row.references.map(\.url))
}

private func jsonArray(_ strings: [String]) -> [UInt8] {
    var array: [UInt8] = [UInt8(ascii: "[")]
    for (i, string) in strings.enumerated() {
        if i > 0 { array.append(UInt8(ascii: ",")) }
        JSONObject.appendQuoted(string, to: &array)
    }
    array.append(UInt8(ascii: "]"))
    return array
}

