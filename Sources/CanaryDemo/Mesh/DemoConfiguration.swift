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
    /// `--consul-k8s DC`: the stand-in's entries carry the Meta consul-k8s writes (managed by
    /// the controller of that datacenter), as on Kubernetes; nil: written with `consul config write`.
    public var consulK8sDatacenter: String?
    /// The address every service listens on.
    public var host = "127.0.0.1"
    /// `web` replicas, each with its own sidecar (its stats on an admin listener of its own).
    public var webReplicas = 1
    /// The first sidecar's admin port (Envoy's default 19000, or a free one if taken); the
    /// others take any free port.
    public var sidecarPort: Port = .preferred(19000)
    /// Seconds between the sidecars' stats flushes (Envoy's default 5; 0: at every read).
    public var statsFlush: Double = 5
    /// Background users: this many requests a second to web, spread over its replicas (0: none).
    public var users = 0

    public init() {}

    /// Green's effective error rate.
    public var effectiveGreenErrorRate: Double {
        greenErrorRate ?? (greenBug == .errors ? 0.5 : 0)
    }
}
