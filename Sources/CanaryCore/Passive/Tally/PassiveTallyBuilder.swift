/// Turns per-series increases (from ``DeltaEngine``) and gauges into one tally per subset.
///
/// Each series is sorted to its subset by ``PassiveSeriesFilter`` (series of other services,
/// refused by the selector, or with no subset to tell, are left out and counted), its stat
/// read by ``EnvoyStat``, and its increase added to the subset's total — so a subset's numbers
/// are sums of series that were each differenced on their own.
public enum PassiveTallyBuilder {
    /// What the build produced.
    public struct Result: Sendable, Equatable {
        /// One tally per subset seen, `nil` (no subset) first, then by name.
        public var subsets: [PassiveSubsetTally]
        /// Series left out: another service, refused by the selector, or no subset to tell.
        public var ignoredSeries: Int

        /// The tally of `subset`, if it was seen.
        public func tally(_ subset: String?) -> PassiveSubsetTally? {
            subsets.first { $0.subset == subset }
        }
    }

    /// Tallies from `increases` (counters) and `gauges` (latest values), the latency
    /// histogram's `le` bounds counting `unitsPerSecond` to the second (Envoy: milliseconds,
    /// 1000). Bounds are divided, as ``BucketCounts/envoyDefault`` is, so `le="25"` gives
    /// exactly the same bound as Envoy's default 25 ms.
    public static func build(
        increases: [SeriesKey: Double], gauges: [SeriesKey: Double] = [:], filter: PassiveSeriesFilter,
        unitsPerSecond: Double = 1000
    ) -> Result {
        var tallies: [String?: PassiveSubsetTally] = [:]
        var cumulative: [String?: [Double: Double]] = [:]
        var classSeen: Set<String?> = []
        var ignored = 0
        func add(_ value: Double, _ field: inout Int) { field += Int(value.rounded()) }
        for (key, value) in increases.merging(gauges, uniquingKeysWith: { a, _ in a }) {
            guard let stat = EnvoyStat.classify(name: key.name, labels: key.labels),
                let identity = filter.subset(of: key.labels)
            else { ignored += 1; continue }
            let subset = identity.subset
            var tally = tallies[subset] ?? PassiveSubsetTally(subset: subset)
            switch stat {
            case .active:
                add(gauges[key] ?? 0, &tally.active)
            case .responses(let digit):
                classSeen.insert(subset)
                tally.byClass[digit, default: 0] += Int(value.rounded())
            case .completed:
                add(value, &tally.completed)
            case .sent: add(value, &tally.sent)
            case .timeouts: add(value, &tally.timeouts)
            case .connectFailures: add(value, &tally.connectFailures)
            case .resets: add(value, &tally.resets)
            case .pendingOverflows: add(value, &tally.pendingOverflows)
            case .retried(let digit): if digit == 5 { add(value, &tally.retried5xx) }
            case .latencyBucket(let le): cumulative[subset, default: [:]][le / unitsPerSecond, default: 0] += value
            case .latencySum: tally.latencySum += value / unitsPerSecond
            case .latencyCount: break
            }
            tallies[subset] = tally
        }
        for (subset, var tally) in tallies {
            tally.requests = classSeen.contains(subset) ? tally.byClass.values.reduce(0, +) : tally.completed
            if let buckets = cumulative[subset] {
                let built = BucketCounts.fromCumulative(buckets)
                tally.latency = built.buckets
                tally.clampedBuckets = built.clamped
            }
            tallies[subset] = tally
        }
        // No subset sorts as "", before every name.
        let ordered = tallies.values.sorted { ($0.subset ?? "") < ($1.subset ?? "") }
        return Result(subsets: ordered, ignoredSeries: ignored)
    }
}
