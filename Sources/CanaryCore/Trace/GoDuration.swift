/// Parses Go's `time.Duration` text (`"24.882855ms"`, `"1m2.3s"`, `"-1.5s"`) into a length of time.
///
/// Follows Go's `time.ParseDuration`: an optional sign, then one or more `<number><unit>`
/// parts, where a number is digits with an optional fraction (`"5"`, `"5."`, `".5"`) and a
/// unit is one of `ns`, `us`, `µs` (U+00B5), `μs` (U+03BC), `ms`, `s`, `m`, `h`. A lone `"0"`
/// (or `"+0"`, `"-0"`) needs no unit. Like Go, the total is counted in whole nanoseconds
/// (a fraction finer than one nanosecond is dropped) and a total that overflows 64 bits is
/// rejected. Works on the UTF-8 bytes directly and never allocates.
public enum GoDuration {
    /// `text` in seconds, or `nil` when it is not a Go duration.
    public static func seconds(_ text: some StringProtocol) -> Double? {
        nanoseconds(text).map { Double($0) / 1e9 }
    }

    /// The duration held in the UTF-8 `bytes`, in seconds, or `nil` when it is not a Go duration.
    public static func seconds(utf8 bytes: UnsafeRawBufferPointer) -> Double? {
        nanoseconds(utf8: bytes).map { Double($0) / 1e9 }
    }

    /// `text` in whole nanoseconds, or `nil` when it is not a Go duration or overflows.
    public static func nanoseconds(_ text: some StringProtocol) -> Int64? {
        if let fast = text.utf8.withContiguousStorageIfAvailable({ nanoseconds(utf8: UnsafeRawBufferPointer($0)) }) {
            return fast
        }
        return Array(text.utf8).withUnsafeBytes { nanoseconds(utf8: $0) }
    }

    /// The duration held in the UTF-8 `bytes`, in whole nanoseconds, or `nil`.
    public static func nanoseconds(utf8 bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        var i = 0
        var negative = false
        if n > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        if n - i == 1, bytes[i] == UInt8(ascii: "0") { return 0 }
        if i == n { return nil }

        var total: UInt64 = 0
        while i < n {
            // The whole part: Go rejects a whole part that overflows.
            var whole: UInt64 = 0
            let wholeStart = i
            while i < n, let digit = digitValue(bytes[i]) {
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(digit)
                if o1 || o2 { return nil }
                whole = sum
                i += 1
            }
            var hasDigits = i > wholeStart

            // The fraction: digits past what fits are consumed and ignored, as in Go.
            var fraction: UInt64 = 0
            var scale: Double = 1
            if i < n, bytes[i] == UInt8(ascii: ".") {
                i += 1
                let fractionStart = i
                var overflowed = false
                while i < n, let digit = digitValue(bytes[i]) {
                    if !overflowed {
                        if fraction > (UInt64(Int64.max) - 9) / 10 {
                            overflowed = true
                        } else {
                            fraction = fraction * 10 + digit
                            scale *= 10
                        }
                    }
                    i += 1
                }
                hasDigits = hasDigits || i > fractionStart
            }
            guard hasDigits else { return nil }

            // The unit: every byte up to the next digit or dot.
            let unitStart = i
            while i < n, bytes[i] != UInt8(ascii: "."), digitValue(bytes[i]) == nil { i += 1 }
            guard let unit = unitNanoseconds(bytes, unitStart, i) else { return nil }

            let (wholeNs, o1) = whole.multipliedReportingOverflow(by: unit)
            if o1 { return nil }
            var part = wholeNs
            if fraction > 0 {
                let extra = Double(fraction) * (Double(unit) / scale)
                guard extra < 9.3e18 else { return nil }
                let (sum, o2) = part.addingReportingOverflow(UInt64(extra))
                if o2 { return nil }
                part = sum
            }
            let (sum, o3) = total.addingReportingOverflow(part)
            if o3 { return nil }
            total = sum
        }

        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard total <= limit else { return nil }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        return Int64(total)
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> UInt64? {
        let d = byte &- UInt8(ascii: "0")
        return d < 10 ? UInt64(d) : nil
    }

    /// Nanoseconds in the unit spelled by `bytes[start..<end]`, or `nil` for an unknown unit.
    private static func unitNanoseconds(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt64? {
        let s = UInt8(ascii: "s")
        switch end - start {
        case 1:
            switch bytes[start] {
            case s: return 1_000_000_000
            case UInt8(ascii: "m"): return 60_000_000_000
            case UInt8(ascii: "h"): return 3_600_000_000_000
            default: return nil
            }
        case 2:
            guard bytes[start + 1] == s else { return nil }
            switch bytes[start] {
            case UInt8(ascii: "n"): return 1
            case UInt8(ascii: "u"): return 1_000
            case UInt8(ascii: "m"): return 1_000_000
            default: return nil
            }
        case 3:
            // µ is C2 B5 (micro sign), μ is CE BC (Greek small letter mu).
            guard bytes[start + 2] == s else { return nil }
            let a = bytes[start], b = bytes[start + 1]
            return (a == 0xC2 && b == 0xB5) || (a == 0xCE && b == 0xBC) ? 1_000 : nil
        default:
            return nil
        }
    }
}
