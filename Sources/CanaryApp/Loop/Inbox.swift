import CanaryCore
import Synchronization

/// Actions posted from other threads (write results, splitter changes, probe notes) for the
/// UI thread to reduce on its next turn.
///
/// Every post also calls the wake-up given to ``wakes(_:)`` — the dashboard's terminal read —
/// after the action is queued, so the loop sleeping in that read turns at once and finds it.
public final class Inbox: Sendable {
    private let queue = Mutex<[DashboardAction]>([])
    private let wake = Mutex<(@Sendable () -> Void)?>(nil)

    public init() {}

    public func post(_ action: DashboardAction) {
        queue.withLock { $0.append(action) }
        wake.withLock { $0 }?()
    }

    /// Calls `wake` after every post from now on (replacing the one before).
    public func wakes(_ wake: @escaping @Sendable () -> Void) {
        self.wake.withLock { $0 = wake }
    }

    /// Everything posted so far, oldest first.
    public func drain() -> [DashboardAction] {
        queue.withLock { q in
            defer { q.removeAll() }
            return q
        }
    }
}
