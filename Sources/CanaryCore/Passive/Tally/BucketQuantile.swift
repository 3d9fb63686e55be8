/// A percentile of bucketed latencies as what it really is: the bucket it lies in, with a
/// point estimate inside it — `p99 ≈ 37 ms [25–50]`.
///
/// The estimate follows Prometheus' `histogram_quantile`: rank `q × total`, the first bucket
/// whose cumulative count reaches it, linear interpolation inside that bucket, the first
/// bucket starting at 0. A quantile that falls in the `+Inf` bucket has no upper bound: the
/// estimate is the highest finite bound and ``isBeyondLastBound`` says so.
public struct BucketQuantile: Sendable, Equatable {
    /// The quantile, 0…1 (`0.99`).
    public var quantile: Double
    /// The point estimate in seconds.
    public var estimate: Double
    /// The bucket's lower bound in seconds.
    public var lower: Double
    /// The bucket's upper bound in seconds; `+Inf` beyond the last bound.
    public var upper: Double

    /// Whether the quantile lies above every finite bound (the estimate is then that bound).
    public var isBeyondLastBound: Bool { upper == .infinity }

    public init(quantile: Double, estimate: Double, lower: Double, upper: Double) {
        self.quantile = quantile
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }

    /// The `quantile` (0…1) of `buckets`; `nil` when they hold nothing.
    public init?(_ quantile: Double, of buckets: BucketCounts) {
        precondition(quantile >= 0 && quantile <= 1, "a quantile lies within 0…1")
        let total = buckets.total
        guard total > 0 else { return nil }
        let rank = quantile * Double(total)
        var below = 0
        var index = 0
        while index < buckets.counts.count - 1, Double(below + buckets.counts[index]) < rank {
            below += buckets.counts[index]
            index += 1
        }
        let lower = buckets.lowerBound(index), upper = buckets.upperBound(index)
        if upper == .infinity {
            // histogram_quantile returns the highest finite bound (0 when there is none).
            self.init(quantile: quantile, estimate: buckets.bounds.last ?? 0, lower: lower, upper: upper)
            return
        }
        let inBucket = Double(buckets.counts[index])
        let estimate = inBucket > 0 ? lower + (upper - lower) * (rank - Double(below)) / inBucket : upper
        self.init(quantile: quantile, estimate: estimate, lower: lower, upper: upper)
    }

    /// `p99 ≈ 37 ms [25–50]`; beyond the last bound `p99 > 3600000 ms [3600000–+Inf]`.
    public var label: String {
        "p" + Self.number(quantile * 100) + " " + value
    }

    /// ``label`` without the percentile's name, for a column that has it as its title:
    /// `≈ 37 ms [25–50]`, `> 3600000 ms [3600000–+Inf]`.
    public var value: String {
        let bracket = "[\(Self.number(lower * 1000))–\(isBeyondLastBound ? "+Inf" : Self.number(upper * 1000))]"
        if isBeyondLastBound { return "> \(Self.number(estimate * 1000)) ms \(bracket)" }
        let ms = estimate * 1000
        return "≈ \(FixedPoint.format(ms, digits: ms < 10 ? 1 : 0)) ms \(bracket)"
    }

    /// A bound or percentile as written plainly: `0.5`, `25`, `1800000`, `99.9`.
    public static func number(_ value: Double) -> String {
        var text = FixedPoint.format(value, digits: 3)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
