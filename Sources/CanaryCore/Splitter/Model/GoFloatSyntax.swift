/// Go's `strconv.ParseFloat(text, 32)`, which Consul's weak decoding applies to a quoted
/// weight: decimal (`50`, `5e1`, `.5`, `+5`), hexadecimal with a binary exponent (`0x1p4`),
/// `_` between digits (`5_0`), `inf`/`infinity`/`nan` in any case; nothing else (no spaces).
/// (`parseFloat64` is the same syntax with float64's range, for go-yaml's floats.)
enum GoFloatSyntax {
    /// The float32 value, or nil when Go refuses the text (including values out of range).
    static func parseFloat32(_ text: String) -> Float? {
        guard let number = goSyntax(text) else { return nil }
        if number.special { return Float(text.lowercased()) }
        guard let value = Float(number.digits), value.isFinite else { return nil }
        return value
    }

    /// Go's `strconv.ParseFloat(text, 64)`: the same syntax, float64's range.
    static func parseFloat64(_ text: String) -> Double? {
        guard let number = goSyntax(text) else { return nil }
        if number.special { return Double(text.lowercased()) }
        guard let value = Double(number.digits), value.isFinite else { return nil }
        return value
    }

    /// The text without `_` when Go's syntax accepts it; `special` for inf/infinity/nan.
    private static func goSyntax(_ text: String) -> (digits: String, special: Bool)? {
        var body = Substring(text)
        if let sign = body.first, sign == "+" || sign == "-" { body = body.dropFirst() }
        let lower = body.lowercased()
        if ["inf", "infinity", "nan"].contains(lower) { return (text, true) }
        let hex = lower.hasPrefix("0x")
        guard hex ? isHexFloat(lower.dropFirst(2)) : isDecimal(lower[...]), underscoresAllowed(lower, hex: hex) else { return nil }
        return (String(text.filter { $0 != "_" }), false)
    }

    /// digits [. digits] [e [+-] digits], with at least one mantissa digit.
    private static func isDecimal(_ s: Substring) -> Bool {
        var rest = s
        let mantissa = rest.prefix { $0.isNumber && $0.isASCII || $0 == "_" || $0 == "." }
        guard mantissa.filter({ $0 == "." }).count <= 1, mantissa.contains(where: { $0.isASCII && $0.isNumber }) else { return false }
        rest = rest.dropFirst(mantissa.count)
        guard !rest.isEmpty else { return true }
        guard rest.first == "e" else { return false }
        return isExponent(rest.dropFirst())
    }

    /// hexdigits [. hexdigits] p [+-] digits, with at least one mantissa digit.
    private static func isHexFloat(_ s: Substring) -> Bool {
        let mantissa = s.prefix { $0.isHexDigit || $0 == "_" || $0 == "." }
        guard mantissa.filter({ $0 == "." }).count <= 1, mantissa.contains(where: \.isHexDigit) else { return false }
        let rest = s.dropFirst(mantissa.count)
        return rest.first == "p" && isExponent(rest.dropFirst())
    }

    private static func isExponent(_ s: Substring) -> Bool {
        var digits = s
        if let sign = digits.first, sign == "+" || sign == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber || $0 == "_" }
    }

    /// Go's rule: `_` only between digits, or between the `0x` prefix and a digit.
    private static func underscoresAllowed(_ s: String, hex: Bool) -> Bool {
        var saw: Character = "^"
        var chars = Array(s)
        if hex {
            saw = "0"
            chars.removeFirst(2)
        }
        for c in chars {
            if c.isASCII, c.isNumber || (hex && c.isHexDigit) {
                saw = "0"
            } else if c == "_" {
                if saw != "0" { return false }
                saw = "_"
            } else {
                if saw == "_" { return false }
                saw = "!"
            }
        }
        return saw != "_"
    }
}
