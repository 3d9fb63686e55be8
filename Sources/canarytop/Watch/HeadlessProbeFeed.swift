import CanaryApp
import CanaryCore
import CanaryProbe
import Synchronization

/// The headless loop's feed: one probe run (its requests, its duration, or until stopped), the
/// collector's live tallies, and the requests in flight asked of the runner on every turn.
final class HeadlessProbeFeed: HeadlessFeed {
    let runner: ProbeRunner
    private let figures = Mutex<(inFlight: Int, sentTimes: [Double])>((0, []))
    private let task = Mutex<Task<Result<ProbeRunner.Counts, any Error>, Never>?>(nil)
    private let finished = Atomic<Bool>(false)

    init(runner: ProbeRunner) {
        self.runner = runner
    }

    /// Starts probing.
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

    func refresh() async -> Bool {
        // Read before the counts: once the run is over, progress() has handed every reply over.
        let done = finished.load(ordering: .acquiring)
        let (counts, sentTimes) = await runner.progressAndSendTimes()
        figures.withLock { $0 = (counts.inFlight, sentTimes) }
        return !done
    }

    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        let (inFlight, sentTimes) = figures.withLock { ($0.inFlight, $0.sentTimes) }
        return (runner.collector.totals(at: runner.clock.now()).live, inFlight, sentTimes)
    }

    /// Headless runs never pause.
    func setPaused(_ paused: Bool) {}

    func startEpoch(at now: Double) {
        runner.collector.startEpoch(at: runner.clock.now())
    }

    /// Stops probing. With `waiting`, waits for the requests in flight and returns the run's
    /// counts (or its error); otherwise returns the counts so far at once.
    func stop(waiting: Bool) async throws -> ProbeRunner.Counts {
        runner.stop()
        guard waiting, let task = task.withLock({ $0 }) else { return await runner.progress() }
        return try await task.value.get()
    }
}
