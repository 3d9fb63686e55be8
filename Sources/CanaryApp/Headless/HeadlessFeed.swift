import CanaryCore

/// The probe as the headless loop sees it: a ``DashboardFeed`` that can be brought up to date
/// before each tick and says when the probe has finished.
public protocol HeadlessFeed: DashboardFeed {
    /// Brings the in-flight figures up to date for the next ``DashboardFeed/snapshot(at:)``.
    /// Returns false once the probe has finished (its plan done or stopped, nothing in flight):
    /// no more replies will come.
    func refresh() async -> Bool
}
