/// A split weight in hundredths of a percent: 10000 is 100 %, 3334 is 33.34 %.
///
/// Consul itself reduces every weight to hundredths before checking the sum, so integer
/// hundredths are exact for everything canarytop reads, computes and writes.
public struct Weight: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hundredths: Int

    public init(hundredths: Int) {
        self.hundredths = hundredths
    }

    /// A whole percentage: `Weight(percent: 50)` is 50 %.
    public init(percent: Int) {
        hundredths = percent * 100
    }

    public static let zero = Weight(hundredths: 0)
    /// 100 %, which is also what all splits must add up to.
    public static let full = Weight(hundredths: 10_000)

    /// Parses a percentage typed by a person: `33.34`, `12.5`, `100`, `-5`, `+10`, `7%`.
    ///
    /// Exact decimal arithmetic, rounded half away from zero to hundredths (`33.335` →
    /// 33.34). Returns `nil` for anything else, including exponents and values beyond
    /// ±10,000,000 %.
    public init?(parsing text: String) {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "%") { bytes.removeLast() }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : []
        guard !(whole.isEmpty && fraction.isEmpty), whole.count <= 8,
              whole.allSatisfy(isDecimalDigit), fraction.allSatisfy(isDecimalDigit) else { return nil }
        var value = 0
        for digit in whole { value = value * 10 + Int(digit - UInt8(ascii: "0")) }
        let digits = Array(fraction)
        for index in 0..<2 {
            value = value * 10 + (index < digits.count ? Int(digits[index] - UInt8(ascii: "0")) : 0)
        }
        if digits.count > 2, digits[2] >= UInt8(ascii: "5") { value += 1 }
        hundredths = negative ? -value : value
    }

    /// The weight Consul computes for a decoded float: it stores `float32`, multiplies by
    /// 100 in `float32`, then rounds half away from zero (`99.999` → 100, `0.001` → 0,
    /// `33.335` → 33.34 because of the `float32` step). `nil` when not finite or absurd.
    public static func consulRounded(_ value: Double) -> Weight? {
        let scaled = Float(value) * 100
        guard scaled.isFinite, abs(scaled) <= 1e15 else { return nil }
        return Weight(hundredths: Int(Double(scaled).rounded(.toNearestOrAwayFromZero)))
    }

    /// The way canarytop writes a weight: `100`, `0`, `33.34`, `12.5`, `0.05`.
    public var description: String {
        let magnitude = hundredths.magnitude
        let sign = hundredths < 0 ? "-" : ""
        let whole = magnitude / 100, cents = magnitude % 100
        if cents == 0 { return "\(sign)\(whole)" }
        if cents % 10 == 0 { return "\(sign)\(whole).\(cents / 10)" }
        return "\(sign)\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// True for 0 … 100 %.
    public var isInPercentRange: Bool { (0...10_000).contains(hundredths) }

    public static func < (lhs: Weight, rhs: Weight) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Weight, rhs: Weight) -> Weight { Weight(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func - (lhs: Weight, rhs: Weight) -> Weight { Weight(hundredths: lhs.hundredths - rhs.hundredths) }
}

extension Sequence where Element == Weight {
    /// The sum of the weights.
    public func total() -> Weight { Weight(hundredths: reduce(0) { $0 + $1.hundredths }) }
}
