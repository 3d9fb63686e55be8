import CanaryTesting
import CanaryCore
import CanaryScreen
import CanaryStore
import CanaryTerminal
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// A feed with fixed tallies that records what the runtime asked of it.
final class FakeFeed: DashboardFeed {
    let log = Mutex<[String]>([])
    let tallies: Mutex<Tallies>

    init() {
        var t = Tallies(subsets: ["blue", "green"], startingAt: 0)
        t.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.005), at: 0.1)
        t.record(Observation(subset: "green", status: 500, body: .trace, latency: 5), at: 0.1)
        tallies = Mutex(t)
    }

    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        (tallies.withLock { $0.snapshot(at: now) }, 0, [])
    }

    func setPaused(_ paused: Bool) { log.withLock { $0.append("paused \(paused)") } }

    func startEpoch(at now: Double) {
        tallies.withLock { $0.startEpoch(at: now) }
        log.withLock { $0.append("epoch") }
    }
}

@Suite(.sharedMachine) struct DashboardRuntimeTests {
    static let splitter = """
        kind = "service-splitter",
        name = "payments"

        splits = [
          {
            weight = 50,
            service_subset = "blue"
          },
          {
            weight = 50,
            service_subset = "green"
          }
        ]
        """

    /// Runs the loop on its own thread (it blocks while waiting for writes) and returns its final state.
    private func run(_ runtime: DashboardRuntime) async -> DashboardState {
        await withCheckedContinuation { (c: CheckedContinuation<DashboardState, Never>) in
            nonisolated(unsafe) let r = runtime
            Thread { c.resume(returning: r.run()) }.start()
        }
    }

    private func make(
        _ terminal: MemoryTerminal, store: MemorySplitterStore, dryRun: Bool = false
    ) async throws -> (DashboardRuntime, FakeFeed) {
        let feed = FakeFeed()
        let inbox = Inbox()
        let editor = SplitterEditor(store: store, apply: .file, journal: nil, resolver: nil, stable: "blue",
                                    operatorName: "test", now: { "t" })
        let clock = Mutex(0.0)
        let now: @Sendable () -> Double = { clock.withLock { $0 += 0.01; return $0 } }
        let writer = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: dryRun, now: now)
        var state = DashboardState(setup: .init(target: "http://t/", rate: "20/s", applyMode: "file", dryRun: dryRun))
        _ = DashboardReducer.reduce(&state, .splitLoaded(try await writer.load(), external: false))
        let runtime = DashboardRuntime(terminal: terminal, state: state, feed: feed, writer: writer, inbox: inbox,
                                       themes: [Theme.builtIn], frameMilliseconds: 0, now: now)
        return (runtime, feed)
    }

    @Test func rollbackKeyWritesTheSplitterAndStartsAnEpoch() async throws {
        let store = MemorySplitterStore(text: Self.splitter)
        let terminal = MemoryTerminal()
        terminal.type(.key(.char("r")), .key(.char("q")))
        let (runtime, feed) = try await make(terminal, store: store)
        let final = await run(runtime)
        #expect(store.writes.count == 1)
        #expect(store.writes.first?.contains("weight = 100,\n    service_subset = \"blue\"") == true)
        #expect(store.writes.first?.contains("weight = 0,\n    service_subset = \"green\"") == true)
        #expect(feed.log.withLock { $0 } == ["epoch"])
        #expect(final.split?.weights == [Weight(percent: 100), Weight(percent: 0)])
        #expect(final.events.events.contains { $0.kind == .change && $0.text.contains("blue 50→100, green 50→0") })
        // The last frame shows the new weights.
        let lines = try #require(terminal.lastGrid).lines
        #expect(lines.contains { $0.hasPrefix("blue") && $0.contains("100%") })
    }

    @Test func stagedChangeIsWrittenOnlyOnEnterAndWritesKeepTheirOrder() async throws {
        let store = MemorySplitterStore(text: Self.splitter)
        let terminal = MemoryTerminal()
        terminal.type(.key(.down), .key(.right), .key(.right), .key(.enter), .key(.char("r")), .key(.char("q")))
        let (runtime, _) = try await make(terminal, store: store)
        let final = await run(runtime)
        #expect(store.writes.count == 2)
        #expect(store.writes[0].contains("weight = 40,"))
        #expect(store.writes[1].contains("weight = 100,"))
        #expect(final.split?.weights == [Weight(percent: 100), Weight(percent: 0)])
        #expect(final.staged == nil)
    }

    @Test func conflictKeepsTheStagedChangeAndShowsTheAlert() async throws {
        let store = MemorySplitterStore(text: Self.splitter)
        let terminal = MemoryTerminal()
        let (runtime, _) = try await make(terminal, store: store)
        store.editExternally(Self.splitter)   // same text, new version: the write must lose
        // Stage, apply (conflict), then quit with the change still staged (answer y).
        terminal.type(.key(.down), .key(.right), .key(.enter), .key(.char("q")))
        terminal.typeAfterFlush(.key(.char("y")))
        let final = await run(runtime)
        #expect(store.writes.isEmpty)
        #expect(final.alert?.hasPrefix("CONFLICT") == true)
        #expect(final.staged == [Weight(percent: 45), Weight(percent: 55)])
    }

    @Test func dryRunWritesNothing() async throws {
        let store = MemorySplitterStore(text: Self.splitter)
        let terminal = MemoryTerminal()
        terminal.type(.key(.char("r")), .key(.char("q")))
        let (runtime, _) = try await make(terminal, store: store, dryRun: true)
        let final = await run(runtime)
        #expect(store.writes.isEmpty)
        #expect(final.events.events.contains { $0.text.contains("dry run: would write rollback") })
        #expect(try #require(terminal.lastGrid).lines[1].contains("DRY RUN"))
    }

    @Test func pauseClearAndPromptFlushReachTheShell() async throws {
        let store = MemorySplitterStore(text: Self.splitter)
        let terminal = MemoryTerminal()
        terminal.type(.key(.char(" ")), .key(.char("c")), .key(.down), .key(.char("P")))
        let (runtime, feed) = try await make(terminal, store: store)
        // The prompt flushed the queue, so the quit keys come after it.
        terminal.typeAfterFlush(.key(.char("n")), .key(.char("q")))
        let final = await run(runtime)
        #expect(feed.log.withLock { $0 } == ["paused true", "epoch"])
        #expect(terminal.flushes == 1)
        #expect(final.prompt == nil)
        #expect(store.writes.isEmpty)
    }
}
