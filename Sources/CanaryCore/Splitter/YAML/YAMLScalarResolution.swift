/// What kubectl makes of a YAML scalar: go-yaml v2's resolution (as used by sigs.k8s.io/yaml,
/// which turns a manifest into the JSON kubectl sends), reduced to the JSON value it becomes.
///
/// - Quoted scalars, block scalars and `!!str` are strings.
/// - A plain scalar (or one tagged `!!int`, `!!float`, `!!bool`, `!!null`) is looked up:
///   `~`, `null`, `Null`, `NULL` and the empty scalar are null; YAML 1.1 booleans (`y`, `yes`,
///   `on`, `true`, `n`, `no`, `off`, `false` in three casings) are booleans; `.inf`, `.nan` are
///   floats JSON cannot carry; integers follow Go's `ParseInt(s, 0, 64)` after dropping every
///   `_` (so `0x32`, `0o62`, `062` octal and `0b110010` are all 50); floats match
///   `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (so `1e2` is 100, `50.` is 50).
///   `YYYY-…` dates are timestamps, whose text is kept (go-yaml does so for an `interface{}`).
///   Anything else is a string.
/// - Other tags (`!foo`, `!`) leave the text a string.
enum YAMLScalarResolution {
    enum Resolved: Equatable {
        case null
        case bool(Bool)
        case integer(Int64)
        /// An unsigned integer beyond Int64 (Go's `ParseUint` fallback).
        case unsigned(UInt64)
        case float(Double)
        case string(String)
        /// A date or time; its text as written (what kubectl sends).
        case timestamp(String)
    }

    static let tagPrefix = "tag:yaml.org,2002:"

    /// The value of a scalar with this text, style and explicit tag (`""` for none).
    /// Throws a message when an explicit tag does not fit the text (`!!int 1.5`), as go-yaml does.
    static func resolve(_ text: String, plain: Bool, tag: String) throws(ResolutionFailure) -> Resolved {
        let short = tag.hasPrefix(tagPrefix) ? "!!" + tag.dropFirst(tagPrefix.count) : tag
        if tag.isEmpty && !plain { return .string(text) }
        switch short {
        case "", "!!bool", "!!int", "!!float", "!!null", "!!timestamp": break
        case "!!str": return .string(text)
        default: return .string(text)  // not a tag go-yaml resolves: the text as written
        }
        let resolved = implicit(text, timestamps: short == "" || short == "!!timestamp")
        switch (short, resolved) {
        case ("", _), ("!!bool", .bool), ("!!int", .integer), ("!!int", .unsigned), ("!!float", .float),
             ("!!null", .null), ("!!timestamp", .timestamp):
            return resolved
        case ("!!float", .integer(let value)): return .float(Double(value))
        case ("!!float", .unsigned(let value)): return .float(Double(value))
        default:
            throw ResolutionFailure(message: "cannot decode \(kindName(resolved)) `\(text)` as a \(short)")
        }
    }

    struct ResolutionFailure: Error {
        var message: String
    }

    /// go-yaml v2's `resolve("", text)`.
    static func implicit(_ text: String, timestamps: Bool) -> Resolved {
        if let known = table[text] { return known }
        guard let first = text.utf8.first else { return .null }
        let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        if first == UInt8(ascii: ".") {
            if let value = goParseFloat(text) { return .float(value) }
            return .string(text)
        }
        guard isDigit || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return .string(text) }
        if timestamps, let stamp = timestamp(text) { return .timestamp(stamp) }
        let plain = String(text.filter { $0 != "_" })
        switch GoScalarText.parseInt(Array(plain.utf8)) {
        case .success(let value): return .integer(Int64(value))
        case .failure: break
        }
        if !plain.hasPrefix("-"), let unsigned = parseUnsigned(plain) { return .unsigned(unsigned) }
        if isYAMLFloat(plain), let value = goParseFloat(plain) { return .float(value) }
        if plain.hasPrefix("0b"), let value = Int64(plain.dropFirst(2), radix: 2) { return .integer(value) }
        if plain.hasPrefix("0b"), let value = UInt64(plain.dropFirst(2), radix: 2) { return .unsigned(value) }
        if plain.hasPrefix("-0b"), let value = Int64("-" + plain.dropFirst(3), radix: 2) { return .integer(value) }
        return .string(text)
    }

    private static let table: [String: Resolved] = {
        var table: [String: Resolved] = [:]
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { table[word] = .bool(true) }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { table[word] = .bool(false) }
        for word in ["", "~", "null", "Null", "NULL"] { table[word] = .null }
        for word in [".nan", ".NaN", ".NAN"] { table[word] = .float(.nan) }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { table[word] = .float(.infinity) }
        for word in ["-.inf", "-.Inf", "-.INF"] { table[word] = .float(-.infinity) }
        return table
    }()

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func isYAMLFloat(_ text: String) -> Bool {
        var bytes = ArraySlice(text.utf8)
        func digits() -> Int {
            let count = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                _ = digits()
            }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Go's `strconv.ParseFloat(s, 64)`.
    static func goParseFloat(_ text: String) -> Double? { GoFloatSyntax.parseFloat64(text) }

    private static func parseUnsigned(_ text: String) -> UInt64? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return UInt64(lower.dropFirst(2), radix: 16) }
        if lower.hasPrefix("0o") { return UInt64(lower.dropFirst(2), radix: 8) }
        if lower.hasPrefix("0b") { return UInt64(lower.dropFirst(2), radix: 2) }
        if lower.hasPrefix("0"), lower.count > 1 { return UInt64(lower.dropFirst(), radix: 8) }
        return UInt64(lower, radix: 10)
    }

    /// go-yaml's timestamp forms (`2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`, …): four
    /// digits then `-`. Decoded into an `interface{}`, as sigs.k8s.io/yaml does, go-yaml v2 keeps
    /// a timestamp's text, so this only tells `!!timestamp` (and `!!int`, …) mismatches apart.
    private static func timestamp(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count > 5, bytes.prefix(4).allSatisfy(isDecimalDigit), bytes[4] == UInt8(ascii: "-") else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let dateOnly = parts.count == 3 && parts[1].count <= 2 && parts[2].count <= 2
            && Int(parts[1]).map { (1...12).contains($0) } == true && Int(parts[2]).map { (1...31).contains($0) } == true
        let timeLike = text.contains(":") && (text.contains("T") || text.contains("t") || text.contains(" "))
        return dateOnly || timeLike ? text : nil
    }

    private static func kindName(_ resolved: Resolved) -> String {
        switch resolved {
        case .null: return "!!null"
        case .bool: return "!!bool"
        case .integer, .unsigned: return "!!int"
        case .float: return "!!float"
        case .string: return "!!str"
        case .timestamp: return "!!timestamp"
        }
    }
}
