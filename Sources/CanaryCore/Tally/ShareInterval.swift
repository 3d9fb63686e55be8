/// The share of requests one subset served, with a Wilson score confidence interval.
///
/// With `successes` of `trials` requests served by the subset, the interval holds the true
/// share with the chosen confidence (95 % by default). The Wilson interval stays inside
/// [0, 1] and behaves at 0 and n, unlike the plain `p ± z·√(p(1−p)/n)`:
///
/// ```
/// 12 of 100   → 0.0700 … 0.1981
/// 0 of 10     → 0      … 0.2775
/// 0 of 0      → 0      … 1       (nothing observed: anything is possible)
/// ```
public struct ShareInterval: Sendable, Hashable {
    /// The normal quantile for 95 % two-sided confidence, Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054

    /// Requests the subset served.
    public var successes: Int
    /// Attributed requests in all.
    public var trials: Int
    /// The normal quantile the interval was computed with.
    public var z: Double
    /// The lower end of the interval, a share in [0, 1].
    public var lower: Double
    /// The upper end of the interval, a share in [0, 1].
    public var upper: Double

    /// The interval for `successes` of `trials` at quantile `z` (default ``z95``).
    public init(successes: Int, of trials: Int, z: Double = ShareInterval.z95) {
        precondition(trials >= 0 && (0...max(trials, 0)).contains(successes), "need 0 ≤ successes ≤ trials")
        precondition(z.isFinite && z >= 0, "z must be a finite, non-negative quantile")
        self.successes = successes
        self.trials = trials
        self.z = z
        guard trials > 0 else {
            lower = 0
            upper = 1
            return
        }
        let n = Double(trials)
        let p = Double(successes) / n
        let zz = z * z
        let denominator = 1 + zz / n
        let centre = (p + zz / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + zz / (4 * n * n)).squareRoot() / denominator
        lower = successes == 0 ? 0 : Swift.max(0, centre - half)
        upper = successes == trials ? 1 : Swift.min(1, centre + half)
    }

    /// The interval for `successes` of `trials` at two-sided `confidence` (`0.99`).
    public init(successes: Int, of trials: Int, confidence: Double) {
        self.init(successes: successes, of: trials, z: Self.z(confidence: confidence))
    }

    /// The observed share `successes / trials`; `nil` when nothing was observed.
    public var observed: Double? {
        trials > 0 ? Double(successes) / Double(trials) : nil
    }

    /// Whether `share` (in [0, 1]) lies inside the interval, ends included.
    public func contains(share: Double) -> Bool {
        lower <= share && share <= upper
    }

    /// Whether a configured weight in percent (`50` for half) lies inside the interval.
    public func contains(weightPercent: Double) -> Bool {
        contains(share: weightPercent / 100)
    }

    /// Whether the traffic observed disagrees with a configured weight in percent: the weight
    /// lies outside the interval. Never true before anything was observed.
    public func drifts(fromWeightPercent weightPercent: Double) -> Bool {
        !contains(weightPercent: weightPercent)
    }

    /// Whether the weight disagrees with the traffic observed whichever way `unseen` requests
    /// (sent, no reply yet) turn out: none of them this subset's, or all of them.
    ///
    /// Early in an epoch a slow subset's replies are still in flight, so its observed share
    /// lags its weight; that alone is not drift.
    public func drifts(fromWeightPercent weightPercent: Double, unseen: Int) -> Bool {
        guard unseen > 0 else { return drifts(fromWeightPercent: weightPercent) }
        let share = weightPercent / 100
        let noneOfThem = ShareInterval(successes: successes, of: trials + unseen, z: z)
        let allOfThem = ShareInterval(successes: successes + unseen, of: trials + unseen, z: z)
        return share < noneOfThem.lower || share > allOfThem.upper
    }

    /// The normal quantile `z` with two-sided `confidence` between it and `-z`: Φ⁻¹((1 + c) / 2)
    /// (`0.95` → 1.959963984540054), taken from the lower tail to keep its precision.
    public static func z(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must lie strictly between 0 and 1")
        return -NormalDistribution.quantile((1 - confidence) / 2)
    }
}
