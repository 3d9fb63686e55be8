/// Sample values as the text format writes them, read the way Prometheus reads them (Go's
/// `strconv.ParseFloat`): decimals with an optional exponent, and `Inf`, `+Inf`, `-Inf`,
/// `Infinity`, `NaN` in any letter case. Hexadecimal floats, `_` separators and decimals beyond
/// a Double's range (`1e400`) are refused, as Go refuses them.
public enum PromFloat {
    /// The value of `text`, or `nil` when it is not a number.
    public static func parse(_ text: some StringProtocol) -> Double? {
        parse(bytes: text.utf8)
    }

    /// The value of the UTF-8 bytes `text`, or `nil` when they are not a number.
    static func parse<C: Collection<UInt8>>(bytes text: C) -> Double? {
        guard let first = text.first else { return nil }
        var body = text[...]
        var negative = false
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        guard let lead = body.first else { return nil }
        if lead | 0x20 == UInt8(ascii: "i") || lead | 0x20 == UInt8(ascii: "n") {
            let word = String(decoding: body, as: UTF8.self).lowercased()
            if word == "inf" || word == "infinity" { return negative ? -.infinity : .infinity }
            if word == "nan" { return .nan }
            return nil
        }
        // A decimal too large for a Double is out of range for Go too (`1e400`), not infinite.
        guard isDecimal(body), let magnitude = Double(String(decoding: body, as: UTF8.self)), magnitude.isFinite else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `digits [. digits] [e [sign] digits]` with at least one mantissa digit.
    private static func isDecimal<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var iterator = bytes.makeIterator()
        var next = iterator.next()
        var mantissaDigits = 0
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }
        while isDigit(next) { next = iterator.next(); mantissaDigits += 1 }
        if next == UInt8(ascii: ".") {
            next = iterator.next()
            while isDigit(next) { next = iterator.next(); mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            next = iterator.next()
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { next = iterator.next() }
            var exponentDigits = 0
            while isDigit(next) { next = iterator.next(); exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return next == nil
    }
}
