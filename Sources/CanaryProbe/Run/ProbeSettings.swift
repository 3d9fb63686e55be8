/// Everything that decides how a watch probes: where, how fast, how many, and the limits.
public struct ProbeSettings: Sendable {
    /// What to probe.
    public var target: ProbeTarget
    /// `.open(rate:)` (default 20 per second) or `.closed` (`--rate max`).
    public var pace: ProbePlan.Pace
    /// Requests in flight at most (`--concurrency`, default 64).
    public var concurrency: Int
    /// Due sends that may wait for a free slot; `nil` means as many as `concurrency`.
    public var maxBacklog: Int?
    /// Seconds a request may take from being sent to its complete reply (`--timeout`, default 10).
    public var timeout: Double
    /// The largest body accepted, in bytes (`--max-body`, default 1 MiB).
    public var maxBody: Int
    /// Requests to send in all (`--requests`); `nil` for no limit.
    public var maxRequests: Int?
    /// Seconds to keep sending (`--duration`); `nil` for no limit.
    public var duration: Double?
    /// Accept any TLS certificate (`--insecure`).
    public var insecureTLS: Bool
    /// How many lanes (event loops) share the work; `nil` picks one for open loops up to
    /// ``singleLaneRate`` per second and one per event loop otherwise.
    public var lanes: Int?

    /// Open-loop rates up to this many per second run on one lane.
    public static let singleLaneRate = 2_000.0

    public init(
        target: ProbeTarget, pace: ProbePlan.Pace = .open(rate: 20), concurrency: Int = 64, maxBacklog: Int? = nil,
        timeout: Double = 10, maxBody: Int = 1 << 20, maxRequests: Int? = nil, duration: Double? = nil,
        insecureTLS: Bool = false, lanes: Int? = nil
    ) {
        self.target = target
        self.pace = pace
        self.concurrency = concurrency
        self.maxBacklog = maxBacklog
        self.timeout = timeout
        self.maxBody = maxBody
        self.maxRequests = maxRequests
        self.duration = duration
        self.insecureTLS = insecureTLS
        self.lanes = lanes
    }

    /// The number of lanes to use with `loops` event loops available.
    func laneCount(loops: Int) -> Int {
        if let lanes { return max(1, min(lanes, loops)) }
        if case .open(let rate) = pace, rate <= Self.singleLaneRate { return 1 }
        return max(1, loops)
    }
}
