extension GoDuration {
    /// Writes a length of time as Go's `Duration.String()` does: `72h3m0.5s`, `1m0s`,
    /// `5.009025002s`, `24.882855ms`, `75.1µs` (U+00B5), `850ns`, `0s`, `-1.5s`.
    ///
    /// Under one second a single unit (ns, µs or ms) with a decimal fraction; from one second
    /// on, hours and minutes as needed, then seconds with up to nine fraction digits. Trailing
    /// zeros of the fraction are dropped, and the point with them. The inverse of
    /// ``nanoseconds(_:)`` for every value it writes.
    public static func text(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let u = nanoseconds.magnitude
        if u < 1_000_000_000 {
            if u < 1_000 { return "\(sign)\(u)ns" }
            if u < 1_000_000 { return sign + decimal(u, digits: 3) + "µs" }
            return sign + decimal(u, digits: 6) + "ms"
        }
        let seconds = u / 1_000_000_000
        let hours = seconds / 3600, minutes = seconds / 60 % 60
        var out = sign
        if hours > 0 { out += "\(hours)h" }
        if hours > 0 || minutes > 0 { out += "\(minutes)m" }
        return out + decimal(seconds % 60 * 1_000_000_000 + u % 1_000_000_000, digits: 9) + "s"
    }

    /// Writes a length of time given in seconds (rounded to whole nanoseconds) as Go does.
    public static func text(seconds: Double) -> String {
        let ns = (seconds * 1e9).rounded()
        guard ns.isFinite, abs(ns) < 9.2e18 else { return seconds < 0 ? "-2562047h47m16.854775808s" : "2562047h47m16.854775807s" }
        return text(nanoseconds: Int64(ns))
    }

    /// `value / 10^digits` with the fraction's trailing zeros (and then the point) removed.
    private static func decimal(_ value: UInt64, digits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = value / scale
        var fraction = value % scale
        guard fraction > 0 else { return String(whole) }
        var width = digits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: width - text.count) + text
    }
}
