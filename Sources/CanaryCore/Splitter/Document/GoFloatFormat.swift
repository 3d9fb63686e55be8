/// Formats a `float32` the way Go's `%f` does, so Consul's sum message matches exactly.
enum GoFloatFormat {
    /// Go's `fmt.Sprintf("%f", float32(x))`: the exact binary value rounded half-to-even
    /// to six decimals. `Float(9999) / 100` gives `99.989998`, as Consul prints it.
    static func fixed6(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let magnitude = value.magnitude
        let significand = UInt64(magnitude.significandBitPattern) | (magnitude.isNormal ? 1 << 23 : 0)
        let exponent = magnitude.isNormal ? Int(magnitude.exponent) - 23 : -149
        let million: UInt64 = 1_000_000
        var scaled: UInt64
        if exponent >= 0 {
            guard exponent < 40, significand << UInt64(exponent) <= UInt64.max / million else {
                return "\(value < 0 ? "-" : "")\(Double(magnitude))"  // far beyond any real sum
            }
            scaled = (significand << UInt64(exponent)) * million
        } else {
            let shift = -exponent
            let numerator = significand * million  // < 2^44
            if shift >= 63 {
                scaled = 0
            } else {
                scaled = numerator >> UInt64(shift)
                let remainder = numerator & ((1 << UInt64(shift)) - 1)
                let half: UInt64 = 1 << UInt64(shift - 1)
                if remainder > half || (remainder == half && scaled % 2 == 1) { scaled += 1 }
            }
        }
        let whole = scaled / million
        let fraction = String(scaled % million)
        let sign = value.sign == .minus && scaled != 0 ? "-" : ""
        return "\(sign)\(whole).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}
