extension DashboardReducer {
    /// Judges every canary over the current epoch, counting slow requests in flight.
    static func judge(sentTimes: [Double], _ state: inout DashboardState) {
        guard let snapshot = state.snapshot, let stable = state.stableName else {
            state.verdicts = []
            state.slowInFlight = 0
            return
        }
        let policy = state.setup.verdict
        state.slowInFlight = policy.slo.map {
            VerdictJudge.slowInFlight(sentTimes: sentTimes, now: snapshot.time, epochStart: snapshot.epochStart, slo: $0)
        } ?? 0
        var splits: [(name: String, weight: Double)] = []
        var weights: [String: Double]?
        if let split = state.split {
            splits = split.names.map { ($0, Double((split.weight(of: $0) ?? .zero).hundredths) / 100) }
            weights = Dictionary(splits.map { ($0.name, $0.weight) }, uniquingKeysWith: +)
        }
        let view = snapshot.sinceEpoch
        guard let passive = snapshot.passive else {
            let canaries = VerdictJudge.canaries(splits: splits, stable: stable, view: view)
            state.verdicts = VerdictJudge.judge(
                view: view, stable: stable, canaries: canaries, slowInFlight: state.slowInFlight, weights: weights, policy: policy)
            return
        }
        // The mesh's counts: judged on their own with the probe off; beside the probe's otherwise.
        let meshView = passive.view(seconds: passive.epochSeconds)
        var canaries = VerdictJudge.canaries(splits: splits, stable: stable, view: meshView)
        let mesh = PassiveVerdictJudge.judge(passive, stable: stable, canaries: canaries, weights: weights, policy: policy)
        guard state.setup.probing else {
            state.verdicts = mesh
            return
        }
        for name in VerdictJudge.canaries(splits: splits, stable: stable, view: view) where !canaries.contains(name) {
            canaries.append(name)
        }
        let probe = VerdictJudge.judge(
            view: view, stable: stable, canaries: canaries, slowInFlight: state.slowInFlight, weights: weights, policy: policy)
        state.verdicts = probe.map { verdict in
            guard let other = mesh.first(where: { $0.canary == verdict.canary }) else { return verdict }
            var both = verdict
            both.checks += other.checks
            both.outcome = VerdictJudge.combine(both.checks.map(\.outcome))
            return both
        }
    }

    /// Lets the guard and the step plan act on the new verdicts.
    static func rollout(_ state: inout DashboardState) -> [DashboardEffect] {
        guard let snapshot = state.snapshot, !state.setup.readOnly else { return [] }
        let input = RolloutController.Input(
            now: snapshot.time, epoch: snapshot.epoch, epochStart: snapshot.epochStart, verdicts: state.verdicts,
            split: state.split, writesPending: state.writesPending)
        return perform(RolloutController.tick(&state.rollout, policy: state.setup.rollout, input), &state)
    }

    /// The controller's commands as effects and events.
    static func perform(_ commands: [RolloutCommand], _ state: inout DashboardState) -> [DashboardEffect] {
        var effects: [DashboardEffect] = []
        for command in commands {
            switch command {
            case .write(let request, let reason):
                state.staged = nil
                state.writesPending += 1
                effects.append(.write(request, reason: reason))
            case .note(let text, let kind):
                state.log(text, kind: kind)
            case .journal(let text):
                effects.append(.journal(text))
            }
        }
        return effects
    }
}
