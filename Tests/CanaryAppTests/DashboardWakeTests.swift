import CanaryCore
import CanaryScreen
import CanaryStore
import CanaryTerminal
import CanaryTesting
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// A terminal whose reads wait as a real one does — until the timeout, a key, or its wake-up —
/// and whose first read has another thread post to the dashboard's inbox while it waits.
/// Notes why each read ended and how many draws came before it; types `q` on the second read.
private final class WaitingTerminal: TerminalBackend, @unchecked Sendable {
    let wake = WakeSignal()
    let size = (width: 100, height: 30)
    private(set) var draws = 0
    private(set) var lastGrid: Grid?
    private(set) var drawsAtRead: [Int] = []
    private(set) var timeouts: [Int] = []
    private(set) var reasons: [WakeSignal.Reason] = []
    private let postMeanwhile: @Sendable () -> Void

    init(postMeanwhile: @escaping @Sendable () -> Void) {
        self.postMeanwhile = postMeanwhile
    }

    func draw(_ grid: Grid, theme: Theme) {
        draws += 1
        lastGrid = grid
    }

    func read(timeoutMilliseconds: Int) -> TerminalInput? {
        drawsAtRead.append(draws)
        timeouts.append(timeoutMilliseconds)
        guard reasons.isEmpty else { return .key(.char("q")) }
        Thread { [postMeanwhile] in postMeanwhile() }.start()
        reasons.append(wake.wait(milliseconds: timeoutMilliseconds))
        return nil
    }

    func flushInput() {}
    func restore() {}
}

@Suite(.sharedMachine) struct DashboardWakeTests {
    @Test func aPostToTheInboxEndsTheReadAtOnceAndIsDrawn() async throws {
        let inbox = Inbox()
        let terminal = WaitingTerminal { inbox.post(.note("posted from another thread", .warning)) }
        // Frames an hour apart: only the post can end the first read before the deadline.
        let runtime = DashboardRuntime(
            terminal: terminal, state: DashboardState(setup: .init(target: "http://t/", rate: "20/s", applyMode: "file")),
            feed: FakeFeed(), writer: nil, inbox: inbox, themes: [Theme.builtIn], frameMilliseconds: 3_600_000,
            now: { 1 }, frameClock: { 0 })
        nonisolated(unsafe) let r = runtime
        let final = try await Deadline.within(60, "the post wakes the dashboard") {
            try await OwnThread.run { r.run() }
        }
        #expect(terminal.timeouts.first ?? 0 >= 3_599_000)
        #expect(terminal.reasons == [.woken])
        // The first frame before the first read; the post reduced and drawn before the second.
        #expect(terminal.drawsAtRead == [1, 2])
        #expect(final.events.events.contains { $0.text == "posted from another thread" })
        #expect(terminal.lastGrid?.lines.contains { $0.contains("posted from another thread") } == true)
    }

    @Test func aWriteUnderWayIsWaitedForWithoutPolling() async throws {
        // The rollback key's write runs as a task while the dashboard sleeps in a read that would
        // last an hour; the posts that follow the write (its outcome, then the store's terminate)
        // end that read — no read times out, none is cut short on a timer.
        let inbox = Inbox()
        // Posts `.terminate` once a write has landed (as an operator would quit on seeing it): the
        // dashboard's read must be woken by the posts, not by a timeout.
        let store = AfterWriteStore(inner: MemorySplitterStore(text: DashboardRuntimeTests.splitter)) { inbox.post(.terminate) }
        let terminal = MemoryTerminal(waitsOutTimeouts: true)
        terminal.type(.key(.char("r")))
        let feed = FakeFeed()
        let editor = SplitterEditor(store: store, apply: .file, journal: nil, resolver: nil, stable: "blue",
                                    operatorName: "test", now: { "t" })
        let writer = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: false, now: { 1 })
        var state = DashboardState(setup: .init(target: "http://t/", rate: "20/s", applyMode: "file"))
        _ = DashboardReducer.reduce(&state, .splitLoaded(try await writer.load(), external: false))
        let runtime = DashboardRuntime(
            terminal: terminal, state: state, feed: feed, writer: writer, inbox: inbox, themes: [Theme.builtIn],
            frameMilliseconds: 3_600_000, now: { 1 }, frameClock: { 0 })
        nonisolated(unsafe) let r = runtime
        let final = try await Deadline.within(60, "the write's posts wake the dashboard") {
            try await OwnThread.run { r.run() }
        }
        #expect(final.split?.weights == [Weight(percent: 100), Weight(percent: 0)])
        // Every read ended by a key or a post (or none was needed: the posts came first).
        #expect(terminal.timeouts == 0)
    }
}
