#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fisher's exact test on a 2×2 table of errors, right for rare events where normal
/// approximations misjudge (0 of 100 against 5 of 100).
///
/// The table is stable (`stableErrors` of `stableTotal`) against canary (`canaryErrors` of
/// `canaryTotal`). ``canaryWorse`` is the one-sided p-value that the canary's error rate is
/// higher (scipy's `fisher_exact([[s_err, s_ok], [c_err, c_ok]], alternative="less")`);
/// ``twoSided`` sums every table at most as likely as the one observed (scipy's default).
public struct FisherExact: Sendable, Equatable {
    public let stableErrors: Int
    public let stableTotal: Int
    public let canaryErrors: Int
    public let canaryTotal: Int

    public init(stableErrors: Int, stableTotal: Int, canaryErrors: Int, canaryTotal: Int) {
        precondition(stableErrors >= 0 && canaryErrors >= 0 && stableErrors <= stableTotal && canaryErrors <= canaryTotal,
                     "errors must lie within 0…total")
        self.stableErrors = stableErrors
        self.stableTotal = stableTotal
        self.canaryErrors = canaryErrors
        self.canaryTotal = canaryTotal
    }

    /// P(stable errors ≤ observed | the margins): small when the canary fails more.
    public var canaryWorse: Double {
        let (low, _) = support
        return min(1, (low...stableErrors).reduce(0) { $0 + probability($1) })
    }

    /// The two-sided p-value.
    public var twoSided: Double {
        let (low, high) = support
        let observed = probability(stableErrors)
        let tolerance = observed * (1 + 1e-7)
        return min(1, (low...high).reduce(0) { sum, k in
            let p = probability(k)
            return p <= tolerance ? sum + p : sum
        })
    }

    /// The canary's error rate minus the stable's, in 0…1 units.
    public var rateDifference: Double { rate(canaryErrors, canaryTotal) - rate(stableErrors, stableTotal) }

    /// The canary's error rate over the stable's (infinite when the stable has none and the canary some).
    public var rateRatio: Double {
        let s = rate(stableErrors, stableTotal), c = rate(canaryErrors, canaryTotal)
        if s == 0 { return c == 0 ? 1 : .infinity }
        return c / s
    }

    private func rate(_ k: Int, _ n: Int) -> Double { n == 0 ? 0 : Double(k) / Double(n) }

    private var errors: Int { stableErrors + canaryErrors }
    private var total: Int { stableTotal + canaryTotal }

    /// The stable-error counts possible with these margins.
    private var support: (Int, Int) {
        (max(0, errors - canaryTotal), min(errors, stableTotal))
    }

    /// Hypergeometric probability of `k` stable errors given the margins.
    private func probability(_ k: Int) -> Double {
        exp(Self.logChoose(stableTotal, k) + Self.logChoose(canaryTotal, errors - k) - Self.logChoose(total, errors))
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
