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
        let steering: WatchSteering
        let options: DashboardLauncher.Options
        do {
            steering = try await WatchSteering.make(command, setup: setup, feed: feed, inbox: inbox, now: now)
            options = DashboardLauncher.Options(
                setup: try steering.setup(command, settings: settings, headless: false), theme: command.steering.theme,
                initialSplit: steering.initialSplit, resolver: setup.resolver)
        } catch {
            await setup.stop()
            throw error
        }
        steering.follow(setup: setup, collector: collector, clock: clock, inbox: inbox)
        do {
            try feed.start()
        } catch {
            await setup.stop()
            throw CLIError("cannot start the probe: \(error)")
        }
        let writer = steering.writer
        let final: DashboardState
        do {
            final = try await DashboardLauncher.run(options, feed: feed, writer: writer, inbox: inbox, now: now)
        } catch {
            await feed.stop()
            await setup.stop()
            throw error
        }
        let abandoned = await feed.stop(waitingForInFlight: false)
        await setup.stop()
        for event in final.events.events where event.kind == .change || event.kind == .failure {
            Output.line("\(event.kind == .change ? "changed" : "failed"): \(event.text)")
        }
        if let split = final.split {
            Output.line("splitter now: " + zip(split.names, split.weights).map { "\($0) \($1)%" }.joined(separator: ", "))
        }
        if abandoned > 0 { Output.line("left \(abandoned) probe request\(abandoned == 1 ? "" : "s") in flight (not waited for)") }
    }
}
