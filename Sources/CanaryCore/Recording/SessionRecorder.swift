/// What a watch records besides the tallies: after each action the reducer took, the key
/// pressed, the splitter if it changed, each canary whose verdict changed, and each new line
/// of the events pane (guard actions, writes, what a key did).
///
/// Pure: the runtime hands it each action with the state after it and the time.
public struct SessionRecorder: Sendable {
    private var eventsSeen = 0
    private var outcomes: [String: String] = [:]
    private var split: RecordedSplit?

    public init() {}

    /// The entries `action` produced, which left the dashboard in `state`, at `t`.
    public mutating func observe(_ action: DashboardAction, _ state: DashboardState, at t: Double) -> [RecordingEntry] {
        var out: [RecordingEntry] = []
        if case .key(let key) = action { out.append(.key(key.label, at: t)) }
        if let view = state.split {
            let now = RecordedSplit(view)
            if now != split {
                var external = false
                if case .splitLoaded(_, true) = action { external = true }
                out.append(.split(now, external: external, at: t))
                split = now
            }
        }
        for verdict in state.verdicts {
            let name = verdict.outcome.name
            if outcomes.updateValue(name, forKey: verdict.canary) != name {
                out.append(.verdict(canary: verdict.canary, outcome: name, reason: verdict.reason, at: t))
            }
        }
        for event in state.events.since(eventsSeen) where !event.text.isEmpty {
            out.append(.event(kind: event.kind, text: event.text, at: event.time))
        }
        eventsSeen = state.events.appended
        return out
    }
}
