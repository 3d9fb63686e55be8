import CanaryCore
import CanaryScreen

/// An in-memory terminal: keys are queued by the test, the last grid drawn is kept.
///
/// A read with no key queued returns nil at once, or — with `waitsOutTimeouts` — sleeps out its
/// timeout as a real terminal does with no key pressed; either way a signalled ``wake`` ends it
/// (counted in ``wakeUps``).
public final class MemoryTerminal: TerminalBackend {
    public private(set) var lastGrid: Grid?
    public private(set) var draws = 0
    public private(set) var flushes = 0
    public private(set) var restored = false
    /// Reads ended by ``wake`` with no key queued.
    public private(set) var wakeUps = 0
    /// Reads that waited out their whole timeout (with `waitsOutTimeouts`).
    public private(set) var timeouts = 0
    public var size: (width: Int, height: Int)
    public let wake = WakeSignal()
    private let waitsOutTimeouts: Bool
    private var queue: [TerminalInput] = []
    private var afterFlush: [TerminalInput] = []

    public init(width: Int = 120, height: Int = 40, waitsOutTimeouts: Bool = false) {
        size = (width, height)
        self.waitsOutTimeouts = waitsOutTimeouts
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
        if !queue.isEmpty { return queue.removeFirst() }
        if waitsOutTimeouts {
            switch wake.wait(milliseconds: timeoutMilliseconds) {
            case .woken: wakeUps += 1
            case .timedOut: timeouts += 1
            case .input: break
            }
        } else if wake.consume() {
            wakeUps += 1
        }
        return nil
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
