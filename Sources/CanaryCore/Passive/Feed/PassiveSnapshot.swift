/// What the passive sources said at one moment, as plain data for the reducer, the screen and
/// JSON: the current epoch's per-subset tallies (each series differenced before summing), where
/// they came from, how old they are, and what went wrong reading them.
///
/// It rides in ``TallySnapshot/passive``. With the probe off the snapshot's two views are made
/// from it (``view(seconds:)``), so the table, the shares and the sparklines show mesh traffic;
/// verdicts come from ``PassiveVerdictJudge`` either way.
public struct PassiveSnapshot: Sendable, Equatable {
    /// What kind of source is read.
    public enum Kind: String, Sendable, Equatable {
        /// Envoy admin (`/stats/prometheus`), one URL per `web` replica.
        case envoy
        /// A Prometheus server's HTTP API.
        case prometheus
    }

    public var kind: Kind
    /// URLs read (Envoy replicas, or 1 for Prometheus).
    public var sourceCount: Int
    /// The current epoch's tallies, one per subset seen (no subset first, then by name).
    public var subsets: [PassiveSubsetTally]
    /// Seconds the epoch has covered (the denominator of req/s).
    public var epochSeconds: Double
    /// When the newest data read was taken, on the snapshot's timeline; `nil` before any.
    public var dataTime: Double?
    /// Successful reads so far.
    public var reads: Int
    /// Reads that failed (no answer, a status other than 200, a reply that does not decode).
    public var faults: Int
    /// The latest fault, cleaned for the terminal.
    public var lastFault: String?
    /// Lines of Envoy's text that did not read (counted, never fatal), over the run.
    public var problems: Int
    /// Counter resets and proxy restarts seen in this epoch.
    public var resets: Int
    public var restarts: Int
    /// Lines worth an event (baselines, restarts, resets, vanished replicas, faults), oldest
    /// first, with ``eventCount`` counting every line ever added, so a reader can tell new ones.
    public var events: [String]
    public var eventCount: Int
    /// When a verdict may be given.
    public var sampleRule: PassiveSampleRule

    public init(
        kind: Kind, sourceCount: Int, subsets: [PassiveSubsetTally], epochSeconds: Double, dataTime: Double?,
        reads: Int = 0, faults: Int = 0, lastFault: String? = nil, problems: Int = 0, resets: Int = 0, restarts: Int = 0,
        events: [String] = [], eventCount: Int = 0, sampleRule: PassiveSampleRule = PassiveSampleRule()
    ) {
        self.kind = kind
        self.sourceCount = sourceCount
        self.subsets = subsets
        self.epochSeconds = epochSeconds
        self.dataTime = dataTime
        self.reads = reads
        self.faults = faults
        self.lastFault = lastFault
        self.problems = problems
        self.resets = resets
        self.restarts = restarts
        self.events = events
        self.eventCount = eventCount
        self.sampleRule = sampleRule
    }

    /// `envoy`, `envoy ×2`, `prometheus`: the header's `source:`.
    public var label: String {
        switch kind {
        case .envoy: return sourceCount == 1 ? "envoy" : "envoy ×\(sourceCount)"
        case .prometheus: return "prometheus"
        }
    }

    /// Seconds since the newest data was read, at `now`; `nil` before any.
    public func age(at now: Double) -> Double? {
        dataTime.map { max(0, now - $0) }
    }

    /// The tally of subset `name` (`(default)` for no subset), if seen.
    public func tally(_ name: String) -> PassiveSubsetTally? {
        subsets.first { Self.name(of: $0) == name }
    }

    /// The row name of a tally: its subset, or `(default)` for the service's default target.
    public static func name(of tally: PassiveSubsetTally) -> String {
        tally.subset ?? "(default)"
    }

    /// The tallies as a probe-style view over `seconds`: requests, 5xx and 4xx, the share of all
    /// mesh requests with its interval, req/s, classes (`timeout`, `connect-fail`, `reset`,
    /// `retried-5xx`), and the bucket estimates of p50/p90/p99 (max: the top of the highest
    /// bucket used). Nothing is unattributed and there are no probe faults in mesh data.
    public func view(seconds: Double) -> TallySnapshot.View {
        let total = subsets.reduce(0) { $0 + $1.requests }
        let rows = subsets.map { tally -> TallySnapshot.Row in
            var classes: [String: Int] = [:]
            for (name, count) in [("timeout", tally.timeouts), ("connect-fail", tally.connectFailures),
                                  ("reset", tally.resets), ("retried-5xx", tally.retried5xx)] where count > 0 {
                classes[name] = count
            }
            return TallySnapshot.Row(
                name: Self.name(of: tally), requests: tally.requests, failed: tally.http5xx, http5xx: tally.http5xx,
                http4xx: tally.http4xx, classes: classes, latency: Self.summary(tally.latency),
                requestsPerSecond: seconds > 0 ? Double(tally.requests) / seconds : nil,
                share: ShareInterval(successes: tally.requests, of: total), recentErrors: [], firstSeen: nil, lastSeen: nil)
        }
        let empty = TallySnapshot.Row(
            name: "(unattributed)", requests: 0, failed: 0, http5xx: 0, http4xx: 0, classes: [:], latency: nil,
            requestsPerSecond: seconds > 0 ? 0 : nil, share: nil, recentErrors: [], firstSeen: nil, lastSeen: nil)
        let faults = TallySnapshot.FaultRow(
            count: 0, byFault: [:], latency: nil, perSecond: seconds > 0 ? 0 : nil, firstSeen: nil, lastSeen: nil)
        return TallySnapshot.View(
            seconds: seconds, subsets: rows, otherSubsets: nil, unattributed: empty, probeFaults: faults,
            attributedRequests: total, replies: total)
    }

    /// p50/p90/p99 as the buckets' point estimates; max as the top of the highest bucket used
    /// (its last finite bound when that is `+Inf`).
    static func summary(_ buckets: BucketCounts) -> TallySnapshot.LatencySummary? {
        guard let p50 = BucketQuantile(0.5, of: buckets), let p90 = BucketQuantile(0.9, of: buckets),
            let p99 = BucketQuantile(0.99, of: buckets),
            let top = buckets.counts.indices.last(where: { buckets.counts[$0] > 0 })
        else { return nil }
        let upper = buckets.upperBound(top)
        return TallySnapshot.LatencySummary(
            p50: p50.estimate, p90: p90.estimate, p99: p99.estimate, max: upper.isFinite ? upper : buckets.bounds.last ?? 0)
    }
}
