import CanaryCore
import CanaryStore
import Foundation

/// `canarytop replay FILE`: the watch's dashboard on a recording — the same reducer and view,
/// fed by a ``ReplayFeed`` — read-only, with no writer at all: nothing can reach a splitter.
public enum ReplayDashboard {
    /// Plays `path` until the operator quits.
    public static func run(path: String, theme: String?) async throws -> DashboardState {
        let file: RecordingFile
        do {
            file = try RecordingFile(path: path)
        } catch {
            throw RunError("\(error)")
        }
        let inbox = Inbox()
        let origin = ContinuousClock.now
        let wall: @Sendable () -> Double = {
            let elapsed = ContinuousClock.now - origin
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let feed = ReplayFeed(file: file, inbox: inbox, wall: wall)
        return try await DashboardLauncher.run(
            initialState(feed.header), theme: theme, feed: feed, writer: nil, inbox: inbox, now: { feed.shown }, frameClock: wall)
    }

    /// The dashboard's state at the start of a replay of a recording with `header`.
    public static func initialState(_ header: RecordingHeader) -> DashboardState {
        var setup = DashboardState.Setup(
            target: header.target, rate: header.rateLabel, applyMode: "none (replay; recorded: \(header.applyMode))",
            readOnly: true, verdict: header.verdict, stable: header.stable)
        setup.replay = true
        return DashboardState(setup: setup)
    }
}
