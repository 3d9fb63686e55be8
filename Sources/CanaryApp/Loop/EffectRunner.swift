import CanaryCore
import Dispatch

/// Carries out what the reducer asks for (``DashboardEffect``): the one place where an effect
/// meets the outside world, for the dashboard and the headless loop alike.
///
/// Pausing and clearing the tallies reach the feed at once; a flush of typed-ahead keys reaches
/// the terminal (through `flushInput`) at once. Writes and journal lines run as tasks chained one
/// after another, so they land in the order they were asked for (a rollback after a set ends at
/// the rollback); their outcomes come back through the ``Inbox`` as actions. The dashboard, on
/// its own thread, starts them and moves on; the headless loop waits for each (``settle()``)
/// before its next decision.
///
/// Used by one thread or task at a time (its owner's); the tasks it starts are its own.
public final class EffectRunner {
    private let feed: any DashboardFeed
    private let writer: SplitterWriter?
    private let inbox: Inbox
    private let flushInput: () -> Void
    private let now: () -> Double
    /// The latest write or journal task: each new one waits for it first.
    private var last: Task<Void, Never>?

    public init(
        feed: any DashboardFeed, writer: SplitterWriter?, inbox: Inbox, flushInput: @escaping () -> Void = {},
        now: @escaping () -> Double
    ) {
        self.feed = feed
        self.writer = writer
        self.inbox = inbox
        self.flushInput = flushInput
        self.now = now
    }

    /// Starts carrying out `effect`; returns true when it is ``DashboardEffect/quit``.
    @discardableResult
    public func start(_ effect: DashboardEffect) -> Bool {
        switch effect {
        case .quit:
            return true
        case .setPaused(let paused):
            feed.setPaused(paused)
        case .clearTallies:
            feed.startEpoch(at: now())
        case .flushTypeahead:
            flushInput()
        case .replay(let control):
            (feed as? any ReplayControllable)?.control(control)
        case .journal(let reason):
            guard let writer else { break }
            chain { await writer.journal("guard-cancel", reason: reason) }
        case .write(let operation, let reason):
            guard let writer else {
                inbox.post(.writeFailed(message: "no splitter to write", conflict: false))
                break
            }
            chain { await writer.perform(operation, reason: reason) }
        }
        return false
    }

    /// Waits until every write and journal line started so far has finished (and posted its outcome).
    public func settle() async {
        await last?.value
    }

    /// Blocks the calling thread — one of its own, never the concurrency pool's — until settled.
    public func settleBlocking() {
        guard let last else { return }
        let done = DispatchSemaphore(value: 0)
        Task {
            await last.value
            done.signal()
        }
        done.wait()
    }

    private func chain(_ work: @escaping @Sendable () async -> Void) {
        let previous = last
        last = Task {
            await previous?.value
            await work()
        }
    }
}
