import CanaryCore

/// Everything `canarytop demo` can be told, with the workshop's defaults.
public struct DemoConfiguration: Sendable, Equatable {
    /// Which port to listen on.
    public enum Port: Sendable, Equatable {
        /// This one if free, else any free port (the caller is told which).
        case preferred(Int)
        /// Exactly this one (0: any free port); taken is an error.
        case exact(Int)
    }

    public var webPort: Port = .preferred(9090)
    public var consulPort: Port = .preferred(8500)
    public var greenBug: GreenBug = .timeout
    /// `ERROR_RATE` for green; nil: 0.5 with ``GreenBug/errors``, else 0.
    public var greenErrorRate: Double?
    /// Green's `HTTP_CLIENT_REQUEST_TIMEOUT` for its call to currency, in seconds.
    public var greenTimeout: Double = 5
    /// With ``GreenBug/slow``: green's P50 latency in seconds (P90 1.5×, P99 2×).
    public var greenDelay: Double = 2
    /// Multiplies every service's timing knobs (0: no added latency at all).
    public var latencyScale: Double = 1
    public var style: TraceStyle = .current
    /// Seeds the latency draws.
    public var seed: UInt64 = 1
    /// How often the splitter, the resolver and the catalog are read.
    public var pollInterval: Duration = .milliseconds(50)
    /// The address every service listens on.
    public var host = "127.0.0.1"

    public init() {}

    /// Green's effective error rate.
    public var effectiveGreenErrorRate: Double {
        greenErrorRate ?? (greenBug == .errors ? 0.5 : 0)
    }
}
