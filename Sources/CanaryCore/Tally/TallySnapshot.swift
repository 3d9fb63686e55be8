/// The table at one moment, as plain data for drawing and JSON: every row in two views.
///
/// All times and latencies are in **seconds** (`0.0243` for 24.3 ms); rates are per second.
/// Every view keeps its latency histograms, for drawing and rank tests.
public struct TallySnapshot: Sendable, Equatable {
    /// The time the snapshot was taken at, on the caller's timeline.
    public var time: Double
    /// The current epoch's number: 1 at the start, plus one for every weight change.
    public var epoch: Int
    /// When the current epoch started.
    public var epochStart: Double
    /// The rolling window's full length in seconds (`10`).
    public var windowLength: Double
    /// Everything since the current epoch started.
    public var sinceEpoch: View
    /// The last ``windowLength`` seconds.
    public var window: View
    /// What the mesh's own stats say (`--envoy-admin`, `--prometheus`); `nil` without a passive
    /// source. With the probe off, the two views above are built from it.
    public var passive: PassiveSnapshot?

    /// A snapshot from its parts; ``Tallies/snapshot(at:)`` builds the real ones.
    public init(
        time: Double, epoch: Int, epochStart: Double, windowLength: Double, sinceEpoch: View, window: View,
        passive: PassiveSnapshot? = nil
    ) {
        self.time = time
        self.epoch = epoch
        self.epochStart = epochStart
        self.windowLength = windowLength
        self.sinceEpoch = sinceEpoch
        self.window = window
        self.passive = passive
    }

    /// Every row over one span of time.
    public struct View: Sendable, Equatable {
        /// The seconds the view covers: since the epoch started, or the window's live part
        /// (less than its length during start-up). The denominator of every rate.
        public var seconds: Double
        /// One row per subset, known subsets first in the order given, then new names in the
        /// order they appeared. Subsets with no replies in this view are listed with zeros.
        public var subsets: [Row]
        /// Subsets beyond the row limit, counted together; `nil` until the limit was reached.
        public var otherSubsets: Row?
        /// Replies no subset claimed. Its share is `nil`: it is not part of the split.
        public var unattributed: Row
        /// Probes that got no reply at all.
        public var probeFaults: FaultRow
        /// Replies some subset claimed: the denominator of every share.
        public var attributedRequests: Int
        /// Every reply: attributed plus unattributed (probe faults are not replies).
        public var replies: Int

        /// A view from its parts, for tests of what draws it.
        public init(
            seconds: Double, subsets: [Row], otherSubsets: Row?, unattributed: Row, probeFaults: FaultRow,
            attributedRequests: Int, replies: Int
        ) {
            self.seconds = seconds
            self.subsets = subsets
            self.otherSubsets = otherSubsets
            self.unattributed = unattributed
            self.probeFaults = probeFaults
            self.attributedRequests = attributedRequests
            self.replies = replies
        }

        /// The row of subset `name`, if it has one.
        public func subset(_ name: String) -> Row? {
            subsets.first { $0.name == name }
        }
    }

    /// One row of replies: a subset, the other subsets, or the unattributed replies.
    public struct Row: Sendable, Equatable {
        /// The subset's name; `"(other)"` and `"(unattributed)"` for the two special rows.
        public var name: String
        /// Replies, each counted once.
        public var requests: Int
        /// Replies in at least one ``ReplyClass``.
        public var failed: Int
        /// Replies with a status of 500 or more.
        public var http5xx: Int
        /// Replies with a status from 400 to 499.
        public var http4xx: Int
        /// Replies with a status from 300 to 399.
        public var http3xx: Int
        /// Replies per ``ReplyClass/name`` (`"upstream-no-reply": 12`); a reply may count in several.
        public var classes: [String: Int]
        /// Latency percentiles in seconds; `nil` without replies.
        public var latency: LatencySummary?
        /// Replies per second over the view's ``View/seconds``; `nil` when it covers no time.
        public var requestsPerSecond: Double?
        /// This row's share of the attributed replies with a 95 % Wilson interval; `nil` on the
        /// unattributed row.
        public var share: ShareInterval?
        /// The last few distinct failing-hop error texts, unsanitised: clean before drawing.
        public var recentErrors: [RecentErrors.Entry]
        /// When the first reply in this view was recorded.
        public var firstSeen: Double?
        /// When the latest reply in this view was recorded.
        public var lastSeen: Double?
        /// Every latency of the view, for a latency histogram or a rank test.
        public var histogram: LatencyHistogram

        /// A row from its parts, for tests of what draws it.
        public init(
            name: String, requests: Int, failed: Int, http5xx: Int, http4xx: Int, classes: [String: Int],
            latency: LatencySummary?, requestsPerSecond: Double?, share: ShareInterval?,
            recentErrors: [RecentErrors.Entry], firstSeen: Double?, lastSeen: Double?,
            histogram: LatencyHistogram = LatencyHistogram(), http3xx: Int = 0
        ) {
            self.name = name
            self.requests = requests
            self.failed = failed
            self.http5xx = http5xx
            self.http4xx = http4xx
            self.http3xx = http3xx
            self.classes = classes
            self.latency = latency
            self.requestsPerSecond = requestsPerSecond
            self.share = share
            self.recentErrors = recentErrors
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.histogram = histogram
        }
    }

    /// The row of probes that got no reply at all.
    public struct FaultRow: Sendable, Equatable {
        /// Probes that failed.
        public var count: Int
        /// Probes per ``ProbeFault`` raw value (`"refused": 3`); the values sum to ``count``.
        public var byFault: [String: Int]
        /// How long the failed probes ran, in seconds; `nil` without faults.
        public var latency: LatencySummary?
        /// Faults per second over the view's ``View/seconds``; `nil` when it covers no time.
        public var perSecond: Double?
        /// When the first fault in this view was recorded.
        public var firstSeen: Double?
        /// When the latest fault in this view was recorded.
        public var lastSeen: Double?
        /// Every probe's time to failure.
        public var histogram: LatencyHistogram

        /// A fault row from its parts, for tests of what draws it.
        public init(
            count: Int, byFault: [String: Int], latency: LatencySummary?, perSecond: Double?,
            firstSeen: Double?, lastSeen: Double?, histogram: LatencyHistogram = LatencyHistogram()
        ) {
            self.count = count
            self.byFault = byFault
            self.latency = latency
            self.perSecond = perSecond
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.histogram = histogram
        }
    }

    /// Latency percentiles in seconds, to HdrHistogram's three significant digits.
    public struct LatencySummary: Sendable, Equatable {
        /// The median.
        public var p50: Double
        /// The 90th percentile.
        public var p90: Double
        /// The 99th percentile.
        public var p99: Double
        /// The largest value, exact to the microsecond.
        public var max: Double

        /// A summary from its parts.
        public init(p50: Double, p90: Double, p99: Double, max: Double) {
            self.p50 = p50
            self.p90 = p90
            self.p99 = p99
            self.max = max
        }

        /// The summary of `histogram`; `nil` when it is empty.
        public init?(_ histogram: LatencyHistogram) {
            guard let p = histogram.percentiles([50, 90, 99]), let max = histogram.max else { return nil }
            self.init(p50: p[0], p90: p[1], p99: p[2], max: max)
        }
    }
}
