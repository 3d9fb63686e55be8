import CanaryCore

/// Top row: target, probe rate and in-flight count, elapsed time, epoch and its age, apply mode.
struct HeaderBar {
    let state: DashboardState

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .title)
        var parts = ["canarytop", state.setup.target, "rate \(state.setup.rate)", "in flight \(state.inFlight)",
                     "up \(Format.duration(state.now))"]
        if let snapshot = state.snapshot {
            parts.append("epoch \(snapshot.epoch) (\(Format.duration(snapshot.time - snapshot.epochStart)))")
        }
        parts.append("apply \(state.setup.applyMode)")
        if state.paused { parts.append("PAUSED") }
        grid.put(parts.joined(separator: "  "), x: area.x, y: area.y, role: .title, clip: area)
    }
}

/// Second row: what must not be missed — a question, a failed write, read-only/dry-run, a staged change.
struct StatusLine {
    let state: DashboardState

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        let y = area.y
        if let prompt = state.prompt {
            let text: String
            switch prompt {
            case .promote(let name): text = "Promote \(name) to 100 %? y to confirm, n or Esc to cancel"
            case .quit: text = "A change is staged and not applied. Quit anyway? y/n"
            }
            grid.put(" " + text + " ", x: area.x, y: y, role: .banner, clip: area)
            return
        }
        var x = area.x
        if state.setup.readOnly { x = grid.put(" READ-ONLY ", x: x, y: y, role: .banner, clip: area) + 1 }
        if state.setup.dryRun { x = grid.put(" DRY RUN: nothing is written ", x: x, y: y, role: .banner, clip: area) + 1 }
        if let alert = state.alert {
            x = grid.put(" " + alert + " ", x: x, y: y, role: .bad, clip: area) + 1
        }
        if let change = state.stagedChange, !change.isNoChange {
            x = grid.put("STAGED \(change.summary)  Enter apply · Esc discard", x: x, y: y, role: .staged, clip: area) + 1
        } else if state.writesPending > 0 {
            x = grid.put("writing…", x: x, y: y, role: .warn, clip: area) + 1
        } else if let split = state.split, x == area.x {
            let weights = zip(split.names, split.weights).map { "\($0) \($1)%" }.joined(separator: "  ")
            grid.put("\(split.entry.name): \(weights)  step \(state.step)  \(split.version.prefix(20))", x: x, y: y, role: .dim, clip: area)
        }
    }
}

/// Bottom row: the most useful keys; `?` for all of them.
struct KeyBar {
    let state: DashboardState

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        var x = area.x
        for binding in KeyMap.visible(readOnly: state.setup.readOnly) {
            guard let short = binding.short else { continue }
            let key = binding.keys.split(separator: " ").first.map(String.init) ?? binding.keys
            if x + key.count + short.count + 2 > area.maxX { break }
            x = grid.put(key, x: x, y: area.y, role: .key, clip: area)
            x = grid.put(" " + short + "  ", x: x, y: area.y, role: .dim, clip: area)
        }
    }
}

/// The events pane: newest at the bottom, coloured by kind.
struct EventsPane {
    let state: DashboardState

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.put("EVENTS", x: area.x, y: area.y, role: .title, clip: area)
        let rows = area.height - 1
        guard rows > 0 else { return }
        let shown = state.events.events.suffix(rows)
        for (i, event) in shown.enumerated() {
            let role: StyleRole
            switch event.kind {
            case .info: role = .dim
            case .change: role = .good
            case .warning: role = .warn
            case .failure: role = .bad
            }
            var text = "\(Format.duration(event.time)) \(event.text)"
            if i == shown.count - 1, state.events.repeats > 0 { text += " (×\(state.events.repeats + 1))" }
            grid.put(text, x: area.x, y: area.y + 1 + i, role: role, clip: area)
        }
    }
}
