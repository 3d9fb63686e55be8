/// The guard and the step plan as one pure state machine: given the verdicts, the split and the
/// time, what to write next.
///
/// Called on every tick. It never acts while a write is pending, so one change lands before the
/// next is decided; every decision carries its reason (with the verdict's numbers) for the journal.
/// The guard stays on after a rollback: traffic shifted to a failing canary again is rolled back
/// again (in a new epoch, with fresh numbers).
public enum RolloutController {
    /// What the controller sees on a tick.
    public struct Input: Sendable {
        /// Now, on the tallies' timeline (the snapshot's time).
        public var now: Double
        public var epoch: Int
        public var epochStart: Double
        public var verdicts: [CanaryVerdict]
        public var split: SplitView?
        public var writesPending: Int

        public init(now: Double, epoch: Int, epochStart: Double, verdicts: [CanaryVerdict], split: SplitView?, writesPending: Int) {
            self.now = now
            self.epoch = epoch
            self.epochStart = epochStart
            self.verdicts = verdicts
            self.split = split
            self.writesPending = writesPending
        }
    }

    /// One tick: finish a countdown or a ramp stage, start the guard, or move the plan.
    public static func tick(_ state: inout RolloutState, policy: RolloutPolicy, _ input: Input) -> [RolloutCommand] {
        guard policy.isActive, input.writesPending == 0,
            let split = input.split, let stable = split.stable
        else { return [] }
        let canaryWeight = split.names.filter { $0 != stable }.reduce(Weight.zero) { $0 + (split.weight(of: $1) ?? .zero) }

        if let asked = state.rollbackAsked {
            if canaryWeight == .zero, state.ramp == nil {
                state.rollbackAsked = nil
                state.rollbackUnconfirmed = false
                state.finish = .rolledBack(reason: asked)
                return []
            }
            // The split does not show it: the write failed, or the split read back is older than
            // the write (the follower's read crossed it). Retry in a second; until the split shows
            // the rollback, it stays asked for, so a late split confirms it then.
            if state.ramp == nil, !state.rollbackUnconfirmed {
                state.rollbackUnconfirmed = true
                state.retryAfter = input.now + 1
            }
        }
        if let ramp = state.ramp { return rampStage(&state, ramp, policy: policy, split: split, now: input.now) }
        if let countdown = state.countdown {
            guard input.now >= countdown.deadline else { return [] }
            state.countdown = nil
            // The latest numbers, when the canary still fails; else those that started the countdown.
            let latest = input.verdicts.first { $0.canary == countdown.canary && $0.outcome == .fail }
            let reason = latest.map { "guard: " + $0.reason } ?? countdown.reason
            return rollBack(&state, reason: reason, policy: policy, split: split, stable: stable, now: input.now)
        }
        // Steps roll back on FAIL while the plan runs; --guard always.
        let guarding = policy.guardEnabled || (!policy.steps.isEmpty && state.finish == nil)
        if guarding, state.cancelledEpoch != input.epoch, state.retryAfter.map({ input.now >= $0 }) ?? true,
            let failing = input.verdicts.first(where: { $0.outcome == .fail && (split.weight(of: $0.canary) ?? .zero) > .zero })
        {
            let reason = "guard: " + failing.reason
            if policy.countdown > 0 {
                state.countdown = .init(canary: failing.canary, deadline: input.now + policy.countdown, reason: reason)
                let seconds = CanaryVerdictFormat.seconds(policy.countdown)
                return [.note("guard: \(failing.canary) FAIL: rolling back in \(seconds) (Esc cancels): \(failing.reason)", .failure)]
            }
            return [.note("guard: \(failing.canary) FAIL: rolling back: \(failing.reason)", .failure)]
                + rollBack(&state, reason: reason, policy: policy, split: split, stable: stable, now: input.now)
        }
        // The plan stops once it ended; the guard keeps watching (the operator may try again).
        if !policy.steps.isEmpty, state.finish == nil {
            return StepPlan.tick(&state, policy: policy, input, split: split, stable: stable)
        }
        return []
    }

    /// Esc: cancel a running countdown; journaled. No new countdown until the next epoch.
    public static func cancel(_ state: inout RolloutState, epoch: Int) -> [RolloutCommand] {
        guard let countdown = state.countdown else { return [] }
        state.countdown = nil
        state.cancelledEpoch = epoch
        return [
            .journal("operator cancelled the automatic rollback: \(countdown.reason)"),
            .note("automatic rollback cancelled (Esc); no automatic rollback until the next epoch", .warning),
        ]
    }

    /// Seconds left on the countdown at `now`, or nil.
    public static func countdownLeft(_ state: RolloutState, now: Double) -> Double? {
        state.countdown.map { max(0, $0.deadline - now) }
    }

    /// Starts the rollback: at once, or the ramp's first stage.
    static func rollBack(
        _ state: inout RolloutState, reason: String, policy: RolloutPolicy, split: SplitView, stable: String, now: Double
    ) -> [RolloutCommand] {
        // A ramp's stages are fractions of the canaries' weights: from weights Consul refuses
        // they mean nothing, so such a splitter goes back to stable at once.
        if let ramp = policy.rollbackRamp, ramp > 0, policy.rampStages > 1, split.consulIssues.isEmpty {
            var from: [String: Weight] = [:]
            for name in split.names { from[name] = split.weight(of: name) ?? .zero }
            let r = RolloutState.Ramp(from: from, stable: stable, started: now, stage: 0, reason: reason)
            state.ramp = r
            return rampStage(&state, r, policy: policy, split: split, now: now)
        }
        state.rollbackAsked = reason
        state.rollbackUnconfirmed = false
        return [.write(.rollback, reason: reason)]
    }

    /// Writes the ramp's next stage when it is due: the canaries at (n−1−k)/n of their weight.
    static func rampStage(_ state: inout RolloutState, _ ramp: RolloutState.Ramp, policy: RolloutPolicy, split: SplitView, now: Double) -> [RolloutCommand] {
        let stages = policy.rampStages
        let spacing = (policy.rollbackRamp ?? 0) / Double(stages - 1)
        guard now >= ramp.started + Double(ramp.stage) * spacing else { return [] }
        let remaining = stages - 1 - ramp.stage
        var weights: [String: Weight] = [:]
        var canaries = 0
        for name in split.names where name != ramp.stable {
            let before = ramp.from[name] ?? .zero
            // Whole hundredths, rounded down: the stable takes the rest.
            let w = Weight(hundredths: before.hundredths * remaining / stages)
            weights[name] = w
            canaries += w.hundredths
        }
        weights[ramp.stable] = Weight(hundredths: 10_000 - canaries)
        var next = ramp
        next.stage += 1
        if next.stage >= stages {
            state.ramp = nil
            state.rollbackAsked = ramp.reason
            state.rollbackUnconfirmed = false
        } else {
            state.ramp = next
        }
        return [.write(.setAll(weights), reason: "\(ramp.reason) (ramp \(ramp.stage + 1)/\(stages))")]
    }
}

/// Short text for durations in notes.
enum CanaryVerdictFormat {
    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(FixedPoint.format(s, digits: 1)) s"
    }
}
