import CanaryCore
import CanaryProbe
import CanaryTerminal

/// `canarytop watch` without `--headless`: the probe feeding the dashboard, the splitter it
/// follows steered from the keyboard.
public enum DashboardWatch {
    /// How the dashboard ended.
    public struct Result: Sendable {
        /// The state after the operator quit (its events, the split).
        public var state: DashboardState
        /// Probe requests still in flight when it quit (not waited for).
        public var abandoned: Int
        /// Why the recording stopped early (`--record`), if it did.
        public var recordingProblem: String?
    }

    /// Runs the dashboard until the operator quits; `terminal` replaces ncurses (see
    /// ``DashboardLauncher/run(_:theme:feed:writer:inbox:recording:now:frameClock:terminal:published:)``).
    public static func run(
        _ configuration: WatchConfiguration, terminal: (@Sendable () -> any TerminalBackend)? = nil
    ) async throws -> Result {
        let session = try await WatchSession.open(configuration, clock: ProbeClock(), probeProblem: "cannot start the probe", headless: false)
        let feed = session.feed
        if let endpoint = session.endpoint { session.inbox.post(.note("serving metrics on http://\(endpoint.address)/metrics", .info)) }
        feed.start()
        let final: DashboardState
        do {
            final = try await DashboardLauncher.run(
                session.steering.initialState(configuration), theme: configuration.theme, feed: feed,
                writer: session.steering.writer, inbox: session.inbox, recording: session.recording, now: session.now,
                terminal: terminal, published: session.metrics.publish)
        } catch {
            _ = try? await feed.stop(waiting: true)
            await session.endpoint?.shutdown()
            session.recording?.close()
            await session.setup.stop()
            throw error
        }
        let abandoned = (try? await feed.stop(waiting: false))?.inFlight ?? 0
        await session.endpoint?.shutdown()
        let problem = session.recording?.close()
        await session.setup.stop()
        return Result(state: final, abandoned: abandoned, recordingProblem: problem)
    }
}
