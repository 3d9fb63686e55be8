/// `--steps`: walk the canary through the plan's weights while its verdict allows.
///
/// At each step the canary stays at least `--step-every` (counted from the epoch the step's
/// write began), then advances on PASS (or on anything but FAIL with
/// `--advance-on-inconclusive`), holds on INCONCLUSIVE; a FAIL is the guard's. A weight changed
/// by someone else moves the plan to the step at or below it; a canary at 0 ends the plan as
/// rolled back; the last step reached ends it as promoted.
enum StepPlan {
    static func tick(
        _ state: inout RolloutState, policy: RolloutPolicy, _ input: RolloutController.Input, split: SplitView, stable: String
    ) -> [RolloutCommand] {
        let others = split.names.filter { $0 != stable }
        let live = others.filter { (split.weight(of: $0) ?? .zero) > .zero }
        guard let canary = live.count == 1 ? live.first : (others.count == 1 ? others.first : nil) else {
            if state.heldEpoch != input.epoch {
                state.heldEpoch = input.epoch
                return [.note("steps: need exactly one canary split beside \(stable); holding", .warning)]
            }
            return []
        }
        let steps = policy.steps
        let weight = split.weight(of: canary) ?? .zero
        guard let index = state.stepIndex else {
            if let at = steps.lastIndex(where: { $0 <= weight }) {
                state.stepIndex = at
                return [.note("steps: \(canary) at \(weight)% is step \(at + 1) of \(steps.count)", .info)]
            }
            state.stepIndex = 0
            return [write(canary, steps[0], split: split, stable: stable, reason: "steps: start \(canary) at \(steps[0])% (step 1 of \(steps.count))")]
        }
        if weight != steps[index] {
            if weight == .zero {
                state.finish = .rolledBack(reason: "\(canary) set to 0% outside the plan")
                return [.note("steps: \(canary) is at 0%: the plan ends as rolled back", .warning)]
            }
            let at = steps.lastIndex(where: { $0 <= weight }) ?? 0
            state.stepIndex = at
            return [.note("steps: \(canary) at \(weight)% (changed outside the plan): now step \(at + 1) of \(steps.count)", .warning)]
        }
        let last = index == steps.count - 1
        if last, steps[index] == .full {
            state.finish = .promoted
            return [.note("steps: \(canary) promoted (\(steps[index])%)", .change)]
        }
        guard input.now - input.epochStart >= policy.stepEvery else { return [] }
        let verdict = input.verdicts.first { $0.canary == canary }
        let outcome = verdict?.outcome ?? .inconclusive(more: nil)
        let advance = outcome == .pass || (policy.advanceOnInconclusive && outcome != .fail)
        guard advance else {
            if state.heldEpoch != input.epoch {
                state.heldEpoch = input.epoch
                return [.note("steps: holding \(canary) at \(weight)%: \(outcome.label)", .info)]
            }
            return []
        }
        if last {
            state.finish = .promoted
            return [.note("steps: plan complete at \(weight)%, \(outcome.label)", .change)]
        }
        state.stepIndex = index + 1
        let next = steps[index + 1]
        let why = verdict.map { $0.outcome.label + ($0.outcome == .pass ? "" : " (--advance-on-inconclusive)") } ?? outcome.label
        return [write(canary, next, split: split, stable: stable,
                      reason: "steps: \(canary) \(weight)% → \(next)% (step \(index + 2) of \(steps.count)) after \(CanaryVerdictFormat.seconds((input.now - input.epochStart).rounded())), \(why)")]
    }

    /// Every split's weight with the canary at `weight` and the stable taking the rest.
    static func write(_ canary: String, _ weight: Weight, split: SplitView, stable: String, reason: String) -> RolloutCommand {
        var all: [String: Weight] = [:]
        for name in split.names { all[name] = split.weight(of: name) ?? .zero }
        let others = all.filter { $0.key != canary && $0.key != stable }.values.reduce(Weight.zero, +)
        all[canary] = weight
        all[stable] = Weight.full - weight - others
        return .write(.setAll(all), reason: reason)
    }
}
