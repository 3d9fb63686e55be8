/// Where the guard and the step plan are: a countdown running, a ramp under way, the step
/// reached, and how it ended.
public struct RolloutState: Sendable, Equatable {
    /// An automatic rollback waiting for its countdown.
    public struct Countdown: Sendable, Equatable {
        public var canary: String
        /// When the rollback is written, on the tallies' timeline.
        public var deadline: Double
        /// The verdict's numbers: the journal's reason.
        public var reason: String
    }

    /// Traffic going back to stable in stages.
    public struct Ramp: Sendable, Equatable {
        /// Every split's weight when the ramp began.
        public var from: [String: Weight]
        public var stable: String
        public var started: Double
        /// The next stage to write (0-based).
        public var stage: Int
        public var reason: String
    }

    /// How the plan ended.
    public enum Finish: Sendable, Equatable {
        /// The last step was reached.
        case promoted
        /// Traffic went back to stable (automatically, or by someone else).
        case rolledBack(reason: String)
    }

    public var countdown: Countdown?
    public var ramp: Ramp?
    /// The epoch in which the operator cancelled a countdown: no new one until the next.
    public var cancelledEpoch: Int?
    /// The index into the plan's steps the canary is at; `nil` before the plan started.
    public var stepIndex: Int?
    /// The epoch a hold was last reported in, to say it once.
    public var heldEpoch: Int?
    /// A rollback was asked for and the split does not show it yet.
    public var rollbackAsked: String?
    /// The split was seen without the rollback asked for (its retry is scheduled).
    public var rollbackUnconfirmed = false
    /// No automatic rollback is retried before this time (after a failed write).
    public var retryAfter: Double?
    public var finish: Finish?

    public init() {}
}

/// What the guard or the plan wants done.
public enum RolloutCommand: Sendable, Equatable {
    /// Change the splitter, journaled with `reason`.
    case write(WeightEdit, reason: String)
    /// A line for the events pane (or standard error, headless).
    case note(String, DashboardEvent.Kind)
    /// A journal line that changes nothing (a cancelled rollback).
    case journal(String)
}
