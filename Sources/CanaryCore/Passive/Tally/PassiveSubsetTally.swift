/// One subset's counts from the mesh's own stats over one span (an epoch), summed over every
/// replica after each series was differenced.
///
/// **Requests** are the final responses: the sum of the `upstream_rq_xx` classes. That is the
/// family the 5xx count comes from, so `http5xx ≤ requests` holds within one read and the
/// Fisher table is coherent; Envoy charges `upstream_rq_completed` at the same moment, so it
/// is the fallback for a subset whose reads carry no class series. `upstream_rq_total` counts
/// at *send* (in-flight requests included) and is kept apart as ``sent``. Timeouts and
/// upstream resets are answered 504/503 by Envoy, so they are inside the 5xx — and never timed.
public struct PassiveSubsetTally: Sendable, Equatable {
    /// The subset; `nil` for the service's default target (no subset).
    public var subset: String?
    /// Final responses (see above).
    public var requests = 0
    /// Final responses by status class, 1…5.
    public var byClass: [Int: Int] = [:]
    /// `upstream_rq_completed`.
    public var completed = 0
    /// `upstream_rq_total`: requests sent.
    public var sent = 0
    /// `upstream_rq_timeout`.
    public var timeouts = 0
    /// `upstream_cx_connect_fail`.
    public var connectFailures = 0
    /// `upstream_rq_rx_reset`.
    public var resets = 0
    /// `upstream_rq_pending_overflow`.
    public var pendingOverflows = 0
    /// `retry_upstream_rq_5xx`: 5xx responses that were retried (hidden from the caller).
    public var retried5xx = 0
    /// Requests in flight at the latest read (gauge, summed over replicas).
    public var active = 0
    /// Completed requests by latency bucket (seconds).
    public var latency: BucketCounts
    /// `upstream_rq_time_sum` in seconds.
    public var latencySum = 0.0
    /// Cumulative bucket counts that went down across bounds and were clamped to 0.
    public var clampedBuckets = 0

    public init(subset: String?, latency: BucketCounts = .envoyDefault) {
        self.subset = subset
        self.latency = latency
    }

    /// Final responses with a 5xx status (timeouts and resets included).
    public var http5xx: Int { byClass[5, default: 0] }
    /// Final responses with a 4xx status.
    public var http4xx: Int { byClass[4, default: 0] }

    /// The mean latency of the timed requests in seconds; `nil` without any.
    public var meanLatency: Double? {
        latency.total > 0 ? latencySum / Double(latency.total) : nil
    }

    /// The median as a bucket bracket; `nil` without timed requests.
    public var p50: BucketQuantile? { BucketQuantile(0.5, of: latency) }
    /// The 99th percentile as a bucket bracket; `nil` without timed requests.
    public var p99: BucketQuantile? { BucketQuantile(0.99, of: latency) }
}
