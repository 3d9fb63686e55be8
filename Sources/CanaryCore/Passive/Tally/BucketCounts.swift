/// A latency histogram of fixed buckets, as Envoy and Prometheus keep them: counts per bucket
/// `(previous bound, bound]`, the first from 0, the last above every finite bound (`+Inf`).
///
/// Bounds are in seconds (Envoy's are milliseconds: `0.025` for `le="25"`). Every value in a
/// bucket is a tie for a rank test; which value in it is not known.
public struct BucketCounts: Sendable, Equatable {
    /// The finite upper bounds, ascending.
    public let bounds: [Double]
    /// `bounds.count + 1` counts: one per finite bound, then the `+Inf` bucket.
    public private(set) var counts: [Int]

    /// Buckets with these `bounds` (ascending, finite) and `counts` (one more than the bounds;
    /// zeros when omitted).
    public init(bounds: [Double], counts: [Int]? = nil) {
        precondition(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 } && bounds.allSatisfy(\.isFinite),
                     "bucket bounds must be finite and ascending")
        precondition(counts == nil || counts!.count == bounds.count + 1, "one count per bound, plus +Inf")
        self.bounds = bounds
        self.counts = counts ?? Array(repeating: 0, count: bounds.count + 1)
    }

    /// Envoy's default buckets (milliseconds, as seconds), empty.
    public static var envoyDefault: BucketCounts {
        BucketCounts(bounds: EnvoyStat.defaultLatencyBoundsMilliseconds.map { $0 / 1000 })
    }

    /// Per-bucket counts from cumulative ones (`le` → count at or below it, `+Inf` included),
    /// as the `_bucket` series carry them after differencing. A bucket whose cumulative count
    /// is below the one before (replicas read at different flushes) counts 0; how many such
    /// values were clamped is returned. Without a `+Inf` entry nothing lies above the last bound.
    public static func fromCumulative(_ cumulative: [Double: Double]) -> (buckets: BucketCounts, clamped: Int) {
        let finite = cumulative.keys.filter(\.isFinite).sorted()
        var counts: [Int] = []
        var previous = 0.0
        var clamped = 0
        for bound in finite + [Double.infinity] {
            guard let total = bound.isFinite ? cumulative[bound] : (cumulative[bound] ?? previous) else { continue }
            let difference = total - previous
            if difference < 0 { clamped += Int((-difference).rounded()) }
            counts.append(Int(max(0, difference).rounded()))
            previous = max(previous, total)
        }
        return (BucketCounts(bounds: finite, counts: counts), clamped)
    }

    /// Values counted.
    public var total: Int { counts.reduce(0, +) }

    /// The lower bound of bucket `index` (0 for the first).
    public func lowerBound(_ index: Int) -> Double { index == 0 ? 0 : bounds[index - 1] }

    /// The upper bound of bucket `index` (`+Inf` for the last).
    public func upperBound(_ index: Int) -> Double { index < bounds.count ? bounds[index] : .infinity }

    /// Adds `other`'s counts; the bounds must be the same.
    public mutating func add(_ other: BucketCounts) {
        precondition(other.bounds == bounds, "only buckets with the same bounds add up")
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// Values above `bound`, which must be one of the bounds: the buckets past it.
    public func count(above bound: Double) -> Int {
        guard let index = bounds.firstIndex(of: bound) else {
            preconditionFailure("count(above:) takes one of the bounds")
        }
        return counts[(index + 1)...].reduce(0, +)
    }

    /// The smallest bound at or above `value`; `nil` when `value` is above every finite bound.
    public func smallestBound(atOrAbove value: Double) -> Double? {
        bounds.first { $0 >= value }
    }

    /// The counts as ties for ``MannWhitney``: each bucket at its upper bound (`+Inf` last),
    /// empty buckets left out. Only the order matters to a rank test, so any value inside
    /// each bucket gives the same result.
    public var tiePoints: [(value: Double, count: Int)] {
        counts.indices.compactMap { counts[$0] > 0 ? (upperBound($0), counts[$0]) : nil }
    }
}
