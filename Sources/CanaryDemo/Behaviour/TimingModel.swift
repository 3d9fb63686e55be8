/// fake-service's timing knobs: how long a request takes at least, upstream calls included.
///
/// Mirrors `TIMING_50_PERCENTILE`, `TIMING_90_PERCENTILE`, `TIMING_99_PERCENTILE` and
/// `TIMING_VARIANCE`: a uniform draw p in [0, 100) picks P50 (p < 90), P90 (p < 99) or P99,
/// and up to `variance` percent of that is added. The handler answers no sooner than the
/// sample after the request arrived.
public struct TimingModel: Sendable, Equatable {
    /// In seconds.
    public var p50: Double
    public var p90: Double
    public var p99: Double
    /// Percent, 0 … 100 and more.
    public var variance: Double

    public init(p50: Double, p90: Double, p99: Double, variance: Double = 0) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.variance = variance
    }

    /// No added latency at all.
    public static let instant = TimingModel(p50: 0, p90: 0, p99: 0)

    /// One draw, in seconds.
    public func sample(using rng: inout some RandomNumberGenerator) -> Double {
        let p = Double.random(in: 0..<100, using: &rng)
        let base = p < 90 ? p50 : p < 99 ? p90 : p99
        guard variance > 0, base > 0 else { return base }
        return base * (1 + Double.random(in: 0..<1, using: &rng) * variance / 100)
    }

    /// Every knob multiplied by `factor` (variance unchanged); 0 turns latency off.
    public func scaled(by factor: Double) -> TimingModel {
        TimingModel(p50: p50 * factor, p90: p90 * factor, p99: p99 * factor, variance: variance)
    }
}
