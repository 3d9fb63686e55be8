/// One line of a recording (`canarytop watch --record FILE`): something the watch observed, at
/// a time on the probe's timeline (seconds since the watch started).
///
/// The first line is always the ``RecordingHeader``; then, in the order they happened, the
/// replies and probe faults in the order the tallies counted them, each epoch as it began, each
/// splitter read, verdict change, event and key, and — for a headless run that ended normally —
/// the ``RecordingEnd``. See docs/recording.md for the format.
public enum RecordingEntry: Sendable, Equatable {
    case header(RecordingHeader)
    /// A reply, attributed, completed at `at`.
    case reply(Observation, at: Double)
    /// A probe that got no reply, failing after `latency` seconds, at `at`.
    case fault(ProbeFault, latency: Double, at: Double)
    /// Epoch `number` began at `at` (the weights changed, or the tallies were cleared).
    case epoch(number: Int, at: Double)
    /// The splitter as read at `at` (at the start, after a write, or changed by someone else).
    case split(RecordedSplit, external: Bool, at: Double)
    /// A canary's verdict became `outcome` (`pass`, `fail`, `inconclusive`) at `at`.
    case verdict(canary: String, outcome: String, reason: String, at: Double)
    /// A line in the dashboard's events pane (a guard action, a write, a key's effect).
    case event(kind: DashboardEvent.Kind, text: String, at: Double)
    /// A key the operator pressed (its name, as ``Key/label`` writes it).
    case key(String, at: Double)
    /// How a headless run ended, with its final figures.
    case end(RecordingEnd)

    /// When it happened (the header: 0).
    public var time: Double {
        switch self {
        case .header: return 0
        case .reply(_, let t), .fault(_, _, let t), .epoch(_, let t), .split(_, _, let t),
             .verdict(_, _, _, let t), .event(_, _, let t), .key(_, let t):
            return t
        case .end(let end): return end.time
        }
    }
}

/// The splitter as the dashboard showed it: enough to draw the weights and judge the canaries.
public struct RecordedSplit: Sendable, Equatable {
    /// The service split.
    public var service: String
    /// One display name per split.
    public var names: [String]
    /// Each split's `ServiceSubset`.
    public var subsets: [String]
    public var weights: [Weight]
    /// The stable split's name, when known.
    public var stable: String?
    /// The version read (`sha256:…`, `ModifyIndex 12`).
    public var version: String

    public init(service: String, names: [String], subsets: [String], weights: [Weight], stable: String?, version: String) {
        self.service = service
        self.names = names
        self.subsets = subsets
        self.weights = weights
        self.stable = stable
        self.version = version
    }

    /// What the dashboard showed.
    public init(_ view: SplitView) {
        self.init(
            service: view.entry.name, names: view.names, subsets: view.entry.splits.map(\.serviceSubset),
            weights: view.weights, stable: view.stable, version: view.version)
    }

    /// A split view to show again (no resolver: the recording does not keep it).
    public var view: SplitView {
        let splits = zip(subsets, weights).map { ServiceSplit(weight: $1, serviceSubset: $0) }
        return SplitView(entry: SplitterEntry(name: service, splits: splits), names: names, stable: stable, resolver: nil, version: version)
    }
}
