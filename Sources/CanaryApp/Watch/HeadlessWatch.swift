import CanaryCore
import CanaryProbe
import CanaryStore

/// `canarytop watch --headless`: the dashboard's reducer without a terminal, on the probe.
///
/// The probe runs for its requests or duration (then the run waits for the requests in flight),
/// or with a goal until the goal or the timeout (then it stops at once, not waiting for slow
/// requests). Verdicts are judged, and the guard and the step plan act, exactly as on the
/// dashboard, but without a countdown. SIGINT and SIGTERM stop the sending.
public enum HeadlessWatch {
    /// Time between the loop's turns.
    static let interval: Duration = .milliseconds(50)

    /// The tallies and counts at one moment: for a progress line, and for the summary.
    public struct Figures: Sendable {
        public var totals: TallyCollector.Totals
        public var counts: ProbeRunner.Counts
        public var settings: ProbeSettings
        /// The weights in force, when a splitter is followed.
        public var weights: ConfiguredWeights?
        /// Seconds since the start.
        public var elapsed: Double
        /// Whether the probe sent (`--probe off`: the mesh's stats alone).
        public var probing: Bool
        /// The mesh's counts: the current epoch's, and each subset's over the whole run.
        public var passive: PassiveSnapshot?
        public var passiveTotals: [String: PassiveSubsetTally]
        /// The canaries' latest verdicts.
        public var verdicts: [CanaryVerdict]
        /// The service whose subsets are counted (`""` when no splitter or resolver names it).
        public var service: String

        public init(
            totals: TallyCollector.Totals, counts: ProbeRunner.Counts, settings: ProbeSettings, weights: ConfiguredWeights?,
            elapsed: Double, probing: Bool = true, passive: PassiveSnapshot? = nil,
            passiveTotals: [String: PassiveSubsetTally] = [:], verdicts: [CanaryVerdict] = [], service: String = ""
        ) {
            self.totals = totals
            self.counts = counts
            self.settings = settings
            self.weights = weights
            self.elapsed = elapsed
            self.probing = probing
            self.passive = passive
            self.passiveTotals = passiveTotals
            self.verdicts = verdicts
            self.service = service
        }

        /// These figures as `/metrics` shows them: the same counts the summary prints.
        public func metricsSample(bounds: [Double]) -> MetricsSample {
            WatchMetrics.sample(totals: totals, weights: weights, verdicts: verdicts, service: service, bounds: bounds)
        }
    }

    /// How the run went.
    public struct Result: Sendable {
        public var outcome: HeadlessRuntime.Outcome
        /// At the end.
        public var figures: Figures
        /// `/metrics`, still serving the final counts: ``MetricsEndpoint/linger(_:)`` keeps it
        /// up for a last scrape; the caller shuts it down.
        public var metrics: MetricsEndpoint?
        /// Why the recording stopped early (`--record`), if it did.
        public var recordingProblem: String?
    }

    /// A progress report every `interval` seconds while the run goes on.
    public struct Progress: Sendable {
        public var interval: Double
        public var report: @Sendable (Figures) -> Void

        public init(every interval: Double, _ report: @escaping @Sendable (Figures) -> Void) {
            self.interval = interval
            self.report = report
        }
    }

