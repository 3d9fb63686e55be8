import CanaryCore

/// Where the dashboard's numbers come from: the probe, behind a protocol so the runtime is
/// tested with a fake.
public protocol DashboardFeed: Sendable {
    /// The tallies at `now` (seconds since start) and the requests in flight.
    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int)
    /// Stops or resumes sending probes.
    func setPaused(_ paused: Bool)
    /// Starts a new epoch at `now`: the weights changed, or the operator cleared the tallies.
    func startEpoch(at now: Double)
}
