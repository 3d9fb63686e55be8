/// Reads a scanned JSON number as an exact integer, for fields such as `code`.
///
/// `500`, `500.0`, `5e2` and `-1` all qualify; `500.5`, `1e-3` do not, and neither does
/// anything of 10^18 or more in magnitude (`1e400`, `99999999999999999999999`): such a value
/// is absurd for a status code and reading it must not trap. Decides exactly, digit by
/// digit, without floating point, in time linear in the number's length.
enum JSONNumber {
    /// Values must stay below 10^18 in magnitude, which always fits an `Int64`.
    static let maxPower = 18

    /// The integer spelled by `bytes[range]` (a number already validated by the scanner),
    /// or `nil` when it has a fractional part or is too large.
    static func integer(_ bytes: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        if let plain = plainInteger(bytes, range) { return plain }
        var i = range.lowerBound
        let end = range.upperBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }

        let wholeStart = i
        while i < end, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        let wholeEnd = i
        var fractionStart = i
        var fractionEnd = i
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fractionStart = i
            while i < end, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            fractionEnd = i
        }
        // The exponent, saturated far beyond anything that could matter.
        var exponent = 0
        if i < end {
            i += 1  // e or E
            var exponentNegative = false
            if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            while i < end {
                exponent = min(exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0")), 1 << 40)
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        // Every non-zero digit must land on a power of ten in 0..<maxPower.
        var value: Int64 = 0
        let wholeCount = wholeEnd - wholeStart
        for k in 0..<wholeCount + (fractionEnd - fractionStart) {
            let offset = k < wholeCount ? wholeStart + k : fractionStart + (k - wholeCount)
            let digit = Int64(bytes[offset] &- UInt8(ascii: "0"))
            if digit == 0 { continue }
            let power = wholeCount - 1 - k + exponent
            guard power >= 0, power < maxPower else { return nil }
            value += digit * powersOfTen[power]
        }
        return Int(negative ? -value : value)
    }

    /// The common case, digits with an optional minus and nothing else (`200`, `-1`), read
    /// directly; `nil` when the number has a fraction or exponent, or 18 or more digits.
    @inline(__always)
    private static func plainInteger(_ bytes: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard range.upperBound - i < maxPower else { return nil }
        var value = 0
        while i < range.upperBound {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
            i += 1
        }
        return negative ? -value : value
    }

    private static let powersOfTen: [Int64] = {
        var powers: [Int64] = [1]
        for _ in 1..<maxPower { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}
