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
            state.now = now
            if let previous = state.snapshot, previous.epoch != snapshot.epoch {
                state.log("epoch \(snapshot.epoch) began")
            }
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
            let issues = split.consulIssues
            if !issues.isEmpty, before?.consulIssues != issues {
                state.log(TerminalSafe.clean(
                    "splitter invalid: \(issues.joined(separator: "; ")) (Consul refuses it as it is: keys that move weight from it are refused)",
                    limit: 300), kind: .warning)
            }
            if external, let before, before.weights != split.weights {
                let change = WeightChange(names: split.names, before: before.weights, after: split.weights)
                state.log("changed outside canarytop: \(change.summary)", kind: .warning)
                if state.staged != nil {
                    state.staged = nil
                    state.log("staged change discarded: the splitter changed underneath", kind: .warning)
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
            state.log(summary, kind: .change)
            return []
        case .writeFailed(let message, let conflict):
            state.writesPending = max(0, state.writesPending - 1)
            state.alert = conflict ? "CONFLICT: \(message)" : "WRITE FAILED: \(message)"
            state.log(message, kind: .failure)
            return []
        case .note(let text, let kind):
            state.log(TerminalSafe.clean(text, limit: 300), kind: kind)
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
        if let prompt = state.prompt {
            guard let command = KeyMap.command(for: key, answering: true) else { return [] }
            return answer(prompt, command, &state)
        }
        let command = KeyMap.command(for: key)
        if state.showHelp {
            state.showHelp = false
            if command == .help || command == .cancel { return [] }
        }
        guard let command else { return [] }
        return run(command, key: key, &state)
    }

    /// Carries out `command`; `key` is what was pressed, for the event line when it is refused.
    private static func run(_ command: DashboardCommand, key: Key, _ state: inout DashboardState) -> [DashboardEffect] {
        switch command {
        case .selectPrevious:
            state.selected = max(0, state.selected - 1)
        case .selectNext:
            state.selected = min(max(0, state.rowNames.count - 1), state.selected + 1)
        case .shiftAway:
            return shiftSelected(by: -state.step, key: key, &state)
        case .shiftToward:
            return shiftSelected(by: state.step, key: key, &state)
        case .smallerStep:
            state.stepIndex = max(0, state.stepIndex - 1)
        case .largerStep:
            state.stepIndex = min(DashboardState.steps.count - 1, state.stepIndex + 1)
        case .stage(let percent):
            return setSelected(percent: percent, key: key, &state)
        case .apply:
            return applyStaged(&state)
        case .cancel:
            if state.rollout.countdown != nil {
                return perform(RolloutController.cancel(&state.rollout, epoch: state.snapshot?.epoch ?? 0), &state)
            }
            if state.staged != nil {
                state.staged = nil
                state.log("staged change discarded")
            }
        case .rollback:
            return rollback(&state)
        case .promote:
            guard writable(&state), let name = state.selectedName, state.split?.names.contains(name) == true else { return [] }
            state.prompt = .promote(name)
            return [.flushTypeahead]
        case .togglePause:
            state.paused.toggle()
            let what = state.setup.replay ? "replay" : "probe"
            state.log(state.paused ? "\(what) paused" : "\(what) resumed")
            return [.setPaused(state.paused)]
        case .clearTallies:
            if state.setup.replay {
                state.log("replay: the tallies are the recording's; c is off", kind: .warning)
                return []
            }
            state.log("tallies cleared")
            return [.clearTallies]
        case .toggleVerdict:
            state.showVerdict.toggle()
        case .toggleWindow:
            state.viewMode = state.viewMode == .epoch ? .window : .epoch
        case .nextTheme:
            state.themeIndex = (state.themeIndex + 1) % max(1, state.themeCount)
        case .help:
            state.showHelp = true
        case .replaySpeed:
            guard state.setup.replay else { return [] }
            state.replaySpeed = state.replaySpeed.next
            state.log("replay at \(state.replaySpeed.label)")
            return [.replay(.speed(state.replaySpeed))]
        case .replaySeek(let kind, let forward):
            guard state.setup.replay else { return [] }
            state.log("seek to the \(forward ? "next" : "previous") \(kind == .epoch ? "epoch" : "verdict change")")
            return [.replay(.seek(kind, forward: forward))]
        case .quit:
            if state.staged != nil {
                state.prompt = .quit
                return [.flushTypeahead]
            }
            return [.quit]
        case .confirm, .decline, .interrupt:
            break   // answers, only while a question waits
        }
        return []
    }

    private static func answer(_ prompt: DashboardState.Prompt, _ command: DashboardCommand, _ state: inout DashboardState) -> [DashboardEffect] {
        switch command {
        case .confirm:
            state.prompt = nil
            switch prompt {
            case .promote(let name):
                state.staged = nil
                state.writesPending += 1
                return [.write(.promote(name), reason: "operator promoted \(name) (P)")]
            case .quit:
                return [.quit]
            }
        case .decline:
            state.prompt = nil
        case .interrupt:
            state.prompt = nil
            if prompt == .quit { return [.quit] }
        case .rollback:
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
