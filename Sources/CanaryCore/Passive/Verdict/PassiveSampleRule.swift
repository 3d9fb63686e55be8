/// How much passive data a verdict needs before it may say anything, and how much more is
/// missing.
///
/// - **Requests: 100 per side** (``minimumRequests``, the probe's
///   ``VerdictJudge/minimumForLatency``). A p99 of fewer than 100 values is their maximum; with
///   buckets it is also the top of a bucket that one slow request can fill. The 5xx check
///   keeps its own power-based size and its three-bad-requests rule on top of this.
/// - **Timed requests: 100 per side** for the latency checks. Envoy times only completed
///   requests (timeouts and resets are never timed), and histograms reach the admin view only
///   at a stats flush, so the timed count lags the request count.
/// - **Time: one full stats flush** (``flushInterval``, Envoy's default 5 s) since the epoch
///   started, so the histograms read at the epoch's end include a flush of this epoch.
///
/// Until all three hold, every passive check is INCONCLUSIVE with the shortfall.
public struct PassiveSampleRule: Sendable, Equatable {
    public var minimumRequests: Int
    public var minimumTimed: Int
    /// Seconds between Envoy stats flushes (`stats_flush_interval`).
    public var flushInterval: Double

    public init(minimumRequests: Int = VerdictJudge.minimumForLatency, minimumTimed: Int = VerdictJudge.minimumForLatency,
                flushInterval: Double = 5) {
        self.minimumRequests = minimumRequests
        self.minimumTimed = minimumTimed
        self.flushInterval = flushInterval
    }

    /// What is still missing; `nil` when a verdict may be given.
    public struct Shortfall: Sendable, Equatable {
        /// Further canary requests needed (the larger of the request and timed shortfalls).
        public var canaryRequests: Int
        /// Further stable requests needed.
        public var stableRequests: Int
        /// Further seconds of epoch needed.
        public var seconds: Double
    }

    /// The shortfall of `stable` against `canary` after `epochSeconds` of epoch.
    public func shortfall(stable: PassiveSubsetTally, canary: PassiveSubsetTally, epochSeconds: Double) -> Shortfall? {
        func missing(_ tally: PassiveSubsetTally) -> Int {
            max(0, minimumRequests - tally.requests, minimumTimed - tally.latency.total)
        }
        let result = Shortfall(
            canaryRequests: missing(canary), stableRequests: missing(stable), seconds: max(0, flushInterval - epochSeconds))
        return result.canaryRequests == 0 && result.stableRequests == 0 && result.seconds == 0 ? nil : result
    }
}
