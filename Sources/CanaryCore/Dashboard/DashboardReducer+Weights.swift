extension DashboardReducer {
    /// Whether weight keys may act; says why not in the events pane.
    static func writable(_ state: inout DashboardState) -> Bool {
        if state.setup.readOnly {
            state.log("read-only: weight keys are disabled", kind: .warning)
            return false
        }
        if state.split == nil {
            state.log("no splitter given (--splitter or --consul-entry): nothing to steer", kind: .warning)
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

    /// ←/→ (`h`/`l`, `-`/`+`): stage moving weight toward (or away from) the selected split by
    /// `points`. Refused, with the key and Consul's words on the event line, when the splitter
    /// is one Consul would refuse: a shift from invalid weights would silently repair them.
    static func shiftSelected(by points: Int, key: Key, _ state: inout DashboardState) -> [DashboardEffect] {
        guard writable(&state), let split = state.split, let name = selectedSplit(&state) else { return [] }
        let base = state.staged ?? split.weights
        stage(.shift(toward: name, by: Weight(percent: points)), on: base, split, key: key, &state)
        return []
    }

    /// Digits: stage the selected split at 10 %…90 % (`0` → 0 %).
    static func setSelected(percent: Int, key: Key, _ state: inout DashboardState) -> [DashboardEffect] {
        guard writable(&state), let split = state.split, let name = selectedSplit(&state) else { return [] }
        let base = state.staged ?? split.weights
        stage(.set(name, to: Weight(percent: percent)), on: base, split, key: key, &state)
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
            state.log("\(state.selectedName ?? "this row") is not a split of the splitter", kind: .warning)
            return nil
        }
        return name
    }

    private static func stage(_ edit: WeightEdit, on base: [Weight], _ split: SplitView, key: Key, _ state: inout DashboardState) {
        do {
            let change = try edit.apply(to: split.entry.withWeights(base), resolver: split.resolver)
            state.staged = change.after == split.weights ? nil : change.after
        } catch {
            state.log("\(key.label) refused: \(error)", kind: .warning)
        }
    }
}
