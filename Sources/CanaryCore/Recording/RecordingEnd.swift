/// A recording's last line when a headless run ended normally: everything its summary printed
/// that the replies alone do not say (the sends, how the run ended, the verdicts that decided it).
public struct RecordingEnd: Sendable, Equatable {
    /// When the summary was taken (seconds since the start).
    public var time: Double
    /// The probe's send counts.
    public var sent: Int, inFlight: Int, late: Int, skipped: Int, retried: Int
    /// The weights in force at the end, one per name, when a splitter was followed.
    public var weightNames: [String]?
    public var weights: [Weight]?
    /// How the run ended: `pass`, `fail`, `promoted`, `rolled_back`, `timeout`, `probe_ended`.
    public var ending: String
    /// The reason of a `rolled_back` ending.
    public var endingReason: String?
    /// The rollout's finish: `promoted`, `rolled_back` (with ``finishReason``), or `nil`.
    public var finish: String?
    public var finishReason: String?
    public var rollbackPending: Bool
    /// Whether the run had a stable subset to judge against.
    public var hadStable: Bool
    /// The writes made on their own: when, what, whether it worked.
    public var writes: [Write]
    /// The verdicts that decided the run.
    public var verdicts: [CanaryVerdict]

    public init(
        time: Double, sent: Int, inFlight: Int, late: Int, skipped: Int, retried: Int,
        weightNames: [String]?, weights: [Weight]?, ending: String, endingReason: String? = nil, finish: String? = nil,
        finishReason: String? = nil, rollbackPending: Bool = false, hadStable: Bool = true,
        writes: [Write] = [], verdicts: [CanaryVerdict] = []
    ) {
        self.time = time
        self.sent = sent
        self.inFlight = inFlight
        self.late = late
        self.skipped = skipped
        self.retried = retried
        self.weightNames = weightNames
        self.weights = weights
        self.ending = ending
        self.endingReason = endingReason
        self.finish = finish
        self.finishReason = finishReason
        self.rollbackPending = rollbackPending
        self.hadStable = hadStable
        self.writes = writes
        self.verdicts = verdicts
    }

    /// A write the run made on its own.
    public struct Write: Sendable, Equatable {
        public var time: Double
        public var summary: String
        public var succeeded: Bool

        public init(time: Double, summary: String, succeeded: Bool) {
            self.time = time
            self.summary = summary
            self.succeeded = succeeded
        }
    }
}
