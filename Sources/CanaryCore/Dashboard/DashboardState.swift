/// Everything the dashboard shows, as one value: the screen is a pure function of it.
public struct DashboardState: Sendable, Equatable {
    /// What the header says about the probe and the apply path.
    public struct Setup: Sendable, Equatable {
        public var target: String
        /// `20/s`, `max`.
        public var rate: String
        /// `file`, `command`, `api 127.0.0.1:8500`.
        public var applyMode: String
        public var readOnly: Bool
        public var dryRun: Bool
        /// How canaries are judged (`--alpha`, `--max-5xx-increase`, `--slo`, …).
        public var verdict: VerdictPolicy
        /// What canarytop does on its own (`--guard`, `--steps`, …).
        public var rollout: RolloutPolicy
        /// The stable subset to judge against when no splitter names one (`--stable`).
        public var stable: String?
        /// Whether the probe sends (`--probe off`: only the mesh's stats are read).
        public var probing: Bool
        /// Whether this is `canarytop replay`: a recording shown, nothing written.
        public var replay = false

        public init(
            target: String, rate: String, applyMode: String, readOnly: Bool = false, dryRun: Bool = false,
            verdict: VerdictPolicy = VerdictPolicy(), rollout: RolloutPolicy = RolloutPolicy(), stable: String? = nil,
            probing: Bool = true
        ) {
            self.probing = probing
            self.target = target
            self.rate = rate
            self.applyMode = applyMode
            self.readOnly = readOnly
            self.dryRun = dryRun
            self.verdict = verdict
            self.rollout = rollout
            self.stable = stable
        }
    }

    /// Which counts the table shows.
    public enum ViewMode: Sendable, Equatable {
        case epoch, window
    }

    /// A question waiting for `y`/`n`.
    public enum Prompt: Sendable, Equatable {
        case promote(String)
        case quit
    }

    public var setup: Setup
    /// The latest tallies; nil before the first tick.
    public var snapshot: TallySnapshot?
    public var inFlight = 0
    /// Requests of this epoch in flight longer than the SLO (0 without `--slo`).
    public var slowInFlight = 0
    /// Each canary judged against the stable subset over the current epoch.
    public var verdicts: [CanaryVerdict] = []
    /// The guard's countdown, the step plan's position, how it ended.
    public var rollout = RolloutState()
    /// Whether the selected row's verdict is shown expanded (`v`).
    public var showVerdict = false
    /// Seconds since the watch started.
    public var now: Double = 0
    public var viewMode: ViewMode = .epoch
    /// Index into ``rowNames``.
    public var selected = 0
    /// The splitter being steered; nil when watching without one.
    public var split: SplitView?
    /// Staged weights (one per split), shown greyed until Enter applies them.
    public var staged: [Weight]?
    /// Index into ``DashboardState/steps``.
    public var stepIndex = 1
    public var paused = false
    /// How fast a replay plays.
    public var replaySpeed = ReplayPace.Speed.x1
    public var prompt: Prompt?
    public var showHelp = false
    public var events = EventLog()
    public var history = History()
    /// Index of the theme in use, and how many there are.
    public var themeIndex = 0
    public var themeCount = 1
    /// Writes asked for and not yet finished.
    public var writesPending = 0
    /// The last write failure or conflict, shown in the header until the next success.
    public var alert: String?
    /// Failing-hop error texts already reported in the events pane (`row|text`), bounded.
    public var seenErrors: Set<String> = [] {
        didSet { if seenErrors.count > 500 { seenErrors.removeAll() } }
    }
    /// Lines of the passive sources' event list already logged (``PassiveSnapshot/eventCount``).
    public var passiveEventsSeen = 0
    /// Probe-fault counts at the start of the current second, for burst events.
    public var faultBaseline: FaultBaseline?
    public struct FaultBaseline: Sendable, Equatable {
        public var time: Double
        public var epoch: Int
        public var byFault: [String: Int]
    }
    /// Screen size in cells.
    public var width = 80
    public var height = 24

    /// Weight steps for ←/→, in percent.
    public static let steps = [1, 5, 10, 25]

    public init(setup: Setup) {
        self.setup = setup
    }

    /// The step ←/→ move, in percent.
    public var step: Int { Self.steps[min(max(0, stepIndex), Self.steps.count - 1)] }

    /// The subset rows in display order: the splitter's splits, then any other subset the probe saw.
    public var rowNames: [String] {
        var names = split?.names ?? []
        for row in snapshot?.sinceEpoch.subsets ?? [] where !names.contains(row.name) { names.append(row.name) }
        return names
    }

    /// The selected subset's name.
    public var selectedName: String? {
        let names = rowNames
        return names.indices.contains(selected) ? names[selected] : nil
    }

    /// The subset canaries are judged against: the splitter's stable split, else `--stable`.
    public var stableName: String? { split?.stable ?? setup.stable }

    /// The verdict of the subset called `name`, if it is a judged canary.
    public func verdict(of name: String) -> CanaryVerdict? {
        verdicts.first { $0.canary == name }
    }

    /// Seconds left before the guard rolls back, while its countdown runs.
    public var countdownLeft: Double? {
        RolloutController.countdownLeft(rollout, now: snapshot?.time ?? 0)
    }

    /// The staged change as `blue 50→40, green 50→60`, or nil.
    public var stagedChange: WeightChange? {
        guard let split, let staged, staged.count == split.names.count else { return nil }
        return WeightChange(names: split.names, before: split.weights, after: staged)
    }
}
