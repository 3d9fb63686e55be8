import CanaryCore
import Synchronization

/// Actions posted from other threads (write results, splitter changes, probe notes) for the
/// UI thread to reduce on its next turn.
public final class Inbox: Sendable {
    private let queue = Mutex<[DashboardAction]>([])

    public init() {}

    public func post(_ action: DashboardAction) {
        queue.withLock { $0.append(action) }
    }

    /// Everything posted so far, oldest first.
    public func drain() -> [DashboardAction] {
        queue.withLock { q in
            defer { q.removeAll() }
            return q
        }
    }
}
