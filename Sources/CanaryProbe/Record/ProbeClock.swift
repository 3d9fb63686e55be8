import NIOCore

/// The probe's one timeline: monotonic seconds since the watch started.
///
/// Every time handed to the plan and to the tallies comes from here, so they all agree.
public struct ProbeClock: Sendable {
    /// The instant that is time 0.
    public let origin: NIODeadline

    /// A timeline starting now.
    public init() {
        origin = .now()
    }

    /// A timeline starting at `origin`.
    public init(origin: NIODeadline) {
        self.origin = origin
    }

    /// Seconds since the origin.
    public func now() -> Double {
        seconds(at: .now())
    }

    /// The time of `deadline` on this timeline.
    public func seconds(at deadline: NIODeadline) -> Double {
        Double((deadline - origin).nanoseconds) / 1e9
    }

    /// The instant `seconds` after the origin.
    public func deadline(at seconds: Double) -> NIODeadline {
        origin + .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
