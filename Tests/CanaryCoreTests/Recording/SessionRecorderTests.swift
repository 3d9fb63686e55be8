import Testing
@testable import CanaryCore

@Suite struct SessionRecorderTests {
    static func split(_ blue: Int) -> SplitView {
        RecordedSplit(service: "payments", names: ["blue", "green"], subsets: ["blue", "green"],
                      weights: [Weight(percent: blue), Weight(percent: 100 - blue)], stable: "blue", version: "v\(blue)").view
    }

    @Test func recordsKeysSplitsAndNewEventsOnce() {
        var state = DashboardState(setup: .init(target: "http://x/", rate: "20/s", applyMode: "file", readOnly: true))
        var recorder = SessionRecorder()
        _ = DashboardReducer.reduce(&state, .splitLoaded(Self.split(90), external: false))
        let first = recorder.observe(.splitLoaded(Self.split(90), external: false), state, at: 1)
        #expect(first == [.split(RecordedSplit(Self.split(90)), external: false, at: 1)])

        state.now = 2
        let key = DashboardAction.key(.char("r"))
        _ = DashboardReducer.reduce(&state, key)   // refused: read-only
        let refused = recorder.observe(key, state, at: 2)
        #expect(refused == [.key("r", at: 2), .event(kind: .warning, text: "read-only: weight keys are disabled", at: 2)])
        // Nothing new: nothing recorded.
        #expect(recorder.observe(.resize(width: 80, height: 24), state, at: 3).isEmpty)

        let external = DashboardAction.splitLoaded(Self.split(100), external: true)
        _ = DashboardReducer.reduce(&state, external)
        let changed = recorder.observe(external, state, at: 4)
        #expect(changed.first == .split(RecordedSplit(Self.split(100)), external: true, at: 4))
    }

    @Test func recordsAVerdictOnlyWhenItsOutcomeChanges() {
        var state = DashboardState(setup: .init(target: "http://x/", rate: "20/s", applyMode: "file"))
        var recorder = SessionRecorder()
        let inconclusive = CanaryVerdict(canary: "green", stable: "blue", outcome: .inconclusive(more: 5), checks: [],
                                         canaryRequests: 1, stableRequests: 1, slowInFlightCharged: 0, canaryRate: nil)
        state.verdicts = [inconclusive]
        let first = recorder.observe(.resize(width: 1, height: 1), state, at: 1)
        #expect(first.count == 1)
        guard case .verdict("green", "inconclusive", _, 1)? = first.first else { Issue.record("\(first)"); return }
        state.verdicts[0].outcome = .inconclusive(more: 3)
        #expect(recorder.observe(.resize(width: 1, height: 1), state, at: 2).isEmpty)
        state.verdicts[0].outcome = .fail
        let failed = recorder.observe(.resize(width: 1, height: 1), state, at: 3)
        guard case .verdict("green", "fail", _, 3)? = failed.first else { Issue.record("\(failed)"); return }
    }
}
