/// Everything canarytop keeps about one reply of the probed service, ready to tally.
///
/// Built by ``Attributor`` from the decoded body plus what the client saw; the tallies
/// never look at the trace again.
public struct Observation: Sendable, Equatable {
    /// The subset that served the reply, or `nil` when no rule matched (the unattributed row).
    public var subset: String?
    /// The top-level HTTP status the client saw (`500`).
    public var status: Int
    /// What the body was.
    public var body: BodyKind
    /// The examined hop's own `code` (`200`, `500`, `-1`), when a hop was examined.
    public var hopCode: Int?
    /// The examined hop's reported duration in seconds.
    public var hopDuration: Double?
    /// The first failing entry of the trace, depth-first: "which hop broke".
    public var failingHop: FailingHop?
    /// Latency the client measured, in seconds (from the intended send time in open-loop probing).
    public var latency: Double

    public init(
        subset: String?, status: Int, body: BodyKind, hopCode: Int? = nil, hopDuration: Double? = nil,
        failingHop: FailingHop? = nil, latency: Double
    ) {
        self.subset = subset
        self.status = status
        self.body = body
        self.hopCode = hopCode
        self.hopDuration = hopDuration
        self.failingHop = failingHop
        self.latency = latency
    }

    /// What a reply's body turned out to be.
    public enum BodyKind: Sendable, Equatable {
        /// A fake-service trace.
        case trace
        /// Anything else the service answered: Envoy's `upstream connect error…` text, an empty 503.
        case notATrace(TraceFault)
    }
}
