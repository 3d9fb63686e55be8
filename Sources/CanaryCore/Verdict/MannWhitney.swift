/// The Mann-Whitney U test with tie correction (normal approximation, continuity-corrected):
/// is the canary's latency shifted above the stable's?
///
/// Takes values with counts, so latency histogram buckets can be passed directly — every value
/// in a bucket is a tie. Matches scipy's `mannwhitneyu(canary, stable, alternative="greater",
/// method="asymptotic", use_continuity=True)`.
public struct MannWhitney: Sendable, Equatable {
    /// U for the canary: how often a canary value exceeds a stable one (ties count ½).
    public let u: Double
    /// One-sided p-value that the canary is slower.
    public let canarySlower: Double

    /// `stable` and `canary` as (value, count) pairs; counts of 0 are ignored.
    public init(stable: [(value: Double, count: Int)], canary: [(value: Double, count: Int)]) {
        let n1 = canary.reduce(0) { $0 + max(0, $1.count) }
        let n2 = stable.reduce(0) { $0 + max(0, $1.count) }
        guard n1 > 0, n2 > 0 else {
            u = 0
            canarySlower = 1
            return
        }
        // Rank the pooled values: each distinct value takes the mean rank of its run.
        var pooled: [Double: (canary: Int, stable: Int)] = [:]
        for (v, c) in canary where c > 0 { pooled[v, default: (0, 0)].canary += c }
        for (v, c) in stable where c > 0 { pooled[v, default: (0, 0)].stable += c }
        var next = 1.0
        var canaryRankSum = 0.0
        var tieTerm = 0.0
        for value in pooled.keys.sorted() {
            let (c, s) = pooled[value]!
            let t = Double(c + s)
            let meanRank = next + (t - 1) / 2
            canaryRankSum += meanRank * Double(c)
            tieTerm += t * t * t - t
            next += t
        }
        let a = Double(n1), b = Double(n2), n = a + b
        let u1 = canaryRankSum - a * (a + 1) / 2
        let mean = a * b / 2
        let variance = a * b / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        u = u1
        guard variance > 0 else {
            canarySlower = 1
            return
        }
        let z = (u1 - mean - 0.5) / variance.squareRoot()
        canarySlower = NormalDistribution.upperTail(z)
    }
}
