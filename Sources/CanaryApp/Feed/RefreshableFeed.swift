import CanaryCore

/// A ``DashboardFeed`` that is brought up to date before it is looked at, and says when the
/// probe has finished: the headless loop refreshes it every turn, the dashboard's launcher
/// every 100 ms (``ProbeFeed`` is the real one).
public protocol RefreshableFeed: DashboardFeed {
    /// Brings the in-flight figures up to date for the next ``DashboardFeed/snapshot(at:)``.
    /// Returns false once the probe has finished (its plan done or stopped, nothing in flight):
    /// no more replies will come.
    func refresh() async -> Bool
}
