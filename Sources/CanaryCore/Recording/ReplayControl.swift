/// What a replay's keys ask of the replay's feed (``DashboardEffect/replay(_:)``).
public enum ReplayControl: Sendable, Equatable {
    /// Play at this speed.
    case speed(ReplayPace.Speed)
    /// Seek to the next (`forward`) or previous epoch or verdict change.
    case seek(ReplaySeekIndex.Kind, forward: Bool)
}
