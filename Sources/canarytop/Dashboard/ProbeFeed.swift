import CanaryApp
import CanaryCore
import CanaryProbe
import Synchronization

/// The dashboard's feed from the probe: tallies from the collector, in-flight counts, pausing
/// (stopping the runner, and starting a fresh one on the same clock and collector to resume).
final class ProbeFeed: DashboardFeed {
    let collector: TallyCollector
    let clock: ProbeClock
    private let settings: ProbeSettings
    private let attribution: AttributorBox
    private let state = Mutex<(runner: ProbeRunner?, task: Task<Void, Never>?, inFlight: Int, sentTimes: [Double])>((nil, nil, 0, []))
    private let poller = Mutex<Task<Void, Never>?>(nil)

    init(settings: ProbeSettings, attribution: AttributorBox, collector: TallyCollector, clock: ProbeClock) {
        self.settings = settings
        self.attribution = attribution
        self.collector = collector
        self.clock = clock
    }

    /// Starts probing (and counting requests in flight).
    func start() throws {
        try resume()
        poller.withLock { p in
            p = Task { [self] in
                while !Task.isCancelled {
                    let runner = state.withLock { $0.runner }
                    let (counts, sentTimes) = await runner?.progressAndSendTimes() ?? (nil, [])
                    state.withLock { $0.inFlight = counts?.inFlight ?? 0; $0.sentTimes = sentTimes }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }

    private func resume() throws {
        let runner = try ProbeRunner(settings: settings, attribution: attribution, collector: collector, clock: clock)
        let task = Task { _ = try? await runner.run() }
        state.withLock { $0.runner = runner; $0.task = task }
    }

    /// Stops probing and waits for the requests in flight.
    ///
    /// With `waitingForInFlight` false it only stops sending: the operator quit, nothing more
    /// will be shown, and a hanging canary's requests (up to the request timeout) must not hold
    /// the shell prompt back. Returns the requests still in flight when it stopped.
    @discardableResult
    func stop(waitingForInFlight: Bool = true) async -> Int {
        poller.withLock { $0?.cancel() }
        let (runner, task) = state.withLock { s in (s.runner, s.task) }
        runner?.stop()
        guard waitingForInFlight else { return await runner?.progress().inFlight ?? 0 }
        await task?.value
        return 0
    }

    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        let (inFlight, sentTimes) = state.withLock { ($0.inFlight, $0.sentTimes) }
        return (collector.totals(at: clock.now()).live, inFlight, sentTimes)
    }

    func setPaused(_ paused: Bool) {
        if paused {
            let runner = state.withLock { s -> ProbeRunner? in
                defer { s.runner = nil }
                return s.runner
            }
            runner?.stop()
        } else if state.withLock({ $0.runner == nil }) {
            try? resume()
        }
    }

    func startEpoch(at now: Double) {
        collector.startEpoch(at: clock.now())
    }
}
