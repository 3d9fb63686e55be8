/// How Go's strconv and time packages read scalars from text — what Consul accepts where
/// it converts a string weakly: integers (`ParseInt(s, 0, 64)`: `0x8d53`, `0o17`, `017`,
/// `1_000`), booleans (`ParseBool`) and durations (`time.ParseDuration`: `15s`, `1h30m`).
public enum GoScalarText {
    public enum IntegerProblem: Error, Sendable { case syntax, range }

    /// `strconv.ParseInt(text, 0, 64)`.
    public static func parseInt(_ text: [UInt8]) -> Result<Int, IntegerProblem> {
        var digits = text[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard underscoresAllowed(digits) else { return .failure(.syntax) }
        var base: UInt64 = 10
        if digits.first == UInt8(ascii: "0"), digits.count > 1 {
            switch digits[digits.startIndex + 1] | 0x20 {
            case UInt8(ascii: "x"): base = 16; digits = digits.dropFirst(2)
            case UInt8(ascii: "b"): base = 2; digits = digits.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; digits = digits.dropFirst(2)
            default: base = 8; digits = digits.dropFirst()
            }
        }
        var value: UInt64 = 0
        var sawDigit = false
        for c in digits where c != UInt8(ascii: "_") {
            guard let d = Character(Unicode.Scalar(c)).hexDigitValue, UInt64(d) < base else { return .failure(.syntax) }
            let (times, o1) = value.multipliedReportingOverflow(by: base)
            let (plus, o2) = times.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return .failure(.range) }
            value = plus
            sawDigit = true
        }
        guard sawDigit else { return .failure(.syntax) }
        let limit = negative ? UInt64(Int.max) + 1 : UInt64(Int.max)
        guard value <= limit else { return .failure(.range) }
        if negative { return .success(value == limit ? Int.min : -Int(value)) }
        return .success(Int(value))
    }

    /// `strconv.ParseBool`.
    public static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// Whether `time.ParseDuration` accepts `text`: `[-+]?([0-9]*(\.[0-9]*)?unit)+` or `0`,
    /// units `ns us µs μs ms s m h`, within ±2⁶³ ns.
    public static func isDuration(_ text: String) -> Bool {
        var s = Substring(text)
        if let sign = s.first, sign == "+" || sign == "-" { s = s.dropFirst() }
        if s == "0" { return true }
        guard !s.isEmpty else { return false }
        let nanoseconds: [Substring: Double] = ["ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 6e10, "h": 3.6e12]
        var total = 0.0
        while !s.isEmpty {
            let whole = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(whole.count)
            var fraction: Substring = ""
            if s.first == "." {
                s = s.dropFirst()
                fraction = s.prefix { $0.isASCII && $0.isNumber }
                s = s.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return false }
            let unit = s.prefix { $0 != "." && !($0.isASCII && $0.isNumber) }
            s = s.dropFirst(unit.count)
            guard let scale = nanoseconds[unit], let number = Double(whole.isEmpty ? "0.\(fraction)" : "\(whole).\(fraction)0") else {
                return false
            }
            total += number * scale
            guard total <= 9.223372036854775807e18 else { return false }
        }
        return true
    }

    /// Go's rule for `_` in a number: only between digits, or after a base prefix.
    private static func underscoresAllowed(_ digits: ArraySlice<UInt8>) -> Bool {
        var saw: UInt8 = UInt8(ascii: "^")
        var i = digits.startIndex
        var hex = false
        if digits.count >= 2, digits[i] == UInt8(ascii: "0"),
           [UInt8(ascii: "b"), UInt8(ascii: "o"), UInt8(ascii: "x")].contains(digits[i + 1] | 0x20) {
            hex = digits[i + 1] | 0x20 == UInt8(ascii: "x")
            saw = UInt8(ascii: "0")
            i += 2
        }
        while i < digits.endIndex {
            let c = digits[i]
            i += 1
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
            let isHexLetter = hex && (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c | 0x20)
            if isDigit || isHexLetter {
                saw = UInt8(ascii: "0")
            } else if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = c
            } else {
                if saw == UInt8(ascii: "_") { return false }
                saw = UInt8(ascii: "!")
            }
        }
        return saw != UInt8(ascii: "_")
    }
}
