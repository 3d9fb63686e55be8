import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryProbe

/// `canarytop watch <url> --headless`: the dashboard's reducer without a terminal.
///
/// The probe runs for `--requests`/`--duration` (then the run waits for the requests in
/// flight), or with `--until` until its goal or `--timeout` (then it stops at once, not waiting
/// for slow requests). Verdicts are judged, and the guard and the step plan act, exactly as on
/// the dashboard, but without a countdown; events go to standard error as
/// `canarytop: guard: green FAIL …`. The summary (text, or JSON with `--json`) goes to
/// standard output with the verdicts; with `--until` the exit status says how it ended.
enum WatchHeadless {
    /// Time between the loop's turns.
    static let interval: Duration = .milliseconds(50)

    /// Runs the watch and prints its summary; exits with the `--until` status.
    static func run(_ command: WatchCommand, settings: ProbeSettings) async throws {
        let (_, report) = try await execute(command, settings: settings) { Output.error("canarytop: " + $0) }
        Output.line(command.json ? report.json.pretty : report.table)
        let status = report.verdicts?.exitCode ?? 0
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs the watch on `clock`'s timeline; events go to `events` (cleaned of control characters).
    static func execute(
        _ command: WatchCommand, settings: ProbeSettings, clock: ProbeClock = ProbeClock(),
        events: @escaping @Sendable (String) -> Void
    ) async throws -> (HeadlessRuntime.Outcome, WatchReport) {
        let goal = command.goal
        let overall = try command.probe.timeout.flatMap { text in
            try goal.map { _ in try VerdictOptions.duration(text, option: "--timeout") }
        }
        let setup = try await WatchSetup(command: command)
        let collector = TallyCollector(subsets: setup.subsets)
        let runner: ProbeRunner
        do {
            runner = try ProbeRunner(settings: settings, attribution: setup.attribution, collector: collector, clock: clock)
        } catch {
            await setup.stop()
            throw CLIError("cannot set up TLS: \(error)")
        }
        let now: @Sendable () -> Double = { clock.now() }
        let feed = HeadlessProbeFeed(runner: runner)
        let inbox = Inbox()
        let steering: WatchSteering
        let state: DashboardState
        do {
            steering = try await WatchSteering.make(command, setup: setup, feed: feed, inbox: inbox, now: now)
            state = steering.initialState(try steering.setup(command, settings: settings, headless: true))
        } catch {
            await setup.stop()
            throw error
        }
        steering.follow(setup: setup, collector: collector, clock: clock, inbox: inbox)
        let interrupts = Interrupts { runner.stop() }
        defer { interrupts.cancel() }

        let every = try command.reportEvery.map { try ProbeOptions.duration($0, option: "--report-every") }
        let reporter = every.map { interval in
            Task { await command.printProgress(every: interval, runner: runner, setup: setup) }
        }
        feed.start()
        let runtime = HeadlessRuntime(
            state: state, feed: feed, writer: steering.writer, inbox: inbox, goal: goal,
            deadline: overall.map { now() + $0 }, now: now,
            pause: { try? await Task.sleep(for: interval) },
            report: { events(TerminalSafe.clean($0, limit: 600)) })
        let outcome = await runtime.run()
        let counts: ProbeRunner.Counts
        do {
            // With a goal, slow requests still in flight are not waited for.
            counts = try await feed.stop(waiting: goal == nil)
        } catch {
            reporter?.cancel()
            await setup.stop()
            throw CLIError("probe failed: \(error)")
        }
        reporter?.cancel()
        _ = await reporter?.value
        let verdicts = VerdictReport(
            verdicts: outcome.verdicts, goal: goal, ending: outcome.ending, finish: outcome.state.rollout.finish,
            writes: outcome.writes, rollbackPending: outcome.rollbackPending,
            missing: outcome.state.stableName == nil ? "no stable subset: give --splitter (with --resolver) or --stable" : nil)
        let report = WatchReport(
            totals: collector.totals(at: clock.now()), counts: counts, settings: settings,
            weights: setup.weights.withLock { $0 }, elapsed: clock.now(), verdicts: verdicts)
        await setup.stop()
        return (outcome, report)
    }
}
