import CanaryCore

/// What the header and the status line say about the guard and the step plan.
enum RolloutText {
    /// `steps 1›5›[25]›50›100 every 30s`: the plan with the step reached in brackets (or
    /// `(below step 1)` while the canary is under the first step), and how it ended
    /// (`promoted`, `rolled back`); nil without a plan.
    static func plan(_ state: DashboardState) -> String? {
        let policy = state.setup.rollout
        guard !policy.steps.isEmpty else { return nil }
        let marked = policy.steps.indices.map { i in
            i == state.rollout.stepIndex ? "[\(policy.steps[i])]" : "\(policy.steps[i])"
        }
        var text = "steps " + marked.joined(separator: "›")
        if let index = state.rollout.stepIndex, index < 0 { text += " (below step 1)" }
        switch state.rollout.finish {
        case .promoted?: text += " promoted"
        case .rolledBack?: text += " rolled back"
        case nil: text += " every \(Format.span(policy.stepEvery))"
        }
        return text
    }

    /// `guard on` when a FAIL makes canarytop roll back on its own (`--guard`, or walking
    /// steps); `guard off: read-only` when it would but cannot write; nil otherwise.
    static func guardState(_ state: DashboardState) -> String? {
        guard state.setup.rollout.rollsBackOnFail else { return nil }
        return state.setup.readOnly ? "guard off: read-only" : "guard on"
    }

    /// `ramp 2/4` while an automatic rollback returns traffic in stages.
    static func ramp(_ state: DashboardState) -> String? {
        state.rollout.ramp.map { "ramp \($0.stage)/\(state.setup.rollout.rampStages)" }
    }

    /// `slow in flight 3` (with `--slo`): requests of this epoch in flight past the SLO, each
    /// charged to the canary until it lands.
    static func slowInFlight(_ state: DashboardState) -> String? {
        guard state.setup.verdict.slo != nil, state.slowInFlight > 0 else { return nil }
        return "slow in flight \(state.slowInFlight)"
    }

    /// ` GUARD: rolling back green in 2.4 s — Esc cancels ` while the countdown runs.
    static func countdownBanner(_ state: DashboardState) -> String? {
        guard let left = state.countdownLeft, let countdown = state.rollout.countdown else { return nil }
        return " GUARD: rolling back \(countdown.canary) in \(FixedPoint.format(left, digits: 1)) s — Esc cancels "
    }
}
