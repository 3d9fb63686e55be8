import CanaryCore
import CanaryScreen

/// An in-memory terminal: keys are queued by the test, the last grid drawn is kept.
public final class MemoryTerminal: TerminalBackend {
    public private(set) var lastGrid: Grid?
    public private(set) var draws = 0
    public private(set) var flushes = 0
    public private(set) var restored = false
    public var size: (width: Int, height: Int)
    private var queue: [TerminalInput] = []
    private var afterFlush: [TerminalInput] = []

    public init(width: Int = 120, height: Int = 40) {
        size = (width, height)
    }

    /// Queues input for the next reads.
    public func type(_ inputs: TerminalInput...) {
        queue.append(contentsOf: inputs)
    }

    public func draw(_ grid: Grid, theme: Theme) {
        lastGrid = grid
        draws += 1
    }

    public func read(timeoutMilliseconds: Int) -> TerminalInput? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    /// Input that arrives only after the next flush (keys typed once a prompt is on screen).
    public func typeAfterFlush(_ inputs: TerminalInput...) {
        afterFlush.append(contentsOf: inputs)
    }

    public func flushInput() {
        flushes += 1
        queue = afterFlush
        afterFlush.removeAll()
    }

    public func restore() {
        restored = true
    }
}
