/// A JSON value built in code and printed with keys in the order given: canarytop's one JSON
/// writer.
///
/// Used for every machine-readable output (`--json`, journal lines, benchmarks) and for the
/// entries sent to Consul (``SplitterRewrite/renderJSON(_:)-…``), so field order is stable and
/// `null` is written explicitly rather than the key being dropped. Strings are escaped by one
/// rule (see ``writeString(_:to:style:)``), or, where another program's bytes must be matched
/// (the demo's fake-service replies, the Kubernetes webhook's messages), as Go's
/// `encoding/json` escapes them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// `.string(s)` or `.null`.
    public static func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    /// `.int(i)` or `.null`.
    public static func int(_ i: Int?) -> JSONValue { i.map(JSONValue.int) ?? .null }
    /// `.number(d)` or `.null`; non-finite numbers become `null` (JSON has no NaN).
    public static func number(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number(d)
    }

    /// Compact text on one line (for JSON-lines output).
    public var compact: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Two-space indented text.
    public var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            if !d.isFinite {
                out += "null"
            } else if d == d.rounded(), abs(d) < 1e15 {
                out += String(Int(d))
            } else {
                out += String(d)
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent, level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent, level + 1)
                JSONValue.writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// Writes `s` as a JSON string, always on one line and inert in a terminal: `"` and `\`
    /// get a backslash, line feed, carriage return and tab their short escapes, and every other
    /// control character — C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F: U+009B is a terminal's
    /// CSI) — and the JavaScript line breaks U+2028/U+2029 become `\u` with four lower-case hex
    /// digits. Everything else is raw UTF-8. (RFC 8259 requires only C0 to be escaped; escaping
    /// the rest is valid JSON and reads back the same.) With a `go` style it writes
    /// what Go's `encoding/json` writes instead, for bytes another program must match: `<`, `>`,
    /// `&` escaped too, DEL and C1 as they are.
    public static func writeString(_ s: String, to out: inout String, style: StringStyle = .canarytop) {
        let goStyle = style != .canarytop
        let shortBF = style == .go
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where shortBF: out += "\\b"
            case "\u{0C}" where shortBF: out += "\\f"
            case "<" where goStyle, ">" where goStyle, "&" where goStyle:
                out += "\\u00" + String(scalar.value, radix: 16)
            default:
                if scalar.value < 0x20 || (!goStyle && (0x7F...0x9F).contains(scalar.value)) || scalar.value == 0x2028
                    || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// How ``writeString(_:to:style:)`` escapes.
    public enum StringStyle: Sendable, Equatable {
        /// canarytop's own rule: every control character, C1 included, escaped.
        case canarytop
        /// Go's `encoding/json` since Go 1.22 (`\b` and `\f` short).
        case go
        /// Go's `encoding/json` before 1.22 (`\u0008`, `\u000c`), as fake-service's builds write.
        case goBefore122
    }
}
