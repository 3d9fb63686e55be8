import CanaryCore
import CanaryProbe
import CanaryStore

/// The splitter a watch steers — its writer, the split as first read, how changes are applied —
/// and the state the reducer starts from (judging and rollout policies included). Shared by the
/// dashboard and the headless loop, which run the same reducer.
struct WatchSteering {
    let writer: SplitterWriter?
    let initialSplit: SplitView?
    /// `file`, `command`, `api 127.0.0.1:8500`, `none (no --splitter)`.
    let applyText: String

    /// Builds the writer when a splitter is named and reads the split once.
    static func make(
        _ configuration: WatchConfiguration, setup: WatchSetup, feed: any DashboardFeed, inbox: Inbox,
        now: @escaping @Sendable () -> Double
    ) async throws -> WatchSteering {
        let steering = configuration.steering
        var writer: SplitterWriter?
        var initialSplit: SplitView?
        // A file is applied as asked; a Consul entry is written through the API, or through
        // its ServiceSplitter with --apply kubectl.
        var apply = steering.apply
        if configuration.splitter?.path == nil {
            if case .kubectl = apply {} else { apply = .api }
        }
        let store: (any SplitterStore)?
        do {
            store = try configuration.splitter?.store(consul: setup.consul, apply: apply)
        } catch {
            throw RunError("\(error)")
        }
        if let store {
            let editor = SplitterEditor.standard(
                store: store, apply: apply, journal: steering.journal, resolver: setup.resolver, stable: steering.stable,
                consul: setup.consul)
            // The splitter's follower starts the epoch for every change, ours included.
            let w = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: steering.dryRun, startsEpochs: false, now: now)
            do {
                initialSplit = try await w.load()
            } catch {
                throw RunError("\(error)")
            }
            writer = w
        }
        let applyText: String
        switch (configuration.splitter, apply) {
        case (_, .kubectl): applyText = "kubectl " + (store.map { String($0.label.dropFirst("kubectl ".count)) } ?? "")
        case (.consulEntry?, _), (_, .api): applyText = "api \(setup.consul?.environment.baseURL ?? "")"
        case (_, .command): applyText = "command"
        case (_, .file): applyText = writer == nil ? "none (no --splitter)" : "file"
        }
        return WatchSteering(writer: writer, initialSplit: initialSplit, applyText: applyText)
    }

    /// Follows the splitter and the catalog: every change of weights starts an epoch and is
    /// read again for the reducer (marked external unless it is our own last write).
    func follow(setup: WatchSetup, feed: any DashboardFeed, clock: ProbeClock, inbox: Inbox) {
        let writer = self.writer
        setup.start(epochs: feed, clock: clock, note: { inbox.post(.note($0, .info)) }, onWeights: { weights in
            guard let writer else { return }
            Task {
                let ours = await writer.isOurs(weights.weights)
                if let split = try? await writer.load() { inbox.post(.splitLoaded(split, external: !ours)) }
            }
        })
    }

    /// The state the reducer starts from: header text, write permissions, judging and rollout
    /// policies, and the split as first read.
    func initialState(_ configuration: WatchConfiguration) -> DashboardState {
        let steering = configuration.steering
        let setup = DashboardState.Setup(
            target: configuration.probing ? configuration.probe.target.description : "\(configuration.passive?.service ?? "mesh") (probe off)",
            rate: configuration.probing ? configuration.rateLabel : "off",
            applyMode: applyText, readOnly: steering.readOnly || writer == nil, dryRun: steering.dryRun,
            verdict: configuration.verdict, rollout: configuration.rollout, stable: steering.stable,
            probing: configuration.probing)
        var state = DashboardState(setup: setup)
        if let split = initialSplit { _ = DashboardReducer.reduce(&state, .splitLoaded(split, external: false)) }
        return state
    }
}
