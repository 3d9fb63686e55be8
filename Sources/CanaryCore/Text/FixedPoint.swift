/// Fixed-decimal number text without Foundation: `FixedPoint.format(15.337719, digits: 2)` → `"15.34"`.
public enum FixedPoint {
    /// `value` rounded half away from zero to `digits` decimals (0…9). Non-finite values print as `-`.
    public static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "-" }
        let digits = max(0, min(9, digits))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(value) }
        let n = UInt64(scaled)
        let p = UInt64(scale)
        let sign = value < 0 && n != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(n) }
        let frac = String(n % p)
        return sign + String(n / p) + "." + String(repeating: "0", count: digits - frac.count) + frac
    }

    /// `value` rounded to `digits` decimals as a number, for JSON figures: `round(15.337719, 3)` is 15.338.
    public static func round(_ value: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
