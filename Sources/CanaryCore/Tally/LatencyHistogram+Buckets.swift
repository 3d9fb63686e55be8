/// The histogram's counts laid out for drawing and for exact rank tests.
extension LatencyHistogram {
    /// A span of latencies and how many recorded values fall in it: one of HdrHistogram's
    /// equivalence ranges (``buckets()``: both bounds inclusive) or one bar of an equal-width
    /// histogram (``bins(count:upTo:)``: the upper bound exclusive, except for the last bar).
    ///
    /// Every ``LatencyHistogram`` shares one layout of equivalence ranges, so two values recorded
    /// anywhere fall in the same range exactly when the histograms cannot tell them apart: ranges
    /// of two histograms either coincide or do not overlap. A rank test can treat the values of
    /// one range as ties.
    public struct Bucket: Sendable, Hashable {
        /// Where the span starts, in seconds (for a range, a whole number of microseconds).
        public var lowerBound: Double
        /// Where the span ends, in seconds.
        public var upperBound: Double
        /// How many recorded values fall in the span.
        public var count: Int

        /// A span `lowerBound…upperBound` seconds holding `count` values.
        public init(lowerBound: Double, upperBound: Double, count: Int) {
            self.lowerBound = lowerBound
            self.upperBound = upperBound
            self.count = count
        }
    }

    /// Every range holding at least one value, in ascending order; the counts sum to ``count``.
    ///
    /// Ranges are one microsecond wide up to 2.048 ms and widen with the value, staying
    /// below 0.1 % of it: 5 s values share a range of 4.096 ms.
    public func buckets() -> [Bucket] {
        guard let storage, storage.totalCount > 0 else { return [] }
        // Only HdrHistogram's buckets that hold something are walked (``bucketTotals``): under a
        // fast blue and green's 5 s timeouts, 3 of 13 buckets, not 13 000 ranges.
        var result: [Bucket] = []
        for (bucket, total) in bucketTotals.enumerated() where total > 0 {
            var left = total
            for value in Self.rangeStarts(ofBucket: bucket) {
                let count = UInt64(storage.countForValue(value))
                guard count > 0 else { continue }
                let range = storage.equivalentRangeForValue(value)
                result.append(Bucket(
                    lowerBound: Self.seconds(range.lowerBound), upperBound: Self.seconds(range.upperBound), count: Int(count)))
                left -= count
                if left == 0 { break }
            }
        }
        return result
    }

    /// `count` equal-width bars from 0 to `limit` seconds (default: the largest value), for drawing.
    ///
    /// Each equivalence range goes to the bar holding its middle, so a value may land one bar
    /// off when it sits within 0.1 % of a bar's edge. Values above `limit` go to the last bar.
    /// The counts always sum to ``count``.
    public func bins(count binCount: Int, upTo limit: Double? = nil) -> [Bucket] {
        precondition(binCount > 0, "bins(count:) needs at least one bin")
        let top = Swift.max(limit ?? max ?? 0, 0)
        let width = top / Double(binCount)
        var bins = (0..<binCount).map { i in
            Bucket(lowerBound: Double(i) * width, upperBound: Double(i + 1) * width, count: 0)
        }
        bins[binCount - 1].upperBound = top
        for bucket in buckets() {
            let middle = (bucket.lowerBound + bucket.upperBound) / 2
            let index = width > 0 ? Int(Swift.min(middle / width, Double(binCount - 1))) : 0
            bins[index].count += bucket.count
        }
        return bins
    }
}
