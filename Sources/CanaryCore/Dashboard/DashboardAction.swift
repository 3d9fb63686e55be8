/// Everything that can happen to the dashboard: keys, probe ticks, write results, resizes.
public enum DashboardAction: Sendable, Equatable {
    case key(Key)
    /// New tallies from the probe, with the number of requests in flight, at `now` seconds;
    /// `sentTimes` are the in-flight requests' send times on the snapshot's timeline.
    case tick(TallySnapshot, inFlight: Int, now: Double, sentTimes: [Double] = [])
    /// The splitter was (re)read: at start, after a write, or because someone else changed it.
    case splitLoaded(SplitView, external: Bool)
    /// A write asked for by an ``DashboardEffect/write(_:reason:)`` finished.
    case writeSucceeded(summary: String, split: SplitView)
    case writeFailed(message: String, conflict: Bool)
    /// Something worth a line in the events pane (a probe fault burst, a distinct hop error).
    case note(String, DashboardEvent.Kind)
    case resize(width: Int, height: Int)
    /// SIGTERM/SIGINT/SIGHUP from outside: quit now, without asking.
    case terminate
}

/// What the reducer asks the shell to do. Effects are values, so tests see them.
public enum DashboardEffect: Sendable, Equatable {
    /// Change the splitter through the editor (journaled, CAS-checked).
    case write(WeightEdit, reason: String)
    case setPaused(Bool)
    /// Reset the tallies: a new epoch.
    case clearTallies
    /// A journal line that changes nothing (the operator cancelled an automatic rollback).
    case journal(String)
    /// Drop keys typed ahead before a confirmation prompt reads its answer.
    case flushTypeahead
    /// Play a replay at another speed, or seek in it.
    case replay(ReplayControl)
    case quit
}
