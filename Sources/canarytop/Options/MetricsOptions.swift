import ArgumentParser
import CanaryApp
import CanaryCore

/// `--metrics-addr` and `--metrics-linger`: `/metrics` for Prometheus while a watch runs
/// (docs/metrics.md).
struct MetricsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Serve /metrics (Prometheus text, or OpenMetrics when asked) here while the watch runs: 127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464 (default: not served).",
        valueName: "host:port"))
    var metricsAddr: String?

    @Option(help: ArgumentHelp(
        "With --headless and --metrics-addr: after the summary, keep serving the final counts this long (or until SIGINT/SIGTERM) for a last scrape (default: 0s).",
        valueName: "duration"))
    var metricsLinger: String?

    /// The address, checked; `nil` without `--metrics-addr`.
    func address() throws -> MetricsAddress? {
        try metricsAddr.map { text in
            switch MetricsAddress.parse(text) {
            case .success(let address): return address
            case .failure(let problem): throw CLIError("--metrics-addr \(problem)")
            }
        }
    }

    /// `--metrics-linger` in seconds (0 without it).
    func linger() throws -> Double {
        try metricsLinger.map { try ProbeOptions.duration($0, option: "--metrics-linger") } ?? 0
    }

    func validate(headless: Bool) throws {
        _ = try address()
        if metricsLinger != nil {
            if metricsAddr == nil { throw CLIError("--metrics-linger needs --metrics-addr") }
            if !headless { throw CLIError("--metrics-linger needs --headless (the dashboard serves until you quit)") }
            _ = try linger()
        }
    }

    /// What the runtime serves, with the histogram's bounds around `slo`.
    func settings(slo: Double?) throws -> MetricsSettings? {
        try address().map { MetricsSettings(address: $0, bounds: MetricsSample.bounds(slo: slo)) }
    }
}
