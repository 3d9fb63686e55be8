import CanaryCore
import CanaryScreen
import CanaryStore
import CanaryTerminal
import CanaryTesting
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// A feed whose canary plainly fails: 40 stable replies, 40 canary 500s.
final class FailingFeed: DashboardFeed {
    let tallies: Mutex<Tallies>

    init() {
        var t = Tallies(subsets: ["blue", "green"], startingAt: 0)
        for i in 0..<40 {
            t.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.01), at: Double(i) * 0.001)
            t.record(Observation(subset: "green", status: 500, body: .trace, latency: 0.01), at: Double(i) * 0.001)
        }
        tallies = Mutex(t)
    }

    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        (tallies.withLock { $0.snapshot(at: now) }, 0, [])
    }

    func setPaused(_ paused: Bool) {}
    func startEpoch(at now: Double) { tallies.withLock { $0.startEpoch(at: now) } }
}

/// The guard through the real runtime, writer, editor and journal.
@Suite(.sharedMachine) struct GuardRuntimeTests {
    private func run(_ runtime: DashboardRuntime) async -> DashboardState {
        await withCheckedContinuation { (c: CheckedContinuation<DashboardState, Never>) in
            nonisolated(unsafe) let r = runtime
            Thread { c.resume(returning: r.run()) }.start()
        }
    }

    private func make(_ terminal: MemoryTerminal, store: MemorySplitterStore, journal: String, countdown: Double) async throws -> DashboardRuntime {
        let feed = FailingFeed()
        let inbox = Inbox()
        let editor = SplitterEditor(store: store, apply: .file, journal: Journal(path: journal), resolver: nil, stable: "blue",
                                    operatorName: "test", now: { "t" })
        let clock = Mutex(0.0)
        let now: @Sendable () -> Double = { clock.withLock { $0 += 0.01; return $0 } }
        let writer = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: false, now: now)
        var state = DashboardState(setup: .init(
            target: "http://t/", rate: "20/s", applyMode: "file", rollout: RolloutPolicy(guardEnabled: true, countdown: countdown)))
        _ = DashboardReducer.reduce(&state, .splitLoaded(try await writer.load(), external: false))
        return DashboardRuntime(terminal: terminal, state: state, feed: feed, writer: writer, inbox: inbox,
                                themes: [Theme.builtIn], frameMilliseconds: 0, now: now)
    }

    private func journalLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func escCancelsTheCountdownAndTheCancelIsJournaled() async throws {
        let dir = try TemporaryDirectory()
        let store = MemorySplitterStore(text: DashboardRuntimeTests.splitter)
        let terminal = MemoryTerminal()
        // The first frame starts the countdown; Esc then cancels it; q quits.
        terminal.type(.key(.escape), .key(.char("q")))
        let final = await run(try await make(terminal, store: store, journal: dir.file("j"), countdown: 30))
        #expect(store.writes.isEmpty)
        #expect(final.rollout.cancelledEpoch == 1)
        let lines = try journalLines(dir.file("j"))
        #expect(lines.count == 1)
        #expect(lines.first?["operation"] as? String == "guard-cancel")
        #expect(lines.first?["result"] as? String == "nothing written")
        #expect((lines.first?["reason"] as? String)?.hasPrefix("operator cancelled the automatic rollback: guard: green FAIL vs blue: 5xx 40/40 vs 0/40") == true)
    }

    @Test func withoutCountdownTheGuardRollsBackAndJournalsTheVerdict() async throws {
        let dir = try TemporaryDirectory()
        let store = MemorySplitterStore(text: DashboardRuntimeTests.splitter)
        let terminal = MemoryTerminal()
        // The first frame asks for the rollback; quitting waits for the write in progress.
        terminal.type(.key(.char("q")))
        let final = await run(try await make(terminal, store: store, journal: dir.file("j"), countdown: 0))
        #expect(store.writes.count == 1)
        #expect(store.writes.first?.contains("weight = 0,\n    service_subset = \"green\"") == true)
        #expect(final.split?.weights == [Weight(percent: 100), Weight(percent: 0)])
        let lines = try journalLines(dir.file("j"))
        #expect(lines.first?["operation"] as? String == "rollback")
        #expect((lines.first?["reason"] as? String)?.hasPrefix("guard: green FAIL vs blue: 5xx 40/40 vs 0/40 (+100.0pp, max 1pp, p=") == true)
    }
}
