import CanaryCore

/// What a watch reads besides (or instead of) its probe: `web`'s sidecars, or a Prometheus
/// server that scrapes them. Plain values, made by the command line.
public struct PassiveSettings: Sendable {
    /// Where the mesh's counts come from.
    public enum Source: Sendable, Equatable {
        /// `--envoy-admin URL`, one per `web` replica (the admin API or its `/stats` listener).
        case envoy([String])
        /// `--prometheus URL`: instant queries of the raw series, after a `query_range` of the
        /// last `backfill` seconds (0: none) in steps of `step` seconds.
        case prometheus(String, backfill: Double, step: Double)
    }

    public var source: Source
    /// The destination service whose subsets are tallied (`payments`); `nil`: the resolver's
    /// (or the Consul entry's) name, found when the watch opens.
    public var service: String?
    /// The label matchers every series must pass (`--selector`); `nil`: the default,
    /// `local_cluster="web",consul_destination_service="<service>"`.
    public var selector: [PromMatcher]?
    /// Seconds between reads (`--poll-interval`).
    public var interval: Double
    /// The longest one read may take (seconds).
    public var timeout: Double
    /// When a verdict may be given.
    public var sampleRule: PassiveSampleRule
    /// The last weight change known before the watch (Unix seconds; the splitter file's
    /// modification time): the back-fill starts no earlier, so one epoch never holds two splits.
    public var backfillNotBefore: Double?

    public init(
        source: Source, service: String? = nil, selector: [PromMatcher]? = nil, interval: Double = 1, timeout: Double = 5,
        sampleRule: PassiveSampleRule = PassiveSampleRule()
    ) {
        self.source = source
        self.service = service
        self.selector = selector
        self.interval = interval
        self.timeout = timeout
        self.sampleRule = sampleRule
    }

    /// These settings with the service named and the selector chosen.
    public func resolved(service name: String) -> PassiveSettings {
        var copy = self
        copy.service = service ?? name
        copy.selector = selector ?? PromMatcher.defaultSelector(service: copy.service!)
        return copy
    }

    public var kind: PassiveSnapshot.Kind {
        if case .envoy = source { return .envoy }
        return .prometheus
    }

    /// URLs read: each Envoy replica, or the one Prometheus.
    public var sourceCount: Int {
        if case .envoy(let urls) = source { return urls.count }
        return 1
    }
}