    /// Runs the watch on `clock`'s timeline until the goal (or, without one, the end of the
    /// probe), at most `timeout` seconds with a goal; events go to `events` (cleaned of
    /// control characters).
    public static func run(
        _ configuration: WatchConfiguration, goal: HeadlessGoal?, timeout: Double?, progress: Progress? = nil,
        clock: ProbeClock = ProbeClock(), events: @escaping @Sendable (String) -> Void
    ) async throws -> Result {
        let session = try await WatchSession.open(configuration, clock: clock, probeProblem: "cannot set up TLS", headless: true)
        let (setup, collector, feed, steering, now) = (session.setup, session.collector, session.feed, session.steering, session.now)
        let state = steering.initialState(configuration)
        if let endpoint = session.endpoint { events("serving metrics on http://\(endpoint.address)/metrics") }
        let interrupts = Interrupts { feed.stopSending() }
        defer { interrupts.cancel() }

        let metrics = session.metrics
        let figures: @Sendable (ProbeRunner.Counts) -> Figures = { counts in
            let t = clock.now()
            let totals = collector.totals(at: t)
            return Figures(
                totals: totals, counts: counts, settings: configuration.probe,
                weights: setup.weights.withLock { $0 }, elapsed: t, probing: configuration.probing,
                passive: feed.passive?.snapshot(at: t, epochStart: totals.live.epochStart), passiveTotals: feed.passive?.totals ?? [:],
                verdicts: metrics.verdicts, service: metrics.service)
        }
        let reporter = progress.map { progress in
            Task { await report(every: progress.interval, feed: feed) { progress.report(figures($0)) } }
        }
        feed.start()
        // The turns run on a thread of their own that sleeps between them: one wake-up a turn.
        let turns = TurnThread()
        let pauseSeconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let runtime = HeadlessRuntime(
            state: state, feed: feed, writer: steering.writer, inbox: session.inbox, goal: goal,
            deadline: goal == nil ? nil : timeout.map { now() + $0 }, recording: session.recording, now: now,
            pause: { await turns.sleep(seconds: pauseSeconds) },
            report: { events(TerminalSafe.clean($0, limit: 600)) }, published: metrics.publish)
        let outcome = await withTaskExecutorPreference(turns) { await runtime.run() }
        turns.finish()
        let counts: ProbeRunner.Counts
        do {
            // With a goal, slow requests still in flight are not waited for.
            counts = try await feed.stop(waiting: goal == nil)
        } catch {
            reporter?.cancel()
            await session.endpoint?.shutdown()
            session.recording?.close()
            await setup.stop()
            throw RunError("probe failed: \(error)")
        }
        reporter?.cancel()
        _ = await reporter?.value
        var result = Result(outcome: outcome, figures: figures(counts), metrics: session.endpoint)
        if let recording = session.recording {
            recording.end(RecordingEnd(result))
            result.recordingProblem = recording.close()
        }
        await setup.stop()
        return result
    }

    /// Calls `body` with the counts every `interval` seconds until cancelled.
    private static func report(every interval: Double, feed: WatchFeed, _ body: (ProbeRunner.Counts) -> Void) async {
        let clock = ContinuousClock()
        let start = clock.now
        var tick = 1
        while !Task.isCancelled {
            do {
                try await Task.sleep(until: start + .nanoseconds(Int64(interval * 1e9 * Double(tick))), clock: clock)
            } catch {
                return
            }
            tick += 1
            body(await feed.progress())
        }
    }
}

extension RecordingEnd {
    /// The end line of a recorded headless run: what its summary prints besides the tallies.
    init(_ result: HeadlessWatch.Result) {
        let figures = result.figures, outcome = result.outcome, counts = figures.counts
        var endingReason: String?
        if case .rolledBack(let reason) = outcome.ending { endingReason = reason }
        var finish: String?, finishReason: String?
        switch outcome.state.rollout.finish {
        case .promoted?: finish = "promoted"
        case .rolledBack(let reason)?: finish = "rolled_back"; finishReason = reason
        case nil: break
        }
        self.init(
            time: figures.elapsed, sent: counts.sent, inFlight: counts.inFlight, late: counts.late, skipped: counts.skipped,
            retried: counts.retried, weightNames: figures.weights?.names, weights: figures.weights?.weights,
            ending: outcome.ending.name, endingReason: endingReason, finish: finish, finishReason: finishReason,
            rollbackPending: outcome.rollbackPending, hadStable: outcome.state.stableName != nil,
            writes: outcome.writes.map { RecordingEnd.Write(time: $0.time, summary: $0.summary, succeeded: $0.succeeded) },
            verdicts: outcome.verdicts)
    }
}
