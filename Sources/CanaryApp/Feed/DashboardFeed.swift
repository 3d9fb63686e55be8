import CanaryCore

/// Where the dashboard's numbers come from: the probe, behind a protocol so the runtime is
/// tested with a fake.
public protocol DashboardFeed: Sendable {
    /// The tallies at `now` (seconds since start), the requests in flight, and when each of
    /// them was sent (on the snapshot's timeline).
    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double])
    /// Stops or resumes sending probes.
    func setPaused(_ paused: Bool)
    /// Starts a new epoch at `now`: the weights changed, or the operator cleared the tallies.
    func startEpoch(at now: Double)
}

/// A feed that plays a recording (``ReplayFeed``): the replay's keys reach it through the
/// ``EffectRunner``.
public protocol ReplayControllable: DashboardFeed {
    func control(_ control: ReplayControl)
}
