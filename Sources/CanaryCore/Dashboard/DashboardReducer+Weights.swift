extension DashboardReducer {
    /// Whether weight keys may act; says why not in the events pane.
    static func writable(_ state: inout DashboardState) -> Bool {
        if state.setup.readOnly {
            state.events.append(.init(time: state.now, kind: .warning, text: "read-only: weight keys are disabled"))
            return false
        }
        if state.split == nil {
            state.events.append(.init(time: state.now, kind: .warning, text: "no splitter given (--splitter or --consul-entry): nothing to steer"))
            return false
        }
        return true
    }

    /// `r`: everything to stable, at once, unconfirmed; supersedes any staged change.
    static func rollback(_ state: inout DashboardState) -> [DashboardEffect] {
        guard writable(&state) else { return [] }
        state.staged = nil
        state.rollout.countdown = nil
        state.writesPending += 1
        return [.write(.rollback, reason: "operator rollback (r)")]
    }

    /// ←/→: stage moving weight toward (or away from) the selected split by `points`.
    static func shiftSelected(by points: Int, _ state: inout DashboardState) -> [DashboardEffect] {
        guard writable(&state), let split = state.split, let name = selectedSplit(&state) else { return [] }
        let base = state.staged ?? split.weights
        stage(.shift(toward: name, by: Weight(percent: points)), on: base, split, &state)
        return []
    }

    /// Digits: stage the selected split at 10 %…90 % (`0` → 0 %).
    static func setSelected(percent: Int, _ state: inout DashboardState) -> [DashboardEffect] {
        guard writable(&state), let split = state.split, let name = selectedSplit(&state) else { return [] }
        let base = state.staged ?? split.weights
        stage(.set(name, to: Weight(percent: percent)), on: base, split, &state)
        return []
    }

    /// Enter: apply the staged weights.
    static func applyStaged(_ state: inout DashboardState) -> [DashboardEffect] {
        guard let change = state.stagedChange, !change.isNoChange else { return [] }
        guard writable(&state) else { return [] }
        var all: [String: Weight] = [:]
        for (name, weight) in zip(change.names, change.after) { all[name] = weight }
        state.writesPending += 1
        return [.write(.setAll(all), reason: "operator applied \(change.summary)")]
    }

    private static func selectedSplit(_ state: inout DashboardState) -> String? {
        guard let name = state.selectedName, state.split?.names.contains(name) == true else {
            state.events.append(.init(time: state.now, kind: .warning, text: "\(state.selectedName ?? "this row") is not a split of the splitter"))
            return nil
        }
        return name
    }

    private static func stage(_ edit: WeightEdit, on base: [Weight], _ split: SplitView, _ state: inout DashboardState) {
        do {
            let change = try edit.apply(to: split.entry.withWeights(base), resolver: split.resolver)
            state.staged = change.after == split.weights ? nil : change.after
        } catch {
            state.events.append(.init(time: state.now, kind: .warning, text: "\(error)"))
        }
    }
}
