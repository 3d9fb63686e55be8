import CanaryCore

/// Holds the reducer's ticks between a write of our own and the epoch it starts.
///
/// When the splitter's follower starts epochs (it notices every change, ours included, up to a
/// poll later), there is a gap after our write in which the split shows the new weights but the
/// tallies are still the old epoch's: judging then would give the new step the old epoch's age
/// and replies, and a step plan would move on at once. So after a write that changed the
/// weights, ticks are held until the epoch moves on, or ``limit`` seconds pass.
public struct EpochHold: Sendable {
    /// The longest a hold lasts (the follower polls every 100 ms; a blocking Consul read is prompt).
    public var limit: Double
    private var held: (epoch: Int, until: Double)?

    public init(limit: Double = 1) {
        self.limit = limit
    }

    /// What a write can change, read from the state before an action is reduced.
    public struct Mark: Sendable {
        let weights: [Weight]?
        let epoch: Int?

        public init(_ state: DashboardState) {
            weights = state.split?.weights
            epoch = state.snapshot?.epoch
        }
    }

    /// After `action` took the state from `mark` to `state` at `now`: a write of ours that
    /// succeeded and changed the weights starts a hold.
    public mutating func reduced(_ action: DashboardAction, from mark: Mark, to state: DashboardState, now: Double) {
        guard case .writeSucceeded = action else { return }
        written(weightsBefore: mark.weights, after: state.split?.weights, epoch: mark.epoch, now: now)
    }

    /// Notes a write that finished at `now` while the tallies were in `epoch`.
    public mutating func written(weightsBefore: [Weight]?, after: [Weight]?, epoch: Int?, now: Double) {
        guard let epoch, weightsBefore != after else { return }
        held = (epoch, now + limit)
    }

    /// Whether a tick with tallies in `epoch` at `now` is to be held.
    public mutating func holds(epoch: Int, now: Double) -> Bool {
        guard let h = held else { return false }
        if epoch == h.epoch && now < h.until { return true }
        held = nil
        return false
    }
}
