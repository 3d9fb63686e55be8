/// Go's shortest texts for a `float32`: what `json.Marshal` writes for a float32 field and
/// what `%v` prints, so canarytop's copies of Kubernetes messages match them byte for byte.
extension GoFloatFormat {
    /// `json.Marshal(float32(x))`: shortest digits that read back, positional (`16.75`, `50`,
    /// `0.01`), in exponent form below 1e-6 and from 1e21 (`1e-7`, as Go trims `e-07`).
    static func json32(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let magnitude = value.magnitude
        let exponential = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)
        guard exponential else { return positional(value) }
        // Go writes e-07 as e-7 (negative exponents only), e+22 as is.
        let (_, point) = shortestDigits(value)
        return exponent(value, minimumDigits: point - 1 < 0 ? 1 : 2)
    }

    /// `fmt.Sprintf("%v", float32(x))`: Go's `%g` with the shortest digits, in exponent form
    /// when the exponent is below -4 or at least 6 (`150`, `0.005`, `1e-05`, `1.5e+06`).
    static func verbV32(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        guard value != 0 else { return value.sign == .minus ? "-0" : "0" }
        let (_, point) = shortestDigits(value)
        let exponent10 = point - 1
        return exponent10 < -4 || exponent10 >= 6 ? exponent(value) : positional(value)
    }

    /// Go's `'f'` format with the shortest digits.
    private static func positional(_ value: Float) -> String {
        let (digits, point) = shortestDigits(value)
        let sign = value.sign == .minus ? "-" : ""
        if digits == "0" { return sign + "0" }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: point)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// Go's `'e'` format with the shortest digits: `1.5e+06`, `1e-05` (two exponent digits at least).
    private static func exponent(_ value: Float, minimumDigits: Int = 2) -> String {
        let (digits, point) = shortestDigits(value)
        let sign = value.sign == .minus ? "-" : ""
        let exponent10 = digits == "0" ? 0 : point - 1
        let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
        let magnitude = String(abs(exponent10))
        return "\(sign)\(mantissa)e\(exponent10 < 0 ? "-" : "+")\(magnitude.count < minimumDigits ? "0" : "")\(magnitude)"
    }

    /// The shortest decimal digits that read back as `value` (no leading or trailing zeros; `0`
    /// for zero) and the position of the decimal point: value = 0.digits × 10^point.
    /// Swift's `description` already gives the shortest round-trip digits; only the layout differs.
    static func shortestDigits(_ value: Float) -> (digits: String, point: Int) {
        var text = value.magnitude.description
        var exponent10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent10 = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent10
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return digits.isEmpty ? ("0", 0) : (digits, point)
    }
}
