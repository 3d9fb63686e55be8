import CanaryApp
import CanaryCore
import CanaryProbe
import CanaryStore

/// The splitter a watch steers — its writer, the split as first read, how changes are applied —
/// and the dashboard state's setup (judging and rollout policies included). Shared by the
/// dashboard and the headless loop, which run the same reducer.
struct WatchSteering {
    let writer: SplitterWriter?
    let initialSplit: SplitView?
    /// `file`, `command`, `api 127.0.0.1:8500`, `none (no --splitter)`.
    let applyText: String

    /// Builds the writer when a splitter is named and reads the split once.
    static func make(
        _ command: WatchCommand, setup: WatchSetup, feed: any DashboardFeed, inbox: Inbox, now: @escaping @Sendable () -> Double
    ) async throws -> WatchSteering {
        let steering = command.steering
        var writer: SplitterWriter?
        var initialSplit: SplitView?
        if let editor = steering.editor(
            splitterPath: command.splitter, consulEntry: command.consulEntry, consul: setup.consul, resolver: setup.resolver) {
            // The splitter's follower starts the epoch for every change, ours included.
            let w = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: steering.dryRun, startsEpochs: false, now: now)
            do {
                initialSplit = try await w.load()
            } catch {
                throw CLIError("\(error)")
            }
            writer = w
        }
        let applyText: String
        switch (command.consulEntry, steering.apply) {
        case (.some, _), (_, .api): applyText = "api \(setup.consul?.environment.baseURL ?? "")"
        case (_, .command): applyText = "command"
        case (_, .file): applyText = writer == nil ? "none (no --splitter)" : "file"
        }
        return WatchSteering(writer: writer, initialSplit: initialSplit, applyText: applyText)
    }

    /// Follows the splitter and the catalog: every change of weights starts an epoch and is
    /// read again for the reducer (marked external unless it is our own last write).
    func follow(setup: WatchSetup, collector: TallyCollector, clock: ProbeClock, inbox: Inbox) {
        let writer = self.writer
        setup.start(collector: collector, clock: clock, note: { inbox.post(.note($0, .info)) }, onWeights: { weights in
            guard let writer else { return }
            Task {
                let ours = await writer.lastWritten == weights.weights
                if let split = try? await writer.load() { inbox.post(.splitLoaded(split, external: !ours)) }
            }
        })
    }

    /// The dashboard state's setup: header text, write permissions, judging and rollout policies.
    func setup(_ command: WatchCommand, settings: ProbeSettings, headless: Bool) throws -> DashboardState.Setup {
        let steering = command.steering
        return DashboardState.Setup(
            target: settings.target.description, rate: command.probe.rate == "max" ? "max" : "\(command.probe.rate)/s",
            applyMode: applyText, readOnly: steering.readOnly || writer == nil, dryRun: steering.dryRun,
            verdict: try command.verdict.verdictPolicy(), rollout: try command.verdict.rolloutPolicy(headless: headless),
            stable: steering.stable)
    }

    /// The state the reducer starts from: the setup and the split as first read.
    func initialState(_ setup: DashboardState.Setup) -> DashboardState {
        var state = DashboardState(setup: setup)
        if let split = initialSplit { _ = DashboardReducer.reduce(&state, .splitLoaded(split, external: false)) }
        return state
    }
}
