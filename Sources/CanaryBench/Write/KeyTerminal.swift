import CanaryCore
import CanaryScreen
import CanaryTerminal
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The keyboard of `bench write --keys`: an in-memory terminal that types one round at a time —
/// `↓ → Enter` (stage green +1 step and apply it) or `r` (roll back), alternating — notes when it
/// hands over each round's last key, waits until the store has written it (or, `paced`, until
/// the writer is done with it: journaled and read back, as an operator waits to see the outcome
/// before the next change), and types `q` at the end.
final class KeyTerminal: TerminalBackend, Sendable {
    private struct Progress {
        var round = 0
        var key = 0
        /// When the last key of the round in progress was read; nil between rounds.
        var sent: Double?
        var sentTimes: [Double] = []
        var failure: String?
    }

    private let memory = Mutex(MemoryTerminal())
    private let store: TimedStore
    private let rounds: Int
    private let paced: Bool
    private let timeout: Double
    private let progress = Mutex(Progress())
    let wake = WakeSignal()

    init(store: TimedStore, rounds: Int, paced: Bool = false, timeout: Double = 30) {
        self.store = store
        self.rounds = rounds
        self.paced = paced
        self.timeout = timeout
    }

    static func keys(round: Int) -> [Key] {
        round % 2 == 0 ? [.down, .right, .enter] : [.char("r")]
    }

    /// Each round's last key, and why it stopped early (a write that never came).
    var result: (sent: [Double], failure: String?) { progress.withLock { ($0.sentTimes, $0.failure) } }

    var size: (width: Int, height: Int) { memory.withLock { $0.size } }

    func draw(_ grid: Grid, theme: Theme) { memory.withLock { $0.draw(grid, theme: theme) } }

    func read(timeoutMilliseconds: Int) -> TerminalInput? {
        let written = paced ? store.settled : store.writes.count
        let next: TerminalInput? = progress.withLock { p in
            if let sent = p.sent {
                if written > p.round { p.sent = nil; p.round += 1; p.key = 0; return nil }
                if CPUTime.monotonic() - sent > timeout {
                    p.failure = "round \(p.round + 1): no write within \(Int(timeout)) s"
                    p.round = rounds
                    return .key(.char("q"))
                }
                return nil
            }
            if p.round >= rounds { return .key(.char("q")) }
            let keys = Self.keys(round: p.round)
            let key = keys[p.key]
            p.key += 1
            if p.key == keys.count {
                let now = CPUTime.monotonic()
                p.sent = now
                p.sentTimes.append(now)
            }
            return .key(key)
        }
        if next == nil {
            // Waiting for the write (or just written): check again in a millisecond (sooner
            // when the inbox wakes the read), at most the runtime's own timeout.
            _ = wake.wait(milliseconds: min(max(timeoutMilliseconds, 0), 1))
        }
        return next
    }

    func flushInput() { memory.withLock { $0.flushInput() } }

    func restore() { memory.withLock { $0.restore() } }
}
