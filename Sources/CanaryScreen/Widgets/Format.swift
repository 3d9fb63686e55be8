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
