/// A ``LatencyHistogram`` read out as Prometheus buckets: the histogram behind
/// `canarytop_request_duration_seconds`.
extension BucketCounts {
    /// The values of `histogram` in buckets at `bounds` (seconds, ascending, finite).
    ///
    /// Each HdrHistogram range goes to the first bucket whose bound is at or above the range's
    /// lower end: a value recorded exactly at a bound (`0.1` s) counts at or below it, as
    /// Prometheus's `le` says. A value within 0.1 % above a bound may count below it (the
    /// histogram cannot tell them apart); ranges are 1 µs wide below 2 ms.
    public init(_ histogram: LatencyHistogram, bounds: [Double]) {
        var counts = Array(repeating: 0, count: bounds.count + 1)
        var index = 0
        for range in histogram.buckets() {
            while index < bounds.count && bounds[index] < range.lowerBound { index += 1 }
            counts[index] += range.count
        }
        self.init(bounds: bounds, counts: counts)
    }

    /// The count at or below each bound, then the total for `+Inf`: what `_bucket{le}` carries.
    /// Never decreasing, and the last equals ``total``.
    public var cumulative: [Int] {
        var running = 0
        return counts.map { running += $0; return running }
    }
}

extension LatencyHistogram {
    /// Every value added up, in seconds, each taken at the middle of its HdrHistogram range:
    /// within 0.1 % of the exact sum (the histogram keeps no exact one). 0 when empty.
    public var approximateSum: Double {
        buckets().reduce(0) { $0 + Double($1.count) * ($1.lowerBound + $1.upperBound) / 2 }
    }
}
