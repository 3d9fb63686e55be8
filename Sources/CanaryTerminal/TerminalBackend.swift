import CanaryCore
import CanaryScreen

/// What the dashboard needs from a terminal: its size, drawing a grid, and reading keys (a read
/// another thread can cut short).
///
/// Two implementations: ``NcursesTerminal`` (the real one) and ``MemoryTerminal`` (tests).
/// All calls come from one thread (ncurses is not thread-safe).
public protocol TerminalBackend: AnyObject {
    /// Columns and rows.
    var size: (width: Int, height: Int) { get }
    /// Shows `grid`, sending only what changed since the last call, styled by `theme`.
    func draw(_ grid: Grid, theme: Theme)
    /// Waits up to `milliseconds` for input; nil when none came, or at once when ``wake`` is
    /// signalled (before or during the wait).
    func read(timeoutMilliseconds: Int) -> TerminalInput?
    /// Ends the read in progress (or the next one) from any thread: the dashboard's inbox
    /// signals it on every post, so an action from elsewhere (a write's outcome) is shown at once.
    var wake: WakeSignal { get }
    /// Discards keys typed ahead (before a confirmation prompt reads its answer).
    func flushInput()
    /// Restores the terminal. Safe to call more than once.
    func restore()
}

/// One input event.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
}
