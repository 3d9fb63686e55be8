/// `--steps`: walk the canary through the plan's weights while its verdict allows.
///
/// ``RolloutState/stepIndex`` is the step the canary is at (the last not above its weight;
/// -1 below the first step, while the first write is on its way).
///
/// At each step the canary stays at least `--step-every` (counted from the epoch the step's
/// write began), then advances on PASS (or on anything but FAIL with
/// `--advance-on-inconclusive`), holds on INCONCLUSIVE; a FAIL is the guard's. A weight changed
/// by someone else moves the plan to the step at or below it; a canary at 0 ends the plan as
/// rolled back; the last step reached ends it as promoted. On a splitter Consul would refuse
/// (weights adding up to 80, say) the plan holds and says why: a step written over it would
/// silently repair it.
enum StepPlan {
    static func tick(
        _ state: inout RolloutState, policy: RolloutPolicy, _ input: RolloutController.Input, split: SplitView, stable: String
    ) -> [RolloutCommand] {
        let issues = split.consulIssues
        guard issues.isEmpty else {
            if state.heldEpoch != input.epoch {
                state.heldEpoch = input.epoch
                return [.note("steps: holding: \(issues.joined(separator: "; ")) (Consul refuses the splitter as it is); fix its weights or roll back", .warning)]
            }
            return []
        }
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
        // The step the canary is at: the last one not above its weight; -1 below the first.
        let at = steps.lastIndex(where: { $0 <= weight }) ?? -1
        guard let index = state.stepIndex else {
            state.stepIndex = at
            if at >= 0 { return [.note("steps: \(canary) at \(weight)% is step \(at + 1) of \(steps.count)", .info)] }
            return start(&state, canary, steps, split: split, stable: stable, now: input.now)
        }
        if index < 0 {
            // Waiting for the first step's write; a failed one is retried after a second.
            if at >= 0 {
                state.stepIndex = at
                return []
            }
            guard state.retryAfter.map({ input.now >= $0 }) ?? true else { return [] }
            return start(&state, canary, steps, split: split, stable: stable, now: input.now)
        }
        if weight == .zero {
            state.finish = .rolledBack(reason: "\(canary) set to 0% outside the plan")
            return [.note("steps: \(canary) is at 0%: the plan ends as rolled back", .warning)]
        }
        if at != index {
            state.stepIndex = at
            let position = at >= 0 ? "now step \(at + 1) of \(steps.count)" : "below step 1"
            return [.note("steps: \(canary) at \(weight)% (changed outside the plan): \(position)", .warning)]
        }
        let last = index == steps.count - 1
        if last, weight == .full {
            state.finish = .promoted
            return [.note("steps: \(canary) promoted (\(weight)%)", .change)]
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
        let held = CanaryVerdictFormat.seconds((input.now - input.epochStart).rounded())
        let why = verdict?.reason ?? outcome.label
        return [write(canary, next, split: split, stable: stable,
                      reason: "steps: \(canary) \(weight)% → \(next)% (step \(index + 2) of \(steps.count)) after \(held), \(why)")]
    }

    /// Asks for the first step.
    static func start(_ state: inout RolloutState, _ canary: String, _ steps: [Weight], split: SplitView, stable: String, now: Double) -> [RolloutCommand] {
        state.retryAfter = now + 1
        return [write(canary, steps[0], split: split, stable: stable, reason: "steps: start \(canary) at \(steps[0])% (step 1 of \(steps.count))")]
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
