import CanaryCore
import CanaryProbe
import Synchronization

/// The feed from the probe, for the dashboard and the headless loop alike: the collector's
/// tallies, the requests in flight (the lanes' published view, read on every ``refresh()``), pausing
/// (stopping the runner, and starting a fresh one on the same clock and collector to resume),
/// and stopping with the run's counts.
///
/// Times are the caller's (`now`, on ``clock``'s timeline): a snapshot or an epoch is taken at
/// the time it is asked for.
public final class ProbeFeed: RefreshableFeed {
    public let collector: TallyCollector
    public let clock: ProbeClock
    public let settings: ProbeSettings
    private let attribution: AttributorBox

    /// One runner and the task running it.
    private final class Run: Sendable {
        let runner: ProbeRunner
        let task: Mutex<Task<Result<ProbeRunner.Counts, any Error>, Never>?> = Mutex(nil)
        let finished = Atomic<Bool>(false)

        init(_ runner: ProbeRunner) {
            self.runner = runner
        }

        func start() {
            let started = Task { [self] in
                let result: Result<ProbeRunner.Counts, any Error>
                do {
                    result = .success(try await runner.run())
                } catch {
                    result = .failure(error)
                }
                finished.store(true, ordering: .releasing)
                return result
            }
            task.withLock { $0 = started }
        }
    }

    private let state: Mutex<(run: Run?, inFlight: Int, sentTimes: [Double])>

    /// A feed whose first run is ready to ``start()``. Throws when the runner cannot be made
    /// (the TLS setup fails).
    public init(settings: ProbeSettings, attribution: AttributorBox, collector: TallyCollector, clock: ProbeClock) throws {
        self.settings = settings
        self.attribution = attribution
        self.collector = collector
        self.clock = clock
        let first = Run(try ProbeRunner(settings: settings, attribution: attribution, collector: collector, clock: clock))
        state = Mutex((first, 0, []))
    }

    /// Starts probing.
    public func start() {
        state.withLock { $0.run }?.start()
    }

    public func refresh() async -> Bool {
        guard let run = state.withLock({ $0.run }) else {
            // Paused: nothing in flight, and not finished.
            state.withLock { $0.inFlight = 0; $0.sentTimes = [] }
            return true
        }
        // Read before the view: once the run is over, every lane has handed its replies over
        // and published that nothing is in flight.
        let done = run.finished.load(ordering: .acquiring)
        let (inFlight, sentTimes) = run.runner.inFlight()
        state.withLock { $0.inFlight = inFlight; $0.sentTimes = sentTimes }
        return !done
    }

    public func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        let (inFlight, sentTimes) = state.withLock { ($0.inFlight, $0.sentTimes) }
        return (collector.totals(at: now).live, inFlight, sentTimes)
    }

    public func setPaused(_ paused: Bool) {
        if paused {
            let run = state.withLock { s -> Run? in
                defer { s.run = nil }
                return s.run
            }
            run?.runner.stop()
        } else if state.withLock({ $0.run == nil }),
            let runner = try? ProbeRunner(settings: settings, attribution: attribution, collector: collector, clock: clock) {
            let run = Run(runner)
            state.withLock { $0.run = run }
            run.start()
        }
    }

    public func startEpoch(at now: Double) {
        collector.startEpoch(at: now)
    }

    /// The current run's counts so far.
    public func progress() async -> ProbeRunner.Counts {
        guard let run = state.withLock({ $0.run }) else { return ProbeRunner.Counts() }
        return await run.runner.progress()
    }

    /// Sends nothing more, at once (a signal handler may call it); the run then ends as the
    /// requests in flight finish.
    public func stopSending() {
        state.withLock { $0.run }?.runner.stop()
    }

    /// Stops probing. With `waiting`, waits for the requests in flight and returns the run's
    /// counts (or its error); otherwise returns the counts so far at once — the operator quit,
    /// or a goal was reached, and a hanging canary's requests (up to the request timeout) must
    /// not hold the shell prompt back.
    public func stop(waiting: Bool) async throws -> ProbeRunner.Counts {
        guard let run = state.withLock({ $0.run }) else { return ProbeRunner.Counts() }
        run.runner.stop()
        guard waiting, let task = run.task.withLock({ $0 }) else { return await run.runner.progress() }
        return try await task.value.get()
    }
}
