import CanaryCore

/// `--metrics-addr` and what goes with it, as plain values for the runtime.
public struct MetricsSettings: Sendable {
    /// Where `/metrics` is served.
    public var address: MetricsAddress
    /// The latency histogram's bounds in seconds (``MetricsSample/bounds(slo:)``).
    public var bounds: [Double]

    public init(address: MetricsAddress, bounds: [Double]) {
        self.address = address
        self.bounds = bounds
    }
}
