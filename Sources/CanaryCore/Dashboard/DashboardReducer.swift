/// The dashboard's one update function: `(state, action) → (state, effects)`.
///
/// Pure: no I/O, no clock (time arrives in actions). Writes are asked for as effects and their
/// outcome comes back as actions, so every key's behaviour is tested without a terminal.
public enum DashboardReducer {
    public static func reduce(_ state: inout DashboardState, _ action: DashboardAction) -> [DashboardEffect] {
        switch action {
        case .key(let key):
            return handle(key, &state)
        case .tick(let snapshot, let inFlight, let now, let sentTimes):
            if let previous = state.snapshot, previous.epoch != snapshot.epoch {
                state.events.append(.init(time: now, kind: .info, text: "epoch \(snapshot.epoch) began"))
            }
            state.now = now
            notices(to: snapshot, &state)
            state.snapshot = snapshot
            state.inFlight = inFlight
            state.history.sample(snapshot)
            clampSelection(&state)
            judge(sentTimes: sentTimes, &state)
            return rollout(&state)
        case .splitLoaded(let split, let external):
            let before = state.split
            state.split = split
            if external, let before, before.weights != split.weights {
                let change = WeightChange(names: split.names, before: before.weights, after: split.weights)
                state.events.append(.init(time: state.now, kind: .warning, text: "changed outside canarytop: \(change.summary)"))
                if state.staged != nil {
                    state.staged = nil
                    state.events.append(.init(time: state.now, kind: .warning, text: "staged change discarded: the splitter changed underneath"))
                }
            }
            if let staged = state.staged, staged.count != split.names.count { state.staged = nil }
            clampSelection(&state)
            return []
        case .writeSucceeded(let summary, let split):
            state.writesPending = max(0, state.writesPending - 1)
            if let staged = state.staged, staged == split.weights { state.staged = nil }
            state.split = split
            state.alert = nil
            state.events.append(.init(time: state.now, kind: .change, text: summary))
            return []
        case .writeFailed(let message, let conflict):
            state.writesPending = max(0, state.writesPending - 1)
            state.alert = conflict ? "CONFLICT: \(message)" : "WRITE FAILED: \(message)"
            state.events.append(.init(time: state.now, kind: .failure, text: message))
            return []
        case .note(let text, let kind):
            state.events.append(.init(time: state.now, kind: kind, text: TerminalSafe.clean(text, limit: 300)))
            return []
        case .resize(let width, let height):
            state.width = max(0, width)
            state.height = max(0, height)
            return []
        case .terminate:
            state.prompt = nil
            return [.quit]
        }
    }

    private static func handle(_ key: Key, _ state: inout DashboardState) -> [DashboardEffect] {
        if let prompt = state.prompt { return answer(prompt, key, &state) }
        if state.showHelp {
            state.showHelp = false
            if key == .char("?") || key == .escape { return [] }
        }
        switch key {
        case .up, .char("k"):
            state.selected = max(0, state.selected - 1)
        case .down, .char("j"):
            state.selected = min(max(0, state.rowNames.count - 1), state.selected + 1)
        case .left, .char("h"):
            return shiftSelected(by: -state.step, &state)
        case .right, .char("l"):
            return shiftSelected(by: state.step, &state)
        case .char("["):
            state.stepIndex = max(0, state.stepIndex - 1)
        case .char("]"):
            state.stepIndex = min(DashboardState.steps.count - 1, state.stepIndex + 1)
        case .char(let c) where c.isASCII && c.isNumber:
            return setSelected(percent: Int(String(c))! * 10, &state)
        case .enter:
            return applyStaged(&state)
        case .escape:
            if state.rollout.countdown != nil {
                return perform(RolloutController.cancel(&state.rollout, epoch: state.snapshot?.epoch ?? 0), &state)
            }
            if state.staged != nil {
                state.staged = nil
                state.events.append(.init(time: state.now, kind: .info, text: "staged change discarded"))
            }
        case .char("r"):
            return rollback(&state)
        case .char("P"):
            guard writable(&state), let name = state.selectedName, state.split?.names.contains(name) == true else { return [] }
            state.prompt = .promote(name)
            return [.flushTypeahead]
        case .char(" "):
            state.paused.toggle()
            state.events.append(.init(time: state.now, kind: .info, text: state.paused ? "probe paused" : "probe resumed"))
            return [.setPaused(state.paused)]
        case .char("c"):
            state.events.append(.init(time: state.now, kind: .info, text: "tallies cleared"))
            return [.clearTallies]
        case .char("v"):
            state.showVerdict.toggle()
        case .char("w"):
            state.viewMode = state.viewMode == .epoch ? .window : .epoch
        case .char("t"):
            state.themeIndex = (state.themeIndex + 1) % max(1, state.themeCount)
        case .char("?"), .function(1):
            state.showHelp = true
        case .char("q"), .interrupt:
            if state.staged != nil {
                state.prompt = .quit
                return [.flushTypeahead]
            }
            return [.quit]
        default:
            break
        }
        return []
    }

    private static func answer(_ prompt: DashboardState.Prompt, _ key: Key, _ state: inout DashboardState) -> [DashboardEffect] {
        switch key {
        case .char("y"), .char("Y"):
            state.prompt = nil
            switch prompt {
            case .promote(let name):
                state.staged = nil
                state.writesPending += 1
                return [.write(.promote(name), reason: "operator promoted \(name) (P)")]
            case .quit:
                return [.quit]
            }
        case .char("n"), .char("N"), .escape, .char("q"):
            state.prompt = nil
        case .interrupt:
            state.prompt = nil
            if prompt == .quit { return [.quit] }
        case .char("r"):
            // The safe direction is never held up, not even by a question on screen.
            state.prompt = nil
            return rollback(&state)
        default:
            break
        }
        return []
    }

    static func clampSelection(_ state: inout DashboardState) {
        state.selected = min(max(0, state.selected), max(0, state.rowNames.count - 1))
    }
}
