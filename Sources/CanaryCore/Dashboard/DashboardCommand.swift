/// What a key asks the dashboard to do. ``KeyMap`` says which key triggers which command; the
/// reducer switches over commands, never over keys.
public enum DashboardCommand: Sendable, Equatable, Hashable {
    /// Everything to the stable subset, at once, unconfirmed.
    case rollback
    case selectPrevious, selectNext
    /// Stage the step's weight away from / toward the selected subset.
    case shiftAway, shiftToward
    case smallerStep, largerStep
    /// Stage the selected subset at `percent` %.
    case stage(percent: Int)
    /// Apply the staged change.
    case apply
    /// Cancel the guard's countdown, else discard the staged change.
    case cancel
    /// Ask whether to promote the selected subset to 100 %.
    case promote
    case togglePause
    case toggleVerdict
    case toggleWindow
    case clearTallies
    case nextTheme
    case help
    /// A replay: the next speed (1×, 2×, 10×, max, 1×…).
    case replaySpeed
    /// A replay: seek to the next or previous epoch or verdict change.
    case replaySeek(ReplaySeekIndex.Kind, forward: Bool)
    /// Quit, asking first when a change is staged.
    case quit

    // Answers while a question waits on the status line.
    case confirm
    case decline
    /// Ctrl-C at a question: no, except to "quit anyway?".
    case interrupt
}
