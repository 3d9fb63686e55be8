import CanaryApp
import CanaryCore
import CanaryProbe
import CanaryStore
import Foundation

/// `canarytop watch <url>` without `--headless`: the probe feeding the dashboard, the splitter
/// it follows steered from the keyboard. Prints a short summary after the operator quits.
enum WatchDashboard {
    static func run(_ command: WatchCommand, settings: ProbeSettings) async throws {
        let setup = try await WatchSetup(command: command)
        let collector = TallyCollector(subsets: setup.subsets)
        let clock = ProbeClock()
        let feed = ProbeFeed(settings: settings, attribution: setup.attribution, collector: collector, clock: clock)
        let inbox = Inbox()
        let now: @Sendable () -> Double = { clock.now() }
        let steering = command.steering

        var writer: SplitterWriter?
        var initialSplit: SplitView?
        if let editor = steering.editor(
            splitterPath: command.splitter, consulEntry: command.consulEntry, consul: setup.consul, resolver: setup.resolver) {
            let w = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: steering.dryRun, startsEpochs: false, now: now)
            do {
                initialSplit = try await w.load()
            } catch {
                await setup.stop()
                throw CLIError("\(error)")
            }
            writer = w
        }
        let followingWriter = writer
        setup.start(collector: collector, clock: clock, note: { inbox.post(.note($0, .info)) }, onWeights: { weights in
            guard let writer = followingWriter else { return }
            Task {
                let ours = await writer.lastWritten == weights.weights
                if let split = try? await writer.load() { inbox.post(.splitLoaded(split, external: !ours)) }
            }
        })
        do {
            try feed.start()
        } catch {
            await setup.stop()
            throw CLIError("cannot start the probe: \(error)")
        }
        let applyText: String
        switch (command.consulEntry, steering.apply) {
        case (.some, _), (_, .api): applyText = "api \(setup.consul?.environment.baseURL ?? "")"
        case (_, .command): applyText = "command"
        case (_, .file): applyText = writer == nil ? "none (no --splitter)" : "file"
        }
        let options = DashboardLauncher.Options(
            setup: .init(target: settings.target.description, rate: command.probe.rate == "max" ? "max" : "\(command.probe.rate)/s",
                         applyMode: applyText, readOnly: steering.readOnly || writer == nil, dryRun: steering.dryRun),
            theme: steering.theme, initialSplit: initialSplit, resolver: setup.resolver)
        let final: DashboardState
        do {
            final = try await DashboardLauncher.run(options, feed: feed, writer: writer, inbox: inbox, now: now)
        } catch {
            await feed.stop()
            await setup.stop()
            throw error
        }
        await feed.stop()
        await setup.stop()
        for event in final.events.events where event.kind == .change || event.kind == .failure {
            Output.line("\(event.kind == .change ? "changed" : "failed"): \(event.text)")
        }
        if let split = final.split {
            Output.line("splitter now: " + zip(split.names, split.weights).map { "\($0) \($1)%" }.joined(separator: ", "))
        }
    }
}
