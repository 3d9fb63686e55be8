import CanaryCore

/// Top row: target, probe rate and in-flight count, elapsed time, epoch and its age, apply mode;
/// the step plan and its position, the guard, slow requests in flight. When the row is too
/// narrow, parts go one at a time, least important first: time up, apply mode, rate, in flight,
/// epoch, … — the plan and PAUSED stay.
struct HeaderBar {
    let state: DashboardState

    private struct Part {
        let text: String
        let role: StyleRole
        /// 0 is always kept; the highest goes first.
        let priority: Int
    }

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .title)
        var parts = visible(parts, width: area.width)
        if parts.isEmpty { parts = [Part(text: "canarytop", role: .title, priority: 0)] }
        var x = area.x
        for (i, part) in parts.enumerated() {
            x = grid.put(i > 0 ? "  " : "", x: x, y: area.y, role: .title, clip: area)
            x = grid.put(part.text, x: x, y: area.y, role: part.role, clip: area)
        }
    }

    private var parts: [Part] {
        var parts = [Part(text: "canarytop", role: .title, priority: 0),
                     Part(text: state.setup.target, role: .title, priority: 2),
                     Part(text: "rate \(state.setup.rate)", role: .title, priority: 5),
                     Part(text: "in flight \(state.inFlight)", role: .title, priority: 4),
                     Part(text: "up \(Format.duration(state.now))", role: .title, priority: 7)]
        if let snapshot = state.snapshot {
            parts.append(Part(text: "epoch \(snapshot.epoch) (\(Format.duration(snapshot.time - snapshot.epochStart)))", role: .title, priority: 3))
        }
        if let passive = state.snapshot?.passive {
            let age = passive.age(at: state.snapshot?.time ?? state.now).map { " (\(Format.decimal($0, digits: 1))s old)" } ?? " (no data)"
            parts.append(Part(text: "source: \(passive.label)\(age)", role: passive.faults > 0 ? .warn : .title, priority: 1))
        }
        parts.append(Part(text: "apply \(state.setup.applyMode)", role: .title, priority: 6))
        if let owner = state.split.flatMap({ EntryOwner(meta: $0.entry.meta).display }) {
            parts.append(Part(text: owner, role: .warn, priority: 1))
        }
        if state.paused { parts.append(Part(text: "PAUSED", role: .title, priority: 0)) }
        if let plan = RolloutText.plan(state) { parts.append(Part(text: plan, role: .title, priority: 0)) }
        if let ramp = RolloutText.ramp(state) { parts.append(Part(text: ramp, role: .bad, priority: 0)) }
        if let guardState = RolloutText.guardState(state) {
            parts.append(Part(text: guardState, role: state.setup.readOnly ? .warn : .good, priority: 1))
        }
        if let slow = RolloutText.slowInFlight(state) { parts.append(Part(text: slow, role: .warn, priority: 2)) }
        return parts
    }

    /// `parts` without the least important ones, one at a time (the later of equals first),
    /// until they fit `width` or only priority 0 is left.
    private func visible(_ parts: [Part], width: Int) -> [Part] {
        var shown = parts
        while shown.reduce(0, { $0 + TextFlow.columns($1.text) + 2 }) - 2 > width,
            let top = shown.map(\.priority).max(), top > 0,
            let last = shown.lastIndex(where: { $0.priority == top }) {
            shown.remove(at: last)
        }
        return shown
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
        if let banner = RolloutText.countdownBanner(state) {
            x = grid.put(banner, x: x, y: y, role: .banner, clip: area) + 1
        }
        if state.setup.replay {
            let speed = state.paused ? "paused" : state.replaySpeed.label
            x = grid.put(" REPLAY \(speed) ", x: x, y: y, role: .banner, clip: area) + 1
        }
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

/// Bottom row: the most useful keys, in the key map's order; when they do not all fit, the
/// later ones go first, except `?` (help, which lists the rest) and `q` (quit), which stay.
struct KeyBar {
    let state: DashboardState

    func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        var items = KeyMap.visible(readOnly: state.setup.readOnly, replay: state.setup.replay).compactMap { binding in
            binding.short.map { (key: binding.label.split(separator: " ").first.map(String.init) ?? binding.label, short: $0) }
        }
        let kept: Set<String> = ["?", "q"]
        while items.reduce(0, { $0 + TextFlow.columns($1.key) + 1 + $1.short.count + 2 }) - 2 > area.width,
            let last = items.lastIndex(where: { !kept.contains($0.key) }) {
            items.remove(at: last)
        }
        var x = area.x
        for item in items {
            if x + TextFlow.columns(item.key) + item.short.count + 1 > area.maxX { break }
            x = grid.put(item.key, x: x, y: area.y, role: .key, clip: area)
            x = grid.put(" " + item.short + "  ", x: x, y: area.y, role: .dim, clip: area)
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
