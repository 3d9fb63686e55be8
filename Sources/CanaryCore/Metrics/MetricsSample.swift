/// What `/metrics` shows at one moment, as plain values.
///
/// Made from one ``TallySnapshot/View`` of the whole run — the same value the `--json` summary
/// prints — with the epoch, the weights in force and the latest verdicts, so a scrape and a
/// summary taken from one snapshot agree on every count. Counters are cumulative over the run
/// (every epoch added together), never reset by a weight change: an epoch is a gauge.
///
/// Rows are the subsets (in the snapshot's order), then `(other)` when the row limit was
/// reached, then `(unattributed)`: replies no subset claimed (Envoy's own `503`, a body that is
/// not a trace). Probes that got no reply at all have no status and no subset: they count only
/// in ``faults``. Names come from configuration and from Consul: they are cleaned of control
/// characters (as the summary's are) before they become label values.
public struct MetricsSample: Sendable, Equatable {
    /// A reply's status class: the `code_class` label.
    public enum CodeClass: String, Sendable, CaseIterable {
        /// Every status below 300 (the probe sees no 1xx final replies).
        case success = "2xx"
        case redirect = "3xx"
        case clientError = "4xx"
        case serverError = "5xx"
    }

    /// One row of replies: its counts by status class and its latency histogram.
    public struct Row: Sendable, Equatable {
        /// The subset's name, `(other)` or `(unattributed)`.
        public var subset: String
        /// Replies per ``CodeClass``, in the order of `CodeClass.allCases`.
        public var replies: [Int]
        /// The latency buckets (seconds), per bucket, `+Inf` last.
        public var buckets: BucketCounts
        /// The latencies added up, in seconds (see ``LatencyHistogram/approximateSum``).
        public var sum: Double

        public init(subset: String, replies: [Int], buckets: BucketCounts, sum: Double) {
            self.subset = subset
            self.replies = replies
            self.buckets = buckets
            self.sum = sum
        }

        /// Replies counted: the histogram's `_count`.
        public var count: Int { replies.reduce(0, +) }
    }

    /// A subset's configured weight as a fraction of the traffic (`0.1` for 10 %).
    public struct Weight: Sendable, Equatable {
        public var subset: String
        public var ratio: Double

        public init(subset: String, ratio: Double) {
            self.subset = subset
            self.ratio = ratio
        }
    }

    /// A canary's latest verdict.
    public struct Verdict: Sendable, Equatable {
        public var subset: String
        public var outcome: CanaryVerdict.Outcome

        public init(subset: String, outcome: CanaryVerdict.Outcome) {
            self.subset = subset
            self.outcome = outcome
        }

        /// The gauge's value: 0 PASS, 1 INCONCLUSIVE, 2 FAIL.
        public var value: Int {
            switch outcome {
            case .pass: 0
            case .inconclusive: 1
            case .fail: 2
            }
        }
    }

    /// One subset as the mesh counted it (`--envoy-admin`, `--prometheus`): the sidecars' final
    /// responses by status class and their timeouts, over the whole run. Its own families, so
    /// the probe's and the mesh's counts are never added together.
    public struct MeshRow: Sendable, Equatable {
        /// The subset's name (`(default)` for no subset).
        public var subset: String
        /// Responses per class 1xx…5xx, in that order.
        public var responses: [Int]
        /// Requests Envoy timed out (no response, so in no class).
        public var timeouts: Int

        public init(subset: String, responses: [Int], timeouts: Int) {
            self.subset = subset
            self.responses = responses
            self.timeouts = timeouts
        }

        /// `tally` (a run total) as a row, its name cleaned for a label value.
        public init(_ tally: PassiveSubsetTally) {
            self.init(
                subset: TerminalSafe.clean(PassiveSnapshot.name(of: tally)), responses: (1...5).map { tally.byClass[$0, default: 0] },
                timeouts: tally.timeouts)
        }
    }

    /// The service whose subsets these are (the splitter's or resolver's name); `""` when unknown.
    public var service: String
    public var rows: [Row]
    /// Probes that got no reply, per ``ProbeFault``, in the order of `ProbeFault.allCases`.
    public var faults: [Int]
    /// The weights in force; empty when no splitter is followed.
    public var weights: [Weight]
    /// The canaries' latest verdicts; empty before the first is judged.
    public var verdicts: [Verdict]
    /// The current epoch: 1 at the start, plus one for every weight change.
    public var epoch: Int
    /// The mesh's counts per subset, by name; empty without a passive source.
    public var mesh: [MeshRow] = []

    public init(service: String, rows: [Row], faults: [Int], weights: [Weight], verdicts: [Verdict], epoch: Int) {
        self.service = service
        self.rows = rows
        self.faults = faults
        self.weights = weights
        self.verdicts = verdicts
        self.epoch = epoch
    }

    /// The sample of `run` (the whole run's view), with buckets at `bounds` (seconds, ascending).
    public init(
        run: TallySnapshot.View, epoch: Int, service: String, weights: [Weight], verdicts: [CanaryVerdict],
        bounds: [Double] = MetricsSample.bounds(slo: nil)
    ) {
        let rows = run.subsets + [run.otherSubsets, run.unattributed].compactMap { $0 }
        self.init(
            service: TerminalSafe.clean(service),
            rows: rows.map { row in
                let below300 = row.requests - row.http3xx - row.http4xx - row.http5xx
                return Row(
                    subset: TerminalSafe.clean(row.name), replies: [below300, row.http3xx, row.http4xx, row.http5xx],
                    buckets: BucketCounts(row.histogram, bounds: bounds), sum: row.histogram.approximateSum)
            },
            faults: ProbeFault.allCases.map { run.probeFaults.byFault[$0.rawValue] ?? 0 },
            weights: weights.map { Weight(subset: TerminalSafe.clean($0.subset), ratio: $0.ratio) },
            verdicts: verdicts.map { Verdict(subset: TerminalSafe.clean($0.canary), outcome: $0.outcome) },
            epoch: epoch)
    }

    /// The histogram's bounds in seconds: fine around the usual SLOs (5 ms to 2.5 s), coarse
    /// beyond, with the `--slo` itself added when it is not one of them, so "slower than the
    /// SLO" is one bucket series exactly.
    public static func bounds(slo: Double?) -> [Double] {
        var bounds: [Double] = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75,
            1, 1.5, 2, 2.5, 5, 10, 30, 60,
        ]
        if let slo, slo.isFinite, slo > 0, !bounds.contains(slo) {
            bounds.append(slo)
            bounds.sort()
        }
        return bounds
    }
}
