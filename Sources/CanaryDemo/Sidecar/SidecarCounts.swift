import CanaryCore

/// What `web`'s sidecar counted for one upstream cluster (one payments subset): Envoy's
/// counters and its latency histogram in whole milliseconds over the default buckets.
public struct SidecarCounts: Sendable, Equatable {
    /// Requests sent (`upstream_rq_total`).
    public var sent = 0
    /// Final responses by status class 1…5 (`upstream_rq_<n>xx`).
    public var byClass: [Int: Int] = [:]
    /// `upstream_rq_timeout`: no reply within the route's timeout (answered 504, never timed).
    public var timeouts = 0
    /// `upstream_cx_connect_fail` (answered 503, never timed).
    public var connectFailures = 0
    /// In flight now (`upstream_rq_active`).
    public var active = 0
    /// Timed requests per bucket of ``EnvoyStat/defaultLatencyBoundsMilliseconds`` plus `+Inf`.
    public var buckets = Array(repeating: 0, count: EnvoyStat.defaultLatencyBoundsMilliseconds.count + 1)
    /// The sum of the timed requests' milliseconds.
    public var latencySum = 0.0

    public init() {}

    /// Final responses (`upstream_rq_completed`).
    public var completed: Int { byClass.values.reduce(0, +) }
    /// Responses with a 5xx status, timeouts and connect failures included.
    public var http5xx: Int { byClass[5, default: 0] }
    /// Timed requests.
    public var timed: Int { buckets.reduce(0, +) }

    /// Records a timed response of `milliseconds` (whole, as Envoy records them).
    mutating func time(_ milliseconds: Int) {
        // A value at a bound lands in that bucket (le is "less or equal").
        let index = EnvoyStat.defaultLatencyBoundsMilliseconds.firstIndex { Double(milliseconds) <= $0 }
            ?? EnvoyStat.defaultLatencyBoundsMilliseconds.count
        buckets[index] += 1
        latencySum += Double(milliseconds)
    }

    /// Adds `other`'s histogram to this one's.
    mutating func addHistogram(of other: SidecarCounts) {
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        latencySum += other.latencySum
    }

    /// Adds every count of `other` (ground truth across restarts and replicas).
    mutating func add(_ other: SidecarCounts) {
        sent += other.sent
        for (digit, count) in other.byClass { byClass[digit, default: 0] += count }
        timeouts += other.timeouts
        connectFailures += other.connectFailures
        active += other.active
        addHistogram(of: other)
    }
}
