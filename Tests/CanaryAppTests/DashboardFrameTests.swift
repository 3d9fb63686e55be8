import CanaryCore
import CanaryScreen
import CanaryTerminal
import CanaryTesting
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// A terminal that plays a script of reads — keys, and reads that time out with nothing — and
/// counts what the runtime draws. Ends with `q` once the script runs out.
private final class ScriptedTerminal: TerminalBackend, @unchecked Sendable {
    var script: [TerminalInput?]
    private(set) var draws = 0
    private(set) var grids: [Grid] = []
    /// How many draws had been made when each read was asked for.
    private(set) var drawsAtRead: [Int] = []
    let size = (width: 100, height: 30)
    let wake = WakeSignal()

    init(_ script: [TerminalInput?]) {
        self.script = script
    }

    func draw(_ grid: Grid, theme: Theme) {
        draws += 1
        grids.append(grid)
    }

    func read(timeoutMilliseconds: Int) -> TerminalInput? {
        drawsAtRead.append(draws)
        return script.isEmpty ? .key(.char("q")) : script.removeFirst()
    }

    func flushInput() {}
    func restore() {}
}

@Suite(.sharedMachine) struct DashboardFrameTests {
    /// One frame at the start (the frame clock never moves on), then idle wake-ups and keys.
    private func run(_ terminal: ScriptedTerminal) async throws -> DashboardState {
        let runtime = DashboardRuntime(
            terminal: terminal, state: DashboardState(setup: .init(target: "http://t/", rate: "20/s", applyMode: "file")),
            feed: FakeFeed(), writer: nil, inbox: Inbox(), themes: [Theme.builtIn], frameMilliseconds: 250,
            now: { 1 }, frameClock: { 0 })
        nonisolated(unsafe) let r = runtime
        return try await Deadline.within(60, "the dashboard quits") {
            try await OwnThread.run { r.run() }
        }
    }

    @Test func idleWakeUpsDrawNothingAndAKeyIsDrawnAtOnce() async throws {
        let terminal = ScriptedTerminal([nil, nil, nil, .key(.char("?")), nil, nil])
        let final = try await run(terminal)
        // The first frame is drawn before the first read; three empty reads draw nothing; the
        // key's screen is drawn before the next read; the quit draws the last screen.
        #expect(terminal.drawsAtRead == [1, 1, 1, 1, 2, 2, 2])
        #expect(terminal.draws == 3)
        // The key's draw shows the help screen (the first did not); the last is the final state's.
        #expect(terminal.grids.count == 3 && terminal.grids[1] != terminal.grids[0])
        #expect(terminal.grids.last == DashboardView.render(final))
    }

    @Test func aFrameIsDrawnWhenItIsDue() async throws {
        let clock = Mutex(0.0)
        let terminal = ScriptedTerminal([nil, nil, nil])
        let runtime = DashboardRuntime(
            terminal: terminal, state: DashboardState(setup: .init(target: "http://t/", rate: "20/s", applyMode: "file")),
            feed: FakeFeed(), writer: nil, inbox: Inbox(), themes: [Theme.builtIn], frameMilliseconds: 250,
            now: { 1 }, frameClock: { clock.withLock { $0 += 0.1; return $0 } })
        nonisolated(unsafe) let r = runtime
        _ = try await Deadline.within(60, "the dashboard quits") { try await OwnThread.run { r.run() } }
        // The clock moves 0.1 s each time it is read (twice a turn): a frame at 0.1 s, none at
        // 0.3 s (not yet due, nothing drawn), the next at 0.5 s, drawn before the third read.
        #expect(terminal.drawsAtRead == [1, 1, 2, 2])
        #expect(terminal.draws == 3)
    }
}
