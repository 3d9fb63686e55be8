/// The replay's clock: which moment of the recording is shown at a given wall-clock time,
/// at 1×, 2×, 10× or as fast as possible, paused or running, and after a seek.
///
/// Pure: the caller passes the wall time (any monotonic seconds) to every call.
public struct ReplayPace: Sendable, Equatable {
    /// How fast the recording plays.
    public enum Speed: Sendable, Equatable, CaseIterable {
        case x1, x2, x10, max

        /// Recorded seconds per wall second; nil: as fast as possible.
        public var factor: Double? {
            switch self {
            case .x1: return 1
            case .x2: return 2
            case .x10: return 10
            case .max: return nil
            }
        }

        /// `1×`, `2×`, `10×`, `max`.
        public var label: String {
            switch self {
            case .x1: return "1×"
            case .x2: return "2×"
            case .x10: return "10×"
            case .max: return "max"
            }
        }

        /// The next speed up, after `max` back to 1×.
        public var next: Speed {
            let all = Speed.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    public private(set) var speed: Speed
    public private(set) var paused = false
    /// The recorded time shown at ``anchorWall``.
    private var anchorRecorded: Double
    private var anchorWall: Double
    /// The recording's last time: playing never goes past it.
    public var end: Double

    /// Playing from `start` (recorded seconds) at `wall`.
    public init(speed: Speed = .x1, start: Double = 0, end: Double, wall: Double) {
        self.speed = speed
        anchorRecorded = start
        anchorWall = wall
        self.end = end
    }

    /// The recorded time shown at `wall`: at max speed, the end (the caller reads as fast as it can).
    public func recorded(at wall: Double) -> Double {
        if paused { return anchorRecorded }
        guard let factor = speed.factor else { return end }
        return Swift.min(end, anchorRecorded + Swift.max(0, wall - anchorWall) * factor)
    }

    /// Pauses or resumes at `wall`, keeping the moment shown. `shown` is where the reader
    /// actually got to: at max speed that, not the end, is the moment shown.
    public mutating func setPaused(_ paused: Bool, at wall: Double, shown: Double) {
        rebase(at: wall, shown: shown)
        self.paused = paused
    }

    /// Plays at `speed` from the moment shown at `wall` (`shown`, as for ``setPaused(_:at:shown:)``).
    public mutating func setSpeed(_ speed: Speed, at wall: Double, shown: Double) {
        rebase(at: wall, shown: shown)
        self.speed = speed
    }

    /// Shows recorded time `time` from `wall` on (a seek), paused or not as before.
    public mutating func seek(to time: Double, at wall: Double) {
        anchorRecorded = Swift.min(Swift.max(0, time), end)
        anchorWall = wall
    }

    private mutating func rebase(at wall: Double, shown: Double) {
        anchorRecorded = speed == .max && !paused ? Swift.min(shown, end) : recorded(at: wall)
        anchorWall = wall
    }
}
