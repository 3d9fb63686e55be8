import CanaryCore
import CanaryScreen
import CanaryTerminal
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The in-memory terminal for `bench idle`: a ``MemoryTerminal`` that waits out each read's
/// timeout as a real terminal with no key pressed does (the dashboard's thread sleeps, it does
/// not spin; a post to the inbox wakes it), takes CPU readings once the warm-up is over and at the end, and then types `q`.
final class IdleTerminal: TerminalBackend, Sendable {
    /// The readings: `first` at the end of the warm-up, `last` when it quits; each with the
    /// dashboard thread's own CPU time.
    struct Window: Sendable {
        var first: CPUSample?
        var last: CPUSample?
        /// Draws so far, and at each reading.
        var draws = 0
        var drawsAtFirst = 0
        var drawsAtLast = 0
    }

    private let memory: Mutex<MemoryTerminal>
    private let warmUpEnds: Double
    private let ends: Double
    private let window = Mutex(Window())
    let wake = WakeSignal()

    /// Measures from `warmUp` seconds after now until `seconds` after that.
    init(width: Int, height: Int, warmUp: Double, seconds: Double) {
        memory = Mutex(MemoryTerminal(width: width, height: height))
        let start = CPUTime.monotonic()
        warmUpEnds = start + warmUp
        ends = start + warmUp + seconds
    }

    var readings: Window { window.withLock { $0 } }

    /// The last grid drawn (for a check that the dashboard drew something).
    var lastText: String? {
        memory.withLock { $0.lastGrid?.lines.joined(separator: "\n") }
    }

    var size: (width: Int, height: Int) { memory.withLock { $0.size } }

    func draw(_ grid: Grid, theme: Theme) {
        memory.withLock { $0.draw(grid, theme: theme) }
        window.withLock { $0.draws += 1 }
    }

    func read(timeoutMilliseconds: Int) -> TerminalInput? {
        let now = CPUTime.monotonic()
        if now >= ends {
            window.withLock { w in
                if w.last == nil { w.last = .now(onThread: true); w.drawsAtLast = w.draws }
            }
            return .key(.char("q"))
        }
        if now >= warmUpEnds {
            window.withLock { w in
                if w.first == nil { w.first = .now(onThread: true); w.drawsAtFirst = w.draws }
            }
        }
        // Sleep as the terminal's timed read does (until the timeout or a wake-up), but never
        // past a reading's moment.
        let mark = now < warmUpEnds ? warmUpEnds : ends
        let wait = min(Double(max(0, timeoutMilliseconds)) / 1000, max(0, mark - now))
        _ = wake.wait(milliseconds: Int((wait * 1000).rounded(.up)))
        return nil
    }

    func flushInput() { memory.withLock { $0.flushInput() } }

    func restore() { memory.withLock { $0.restore() } }
}
