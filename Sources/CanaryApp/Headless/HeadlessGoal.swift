import CanaryCore

/// What a headless run waits for (`--until`).
public enum HeadlessGoal: String, Sendable, Equatable, CaseIterable {
    /// Every canary decisive: any FAIL (after the guard's rollback, with `--guard`), or all PASS.
    case verdict
    /// The step plan reached its last step.
    case promoted
    /// Traffic went back to stable (the guard, or the plan on FAIL).
    case rolledBack = "rolled-back"
}

/// How a headless run ended, and its exit status.
public enum HeadlessEnding: Sendable, Equatable {
    /// Every canary PASSed.
    case pass
    /// A canary FAILed.
    case fail
    /// The step plan reached its last step.
    case promoted
    /// Traffic went back to stable.
    case rolledBack(reason: String)
    /// The goal was not reached within the time allowed.
    case timedOut
    /// The probe finished (its requests or duration, or an interrupt) before the goal.
    case probeEnded

    /// 0 on PASS or promoted, 2 on FAIL or rolled back, 3 on timeout or inconclusive.
    public var exitCode: Int32 {
        switch self {
        case .pass, .promoted: return 0
        case .fail, .rolledBack: return 2
        case .timedOut, .probeEnded: return 3
        }
    }

    /// `pass`, `fail`, `promoted`, `rolled_back`, `timeout`, `probe_ended`: for JSON.
    public var name: String {
        switch self {
        case .pass: return "pass"
        case .fail: return "fail"
        case .promoted: return "promoted"
        case .rolledBack: return "rolled_back"
        case .timedOut: return "timeout"
        case .probeEnded: return "probe_ended"
        }
    }

    /// The ending a ``name`` names (a recording's end line), with a rolled-back ending's reason.
    public init?(name: String, reason: String?) {
        switch name {
        case "pass": self = .pass
        case "fail": self = .fail
        case "promoted": self = .promoted
        case "rolled_back": self = .rolledBack(reason: reason ?? "")
        case "timeout": self = .timedOut
        case "probe_ended": self = .probeEnded
        default: return nil
        }
    }
}

/// Decides, from the dashboard's state after each tick, whether a headless run's goal is reached.
///
/// The plan ending (promoted, or rolled back by anyone) ends every goal. For ``HeadlessGoal/verdict``
/// the first FAIL decides; when the guard is to roll back, the run waits until the rollback is
/// written. The verdicts that decided are kept: after a rollback a new epoch begins and the
/// failing canary is no longer judged.
public struct HeadlessJudge: Sendable {
    public let goal: HeadlessGoal?
    /// Whether a FAIL ends the run only once the guard's rollback is written.
    public let waitsForRollback: Bool
    /// The verdicts of the first FAIL (with a goal, or with the guard to act on it), or of the
    /// all-PASS that decided; else the latest judged against stable replies (else the latest).
    public private(set) var verdicts: [CanaryVerdict] = []
    /// A canary FAILed under `--until verdict`: the run fails (after the guard's rollback, when
    /// one is to be written).
    public private(set) var sawFail = false
    private var decided = false

    public init(goal: HeadlessGoal?, waitsForRollback: Bool) {
        self.goal = goal
        self.waitsForRollback = waitsForRollback
    }

    /// The ending, once `state` reaches the goal.
    public mutating func observe(_ state: DashboardState) -> HeadlessEnding? {
        if !decided {
            if state.verdicts.contains(where: { $0.outcome == .fail }), goal != nil || waitsForRollback {
                // After the rollback a new epoch judges the canary afresh: the FAIL is the news.
                decided = true
                verdicts = state.verdicts
                sawFail = goal == .verdict
            } else if !state.verdicts.isEmpty,
                state.verdicts.allSatisfy({ $0.stableRequests > 0 }) || !verdicts.contains(where: { $0.stableRequests > 0 }) {
                // Not ones with nothing to compare with (after a promotion) over ones that had.
                verdicts = state.verdicts
            }
        }
        guard let goal else { return nil }
        switch state.rollout.finish {
        case .promoted?: return .promoted
        case .rolledBack(let reason)?: return sawFail ? .fail : .rolledBack(reason: reason)
        case nil: break
        }
        guard goal == .verdict else { return nil }
        if sawFail { return waitsForRollback ? nil : .fail }
        if !state.verdicts.isEmpty, state.verdicts.allSatisfy({ $0.outcome == .pass }) {
            decided = true
            return .pass
        }
        return nil
    }

    /// The ending when time runs out or the probe ends first: a FAIL already seen still fails.
    public func unfinished(_ ending: HeadlessEnding) -> HeadlessEnding {
        sawFail ? .fail : ending
    }
}
