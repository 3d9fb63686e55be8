import CanaryCore
import CanaryProbe
import Synchronization

/// A watch's one feed: the probe, the mesh's own stats, or both, behind ``RefreshableFeed`` so
/// the dashboard, the headless loop, the effect runner and the guard work the same on each.
///
/// The probe's collector keeps the epochs for both (every weight change reaches both through
/// ``startEpoch(at:)``). With the probe on, its rows fill the table and the mesh's counts ride
/// along in ``TallySnapshot/passive``; with the probe off the table's rows are the mesh's.
public final class WatchFeed: RefreshableFeed {
    /// The probe, unless `--probe off`.
    public let probe: ProbeFeed?
    /// The passive source, when one is given.
    public let passive: PassiveFeed?
    /// Keeps the epochs (and, with the probe on, its tallies).
    public let collector: TallyCollector
    /// With the probe off: how long the run reads (`--duration`); then it has finished.
    private let until: Double?
    private let now: @Sendable () -> Double

    public init(probe: ProbeFeed?, passive: PassiveFeed?, collector: TallyCollector, until: Double? = nil, now: @escaping @Sendable () -> Double) {
        precondition(probe != nil || passive != nil, "a watch reads the probe, the mesh, or both")
        self.probe = probe
        self.passive = passive
        self.collector = collector
        self.until = until
        self.now = now
    }

    /// Starts probing and reading.
    public func start() {
        probe?.start()
        passive?.start()
    }

    public func refresh() async -> Bool {
        if let probe { return await probe.refresh() }
        return until.map { now() < $0 } ?? true
    }

    public func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        var (snapshot, inFlight, sentTimes) = probe?.snapshot(at: now) ?? (collector.totals(at: now).live, 0, [])
        if let passive {
            let mesh = passive.snapshot(at: now, epochStart: snapshot.epochStart)
            snapshot.passive = mesh
            if probe == nil {
                snapshot.sinceEpoch = mesh.view(seconds: mesh.epochSeconds)
                snapshot.window = snapshot.sinceEpoch
            }
        }
        return (snapshot, inFlight, sentTimes)
    }

    public func setPaused(_ paused: Bool) {
        probe?.setPaused(paused)
    }

    public func startEpoch(at now: Double) {
        collector.startEpoch(at: now)
        passive?.startEpoch(at: now)
    }

    /// The probe's counts so far (zeros with the probe off).
    public func progress() async -> ProbeRunner.Counts {
        await probe?.progress() ?? ProbeRunner.Counts()
    }

    /// Sends nothing more (a signal handler may call it).
    public func stopSending() {
        probe?.stopSending()
        passive?.stop()
    }

    /// Stops the probe (see ``ProbeFeed/stop(waiting:)``) and the reads.
    public func stop(waiting: Bool) async throws -> ProbeRunner.Counts {
        passive?.stop()
        return try await probe?.stop(waiting: waiting) ?? ProbeRunner.Counts()
    }
}
