import CanaryCore
import CanaryProbe
import Foundation

/// What the dashboard and the headless run both start from: the setup (Consul, the resolver,
/// the splitter, the catalog), the probe's feed on its clock, the inbox, and the steering —
/// with the splitter and the catalog already followed, and `/metrics` served when asked for.
/// The probe is not started yet.
struct WatchSession {
    let setup: WatchSetup
    let collector: TallyCollector
    let clock: ProbeClock
    let feed: WatchFeed
    let inbox = Inbox()
    let steering: WatchSteering
    /// What `/metrics` reads; the loops publish the reducer's verdicts to it.
    let metrics: WatchMetrics
    /// `--metrics-addr`, serving from before the probe starts.
    let endpoint: MetricsEndpoint?
    /// With `--record`: the recording, its file created.
    let recording: WatchRecording?

    /// Now on the probe's timeline.
    var now: @Sendable () -> Double {
        let clock = self.clock
        return { clock.now() }
    }

    /// Opens a session for `configuration`; a probe that cannot be made is refused as
    /// `<probeProblem>: <why>`. Everything opened is closed again when a later step fails.
    static func open(
        _ configuration: WatchConfiguration, clock: ProbeClock, probeProblem: String, headless: Bool
    ) async throws -> WatchSession {
        let setup = try await WatchSetup(configuration)
        let recording = configuration.record == nil ? nil : WatchRecording()
        let collector = TallyCollector(subsets: setup.subsets, observer: recording)
        do {
            var probe: ProbeFeed?
            if configuration.probing {
                do {
                    probe = try ProbeFeed(settings: configuration.probe, attribution: setup.attribution, collector: collector, clock: clock)
                } catch {
                    throw RunError("\(probeProblem): \(error)")
                }
            }
            var passive: PassiveFeed?
            if let settings = configuration.passive {
                guard let service = settings.service ?? setup.resolver?.name ?? configuration.splitter?.entryName else {
                    throw RunError("--envoy-admin and --prometheus need the service whose subsets to count: --service NAME, or a --resolver naming it")
                }
                var resolved = settings.resolved(service: service)
                if resolved.backfillNotBefore == nil, let path = configuration.splitter?.path,
                    let changed = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
                    resolved.backfillNotBefore = changed.timeIntervalSince1970
                }
                passive = PassiveFeed(
                    settings: resolved, http: setup.statsHTTP, now: { clock.now() },
                    unixNow: { Date().timeIntervalSince1970 })
            }
            let until = configuration.probing ? nil : configuration.probe.duration
            let feed = WatchFeed(probe: probe, passive: passive, collector: collector, until: until, now: { clock.now() })
            let metrics = WatchMetrics(
                collector: collector, clock: clock, service: setup.resolver?.name ?? configuration.splitter?.entryName ?? "",
                bounds: configuration.metrics?.bounds ?? MetricsSample.bounds(slo: configuration.verdict.slo),
                weights: { setup.weights.withLock { $0 } }, mesh: passive.map { feed in { @Sendable in feed.totals } })
            // A port in use stops the watch here, before a single probe is sent.
            var endpoint: MetricsEndpoint?
            if let settings = configuration.metrics { endpoint = try await MetricsEndpoint.start(settings.address, sample: metrics.sample) }
            do {
                let session = try await WatchSession(
                    setup: setup, collector: collector, clock: clock, feed: feed, metrics: metrics, endpoint: endpoint,
                    recording: recording, configuration)
                // The guard and the steps write on their own, with nobody at the keys to read a
                // refusal: an owned entry is refused before the run (headless) or the dashboard opens.
                if configuration.rollout.isActive, !configuration.steering.dryRun, !configuration.steering.readOnly,
                   let refusal = await session.steering.writer?.directWriteRefusal() {
                    throw RunError(refusal)
                }
                if let recording, let path = configuration.record {
                    try recording.open(path: path, header: RecordingHeader(
                        configuration, subsets: setup.subsets, applyMode: session.steering.applyText, headless: headless))
                }
                session.steering.follow(setup: setup, feed: feed, clock: clock, inbox: session.inbox)
                return session
            } catch {
                await endpoint?.shutdown()
                throw error
            }
        } catch {
            await setup.stop()
            throw error
        }
    }

    private init(
        setup: WatchSetup, collector: TallyCollector, clock: ProbeClock, feed: WatchFeed, metrics: WatchMetrics,
        endpoint: MetricsEndpoint?, recording: WatchRecording?, _ configuration: WatchConfiguration
    ) async throws {
        self.setup = setup
        self.metrics = metrics
        self.endpoint = endpoint
        self.recording = recording
        self.collector = collector
        self.clock = clock
        self.feed = feed
        let c = clock
        steering = try await WatchSteering.make(configuration, setup: setup, feed: feed, inbox: inbox, now: { c.now() })
    }
}

extension RecordingHeader {
    /// The header of a recording of `configuration`'s watch.
    init(_ configuration: WatchConfiguration, subsets: [String], applyMode: String, headless: Bool) {
        var rate: Double?
        if case .open(let r) = configuration.probe.pace { rate = r }
        self.init(
            target: configuration.probe.target.description, rate: rate, rateLabel: configuration.rateLabel,
            concurrency: configuration.probe.concurrency, subsets: subsets, applyMode: applyMode, until: configuration.until,
            stable: configuration.steering.stable, verdict: configuration.verdict, headless: headless)
    }
}
