/// One sample of the Prometheus text format: `name{labels} value [timestamp]`.
public struct PromSample: Sendable, Hashable {
    /// The metric name as written (`envoy_cluster_upstream_rq_xx`).
    public var name: String
    /// Every label of the line, unknown ones included.
    public var labels: PromLabels
    /// The value; may be `+Inf`, `-Inf` or NaN.
    public var value: Double
    /// The timestamp as written, in milliseconds since the Unix epoch; `nil` when absent.
    public var timestamp: Int64?

    public init(name: String, labels: PromLabels, value: Double, timestamp: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// What a `# TYPE` line says a metric is.
public enum PromMetricType: Sendable, Hashable {
    case counter
    case gauge
    case histogram
    case summary
    case untyped
    /// Anything else (OpenMetrics' `unknown`, `gaugehistogram`, `stateset`, `info`, …), as written.
    case other(String)

    /// The type named `word` (case as Prometheus writes it: lower case).
    public init(_ word: String) {
        switch word {
        case "counter": self = .counter
        case "gauge": self = .gauge
        case "histogram": self = .histogram
        case "summary": self = .summary
        case "untyped": self = .untyped
        default: self = .other(word)
        }
    }
}
