import CanaryCore
import CanaryProbe
import CanaryStore

/// Everything a watch needs, as plain values: what `canarytop watch` (and the demo's dashboard,
/// and `bench detect`) turn their arguments into. Nothing here has been read or connected yet.
public struct WatchConfiguration: Sendable {
    /// What to probe and how fast.
    public var probe: ProbeSettings
    /// How the header shows the pace: `20/s` or `max`.
    public var rateLabel: String
    /// The `--subset` rules and `--hop` pattern (catalog rules are added after them).
    public var attributor: Attributor
    /// The splitter followed and steered, if any.
    public var splitter: SplitterLocation?
    /// `--resolver <file>`; for a Consul entry without one, Consul's live resolver is used.
    public var resolverPath: String?
    /// How to reach Consul, when it is used (the catalog, a Consul entry); nil: it is not.
    public var consul: ConsulEnvironment?
    /// How changes are written.
    public var steering: Steering
    /// How canaries are judged.
    public var verdict: VerdictPolicy
    /// What canarytop does on its own (headless runs: no countdown).
    public var rollout: RolloutPolicy
    /// The dashboard's theme (a name or a file).
    public var theme: String?
    /// Whether the probe sends (`--probe off`: the mesh's stats alone; ``passive`` is then needed).
    public var probing: Bool = true
    /// The mesh's own stats to read (`--envoy-admin`, `--prometheus`), if any.
    public var passive: PassiveSettings?
    /// `--metrics-addr`: serve `/metrics` while the watch runs; nil: not served.
    public var metrics: MetricsSettings?
    /// `--record FILE`: where to record everything observed (a new file).
    public var record: String?
    /// `--until`'s goal (its name), for the recording's header.
    public var until: String?

    /// How the dashboard and the guard may change the splitter.
    public struct Steering: Sendable {
        /// How a change to a file reaches the mesh (a Consul entry is always written through the API).
        public var apply: ApplyMode
        /// The journal's path (default: beside the splitter file).
        public var journal: String?
        /// The stable subset when the resolver names no default.
        public var stable: String?
        public var dryRun: Bool
        public var readOnly: Bool

        public init(apply: ApplyMode = .file, journal: String? = nil, stable: String? = nil, dryRun: Bool = false, readOnly: Bool = false) {
            self.apply = apply
            self.journal = journal
            self.stable = stable
            self.dryRun = dryRun
            self.readOnly = readOnly
        }
    }

    public init(
        probe: ProbeSettings, rateLabel: String, attributor: Attributor, splitter: SplitterLocation? = nil,
        resolverPath: String? = nil, consul: ConsulEnvironment? = nil, steering: Steering = Steering(),
        verdict: VerdictPolicy = VerdictPolicy(), rollout: RolloutPolicy = RolloutPolicy(), theme: String? = nil,
        metrics: MetricsSettings? = nil, record: String? = nil, until: String? = nil
    ) {
        self.probe = probe
        self.rateLabel = rateLabel
        self.attributor = attributor
        self.splitter = splitter
        self.resolverPath = resolverPath
        self.consul = consul
        self.steering = steering
        self.verdict = verdict
        self.rollout = rollout
        self.theme = theme
        self.metrics = metrics
        self.record = record
        self.until = until
    }
}
