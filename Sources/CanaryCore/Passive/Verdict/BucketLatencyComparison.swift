/// The two latency tests of the verdict, on bucketed (grouped) latencies: Mann-Whitney U with
/// every bucket a tie, and Fisher on the tail at a bucket bound.
///
/// ``MannWhitney`` takes (value, count) pairs and applies the tie correction, so a bucket is
/// passed as one value with its count: the result is the per-sample test on the same data
/// expanded, each request at its bucket (tested so). The limit is the stable's p99 point
/// estimate (``BucketQuantile``) raised by `maxP99Increase`.
public struct BucketLatencyComparison: Sendable, Equatable {
    public var stableP50: BucketQuantile?
    public var canaryP50: BucketQuantile?
    public var stableP99: BucketQuantile?
    public var canaryP99: BucketQuantile?
    /// U and the one-sided p-value that the canary is slower.
    public var mannWhitney: MannWhitney
    /// The tail test; `nil` without a stable p99 to draw the limit from.
    public var tail: BucketTailTest?

    public init(stable: BucketCounts, canary: BucketCounts, maxP99Increase: Double) {
        stableP50 = BucketQuantile(0.5, of: stable)
        canaryP50 = BucketQuantile(0.5, of: canary)
        stableP99 = BucketQuantile(0.99, of: stable)
        canaryP99 = BucketQuantile(0.99, of: canary)
        mannWhitney = MannWhitney(stable: stable.tiePoints, canary: canary.tiePoints)
        tail = stableP99.map { BucketTailTest(stable: stable, canary: canary, limit: $0.estimate * (1 + maxP99Increase)) }
    }
}
