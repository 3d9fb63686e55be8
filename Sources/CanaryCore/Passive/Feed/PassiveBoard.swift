/// The passive side's state, fed by reads of sidecars or Prometheus and read as per-subset
/// tallies: the one value the integration holds.
///
/// Each read is one complete answer of one source (an Envoy replica's `/stats/prometheus`, or
/// one target's share of a Prometheus vector). Only the series that count are kept — Envoy
/// cluster stats of the filter's service with a subset to tell — so memory follows the
/// subsets, not the size of the answer. The uptime (`envoy_server_uptime`) is taken from the
/// same read, to tell restarts.
public struct PassiveBoard: Sendable {
    public var filter: PassiveSeriesFilter
    /// The histogram's `le` units per second (Envoy: milliseconds, 1000).
    public var latencyUnitsPerSecond: Double
    public private(set) var engine: DeltaEngine
    /// The latest gauge values of each source, replaced at each of its reads.
    private var gauges: [String: [SeriesKey: Double]] = [:]
    /// Samples of the latest reads that were not counted (other metrics, services, subsets).
    public private(set) var ignoredSamples = 0

    public init(filter: PassiveSeriesFilter, engine: DeltaEngine = DeltaEngine(), latencyUnitsPerSecond: Double = 1000) {
        self.filter = filter
        self.engine = engine
        self.latencyUnitsPerSecond = latencyUnitsPerSecond
    }

    /// Whether a sample is one the board counts (cheap enough for ``PromTextParser``'s `keep`).
    public func counts(_ sample: PromSample) -> Bool {
        sample.name == EnvoyStat.uptimeMetric
            || (EnvoyStat.classify(name: sample.name, labels: sample.labels) != nil && filter.subset(of: sample.labels) != nil)
    }

    /// Reads everything `source` has now, at `time`.
    @discardableResult
    public mutating func read(source: String, at time: Double, samples: [PromSample]) -> DeltaEngine.Step {
        var counters: [PromSample] = []
        var latestGauges: [SeriesKey: Double] = [:]
        var uptime: Double?
        var ignored = 0
        for sample in samples {
            if sample.name == EnvoyStat.uptimeMetric {
                if sample.value.isFinite { uptime = sample.value }
                continue
            }
            guard let stat = EnvoyStat.classify(name: sample.name, labels: sample.labels), filter.subset(of: sample.labels) != nil
            else { ignored += 1; continue }
            if stat.isGauge {
                latestGauges[SeriesKey(source: source, name: sample.name, labels: sample.labels)] = sample.value
            } else {
                counters.append(sample)
            }
        }
        ignoredSamples = ignored
        gauges[source] = latestGauges
        return engine.ingest(source: source, at: time, counters: counters, uptime: uptime)
    }

    /// Starts a new epoch at `time` (a weight change).
    public mutating func startEpoch(at time: Double) {
        engine.startEpoch(at: time)
    }

    /// Forgets a source's gauges (it is gone: its requests in flight are no longer known).
    public mutating func forgetGauges(of source: String) {
        gauges[source] = nil
    }

    /// The current epoch's tallies per subset.
    public var epochTallies: PassiveTallyBuilder.Result {
        let allGauges = gauges.values.reduce(into: [SeriesKey: Double]()) { $0.merge($1) { a, _ in a } }
        return PassiveTallyBuilder.build(
            increases: engine.epochIncreases, gauges: allGauges, filter: filter, unitsPerSecond: latencyUnitsPerSecond)
    }
}
