/// Integer arithmetic behind every weight edit: hundredths in, hundredths out, exact sums.
enum WeightMath {
    /// Shares `total` out in proportion to `shares` (all ≥ 0) by the largest-remainder
    /// method; when every share is 0 it is shared evenly. Leftover hundredths go to the
    /// largest remainders, ties to the earlier split, so the result is deterministic and
    /// always sums to exactly `total`.
    static func apportion(_ total: Int, by shares: [Int]) -> [Int] {
        guard !shares.isEmpty else { return [] }
        let weights = shares.allSatisfy { $0 == 0 } ? Array(repeating: 1, count: shares.count) : shares
        let sum = weights.reduce(0, +)
        var result = weights.map { total * $0 / sum }
        let remainders = weights.map { total * $0 % sum }
        var leftover = total - result.reduce(0, +)
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order where leftover > 0 {
            result[index] += 1
            leftover -= 1
        }
        return result
    }

    /// `weights` with split `index` set to `value` and the rest of 10000 shared among the
    /// other splits in proportion to their current weights (evenly if those are all 0).
    /// The caller guarantees `value` in 0…10000, the others in 0…10000, and ≥ 2 splits.
    static func setting(_ index: Int, to value: Int, in weights: [Int]) -> [Int] {
        let others = weights.indices.filter { $0 != index }
        let shares = apportion(10_000 - value, by: others.map { weights[$0] })
        var result = weights
        result[index] = value
        for (position, other) in others.enumerated() { result[other] = shares[position] }
        return result
    }

    /// Everything to split `index`, every other split 0.
    static func allTo(_ index: Int, count: Int) -> [Int] {
        (0..<count).map { $0 == index ? 10_000 : 0 }
    }
}
