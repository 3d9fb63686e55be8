/// Sample values as Go's Prometheus client writes them.
///
/// Counts are integers and are written as integers, whatever their size (`1234567`, never
/// `1.234567e+06`). Other values follow Go's `strconv.FormatFloat(v, 'g', -1, 64)`, which the
/// client uses: the shortest digits that read back to the same Double, with an exponent when
/// it is below -4 or at least 6 (`0.0243`, `1e-05`, `2.5e+06`), and `+Inf`, `-Inf`, `NaN`.
/// OpenMetrics adds `.0` to a float that would otherwise look like an integer (`1.0`), as the
/// client's OpenMetrics writer does.
public enum MetricsNumber {
    /// `value` for the text format 0.0.4.
    public static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == 0 { return "0" }
        let (negative, digits, point) = shortestDigits(value)
        let exponent = point - 1
        var out = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            out.append(digits.first!)
            if digits.count > 1 { out += "." + String(digits.dropFirst()) }
            out += exponent < 0 ? "e-" : "e+"
            let magnitude = String(abs(exponent))
            out += magnitude.count < 2 ? "0" + magnitude : magnitude
        } else if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out += digits + String(repeating: "0", count: point - digits.count)
        } else {
            out += String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return out
    }

    /// `value` for OpenMetrics: as ``text(_:)``, with `.0` after an integral value.
    public static func openMetrics(_ value: Double) -> String {
        let written = text(value)
        guard value.isFinite, !written.contains("."), !written.contains("e") else { return written }
        return written + ".0"
    }

    /// The shortest decimal digits of a finite, non-zero `value` (no leading or trailing
    /// zeros) and where the decimal point goes: the value is `0.<digits> × 10^point`.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, point: Int) {
        // Swift's description is the shortest round-trip form too (`1e-05`, `123.45`, `1e+16`).
        var text = Substring(value.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let whole = text.prefix { $0 != "." }
        let fraction = text.dropFirst(whole.count + (whole.count < text.count ? 1 : 0))
        var digits = Substring(whole + fraction)
        var point = whole.count + exponent
        while digits.first == "0" {
            digits = digits.dropFirst()
            point -= 1
        }
        while digits.last == "0" { digits = digits.dropLast() }
        return (value < 0, String(digits), point)
    }
}
