import CanaryCore
import CanaryProbe
import CanaryStore
import Synchronization

/// What a scrape reads: the collector's tallies for the whole run (and the mesh's, with a
/// passive source), the weights in force, and
/// the verdicts and service name the reducer last published (the reducer's state belongs to
/// its loop; the loop hands the few values over after each turn).
///
/// A scrape takes the collector's lock once, as a frame of the dashboard does; everything else
/// is copied from values already made.
public final class WatchMetrics: Sendable {
    private let collector: TallyCollector
    private let clock: ProbeClock
    private let weights: @Sendable () -> ConfiguredWeights?
    private let bounds: [Double]
    private let published: Mutex<(verdicts: [CanaryVerdict], service: String)>
    /// The mesh's run totals by subset name, with a passive source (`nil` without one).
    private let mesh: (@Sendable () -> [String: PassiveSubsetTally])?

    init(
        collector: TallyCollector, clock: ProbeClock, service: String, bounds: [Double],
        weights: @escaping @Sendable () -> ConfiguredWeights?, mesh: (@Sendable () -> [String: PassiveSubsetTally])? = nil
    ) {
        self.collector = collector
        self.mesh = mesh
        self.clock = clock
        self.bounds = bounds
        self.weights = weights
        published = Mutex(([], service))
    }

    /// Takes the verdicts, and the service of the split, from the reducer's latest state.
    public func publish(_ state: DashboardState) {
        let verdicts = state.verdicts
        let service = state.split?.entry.name
        published.withLock { p in
            p.verdicts = verdicts
            if let service { p.service = service }
        }
    }

    /// The verdicts last published.
    var verdicts: [CanaryVerdict] { published.withLock { $0.verdicts } }

    /// The service name last published.
    var service: String { published.withLock { $0.service } }

    /// Everything counted so far, as a sample.
    public func sample() -> MetricsSample {
        let (verdicts, service) = published.withLock { ($0.verdicts, $0.service) }
        var sample = Self.sample(totals: collector.totals(at: clock.now()), weights: weights(), verdicts: verdicts, service: service, bounds: bounds)
        if let totals = mesh?() {
            sample.mesh = totals.keys.sorted().map { MetricsSample.MeshRow(totals[$0]!) }
        }
        return sample
    }

    /// The sample of one moment's figures: what a scrape and the `--json` summary both render.
    public static func sample(
        totals: TallyCollector.Totals, weights: ConfiguredWeights?, verdicts: [CanaryVerdict], service: String,
        bounds: [Double]
    ) -> MetricsSample {
        let ratios = weights.map { w in
            zip(w.names, w.weights).map { MetricsSample.Weight(subset: $0, ratio: Double($1.hundredths) / 10_000) }
        } ?? []
        return MetricsSample(
            run: totals.run, epoch: totals.live.epoch, service: service, weights: ratios, verdicts: verdicts, bounds: bounds)
    }
}
