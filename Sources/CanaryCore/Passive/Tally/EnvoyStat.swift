/// The Envoy cluster stats canarytop reads, by their Prometheus names
/// (`/stats/prometheus` and Prometheus itself write them the same way).
public enum EnvoyStat: Sendable, Hashable {
    /// `envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"}`: final responses by class (1…5).
    case responses(codeClass: Int)
    /// `envoy_cluster_upstream_rq_completed`: final responses (counted when they complete).
    case completed
    /// `envoy_cluster_upstream_rq_total`: requests sent (counted at send, so it includes those in flight).
    case sent
    /// `envoy_cluster_upstream_rq_timeout`: requests that hit the route timeout (answered 504, never timed).
    case timeouts
    /// `envoy_cluster_upstream_cx_connect_fail`: connections that could not be made.
    case connectFailures
    /// `envoy_cluster_upstream_rq_rx_reset`: requests reset by the upstream.
    case resets
    /// `envoy_cluster_upstream_rq_pending_overflow`: requests refused by the circuit breaker.
    case pendingOverflows
    /// `envoy_cluster_retry_upstream_rq_xx`: responses that triggered a retry, by class (recent Envoy).
    case retried(codeClass: Int)
    /// `envoy_cluster_upstream_rq_active`: requests in flight now (a gauge).
    case active
    /// `envoy_cluster_upstream_rq_time_bucket{le}`: cumulative count of completed requests at
    /// or below `le` milliseconds (`+Inf` for all).
    case latencyBucket(le: Double)
    /// `envoy_cluster_upstream_rq_time_sum`: total milliseconds of completed requests.
    case latencySum
    /// `envoy_cluster_upstream_rq_time_count`: completed requests timed.
    case latencyCount

    /// The proxy's uptime gauge in seconds, used to tell a restart (no cluster labels).
    public static let uptimeMetric = "envoy_server_uptime"

    /// Envoy's default histogram bounds in milliseconds, below `+Inf`.
    public static let defaultLatencyBoundsMilliseconds: [Double] = [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
    ]

    /// Whether it is a gauge (read as it is, never differenced).
    public var isGauge: Bool { self == .active }

    /// The stat of a sample named `name` with `labels`; `nil` for any other metric (or a
    /// class or bound that does not read).
    public static func classify(name: String, labels: PromLabels) -> EnvoyStat? {
        let prefix = "envoy_cluster_"
        guard name.hasPrefix(prefix) else { return nil }
        switch name.dropFirst(prefix.count) {
        case "upstream_rq_xx": return codeClass(labels).map { .responses(codeClass: $0) }
        case "retry_upstream_rq_xx": return codeClass(labels).map { .retried(codeClass: $0) }
        case "upstream_rq_completed": return .completed
        case "upstream_rq_total": return .sent
        case "upstream_rq_timeout": return .timeouts
        case "upstream_cx_connect_fail": return .connectFailures
        case "upstream_rq_rx_reset": return .resets
        case "upstream_rq_pending_overflow": return .pendingOverflows
        case "upstream_rq_active": return .active
        case "upstream_rq_time_bucket":
            guard let text = labels["le"], let le = PromFloat.parse(text), !le.isNaN else { return nil }
            return .latencyBucket(le: le)
        case "upstream_rq_time_sum": return .latencySum
        case "upstream_rq_time_count": return .latencyCount
        default: return nil
        }
    }

    private static func codeClass(_ labels: PromLabels) -> Int? {
        guard let text = labels["envoy_response_code_class"], let digit = Int(text), (1...5).contains(digit) else { return nil }
        return digit
    }
}
