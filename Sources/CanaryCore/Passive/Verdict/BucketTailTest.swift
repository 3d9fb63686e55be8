/// Is the canary's tail heavier than the stable's at a bucket bound? Fisher's exact test on the
/// requests above the smallest bound at or above the stable's p99 limit.
///
/// With buckets only whole buckets can be counted, so the line is drawn at a bound: the
/// smallest one at or above the limit (the stable's p99 raised by the threshold). Every request
/// counted lies beyond the limit; those in the bucket that straddles it are not counted, on
/// either side, which makes the test conservative. When the limit is above the last finite
/// bound there is no bound to draw the line at, and the test cannot be run (``bound`` is `nil`).
/// The bound must be one both sides have; buckets from differently configured proxies are
/// compared at their common bounds only (never a crash on what the network sent).
public struct BucketTailTest: Sendable, Equatable {
    /// The latency limit asked for, in seconds.
    public var limit: Double
    /// The bound the counts are taken above; `nil` when the limit is beyond the last bound.
    public var bound: Double?
    public var stableAbove: Int
    public var stableTotal: Int
    public var canaryAbove: Int
    public var canaryTotal: Int
    /// One-sided p-value that the canary has more requests above the bound (1 when not run).
    public var pValue: Double

    public init(stable: BucketCounts, canary: BucketCounts, limit: Double) {
        self.limit = limit
        stableTotal = stable.total
        canaryTotal = canary.total
        let common = Set(canary.bounds)
        bound = stable.bounds.first { $0 >= limit && common.contains($0) }
        guard let bound else {
            stableAbove = 0
            canaryAbove = 0
            pValue = 1
            return
        }
        stableAbove = stable.count(above: bound)
        canaryAbove = canary.count(above: bound)
        pValue = stableTotal > 0 && canaryTotal > 0
            ? FisherExact(stableErrors: stableAbove, stableTotal: stableTotal, canaryErrors: canaryAbove, canaryTotal: canaryTotal)
                .canaryWorse
            : 1
    }
}
