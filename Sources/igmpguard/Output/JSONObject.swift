/// Builds one JSON object as text, keys in the order written (so outputs are stable and diffable).
struct JSONObject {
    private(set) var text = "{"
    private var empty = true

    private mutating func key(_ name: String) {
        if !empty { text += "," }
        empty = false
        text += JSONObject.quote(name) + ":"
    }

    mutating func string(_ name: String, _ value: String) { key(name); text += JSONObject.quote(value) }
    mutating func int(_ name: String, _ value: Int) { key(name); text += String(value) }
    mutating func bool(_ name: String, _ value: Bool) { key(name); text += value ? "true" : "false" }
    mutating func null(_ name: String) { key(name); text += "null" }
    /// A value that is already JSON (an object or array).
    mutating func raw(_ name: String, _ json: String) { key(name); text += json }
    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        text += "[" + values.map(JSONObject.quote).joined(separator: ",") + "]"
    }

    var json: String { text + "}" }

    static func array(_ elements: [String]) -> String { "[" + elements.joined(separator: ",") + "]" }

    /// A JSON string literal (RFC 8259 escaping).
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
