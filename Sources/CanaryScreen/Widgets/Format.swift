import CanaryCore

/// Short, fixed-width number text for the screen.
enum Format {
    /// `812µs`, `5.40ms`, `24.9ms`, `153ms`, `5.00s`, `72.0s`, `-` for nil.
    static func latency(_ seconds: Double?) -> String {
        guard let s = seconds, s.isFinite else { return "-" }
        if s < 0.001 { return "\(Int((s * 1_000_000).rounded()))µs" }
        if s < 0.01 { return FixedPoint.format(s * 1000, digits: 2) + "ms" }
        if s < 0.1 { return FixedPoint.format(s * 1000, digits: 1) + "ms" }
        if s < 1 { return "\(Int((s * 1000).rounded()))ms" }
        if s < 10 { return FixedPoint.format(s, digits: 2) + "s" }
        return FixedPoint.format(s, digits: 1) + "s"
    }

    /// `0`, `999`, `12.3k`, `4.56M`.
    static func count(_ n: Int) -> String {
        if n < 10_000 { return String(n) }
        if n < 1_000_000 { return FixedPoint.format(Double(n) / 1000, digits: 1) + "k" }
        return FixedPoint.format(Double(n) / 1_000_000, digits: 2) + "M"
    }

    /// A share 0…1 as `48.2%`.
    static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "-" }
        return FixedPoint.format(share * 100, digits: 1) + "%"
    }

    /// Seconds as `0:42`, `12:05`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):\(m < 10 ? "0" : "")\(m):\(ss)" }
        return "\(m):\(ss)"
    }

    /// A time to wait, roughly: `~0s`, `~42s`, `~7m`, `~3h`, `~2d`; `~?` when unknown.
    static func eta(_ seconds: Double?) -> String {
        guard let s = seconds, s.isFinite, s >= 0 else { return "~?" }
        if s < 60 { return "~\(Int(s.rounded(.up)))s" }
        if s < 3600 { return "~\(Int((s / 60).rounded()))m" }
        if s < 86_400 { return "~\(Int((s / 3600).rounded()))h" }
        return "~\(Int(min(s / 86_400, 1e9).rounded()))d"
    }

    /// A configured span: `30s`, `2.5s`, `5m`, `1m30s`.
    static func span(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        if seconds < 60 {
            return (seconds == seconds.rounded() ? String(Int(seconds)) : FixedPoint.format(seconds, digits: 1)) + "s"
        }
        let whole = Int(min(seconds, 1e9).rounded())
        return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole / 60)m\(whole % 60)s"
    }

    /// `x` with at most `digits` decimals and no trailing zeros: `1`, `0.5`, `12.25`.
    static func decimal(_ x: Double, digits: Int = 2) -> String {
        var text = FixedPoint.format(x, digits: digits)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `rate` per second: `18.9`, `1.2k`.
    static func rate(_ perSecond: Double?) -> String {
        guard let r = perSecond, r.isFinite else { return "-" }
        if r >= 10_000 { return FixedPoint.format(r / 1000, digits: 1) + "k" }
        if r >= 100 { return String(Int(r.rounded())) }
        return FixedPoint.format(r, digits: 1)
    }

    /// Left-aligns (pads or cuts) `text` to `width` columns.
    static func left(_ text: String, _ width: Int) -> String {
        let n = text.count
        if n == width { return text }
        if n < width { return text + String(repeating: " ", count: width - n) }
        return width <= 0 ? "" : String(text.prefix(width - 1)) + "…"
    }

    /// Right-aligns `text` to `width` columns (cut from the left if too long).
    static func right(_ text: String, _ width: Int) -> String {
        let n = text.count
        if n >= width { return String(text.suffix(max(0, width))) }
        return String(repeating: " ", count: width - n) + text
    }
}
