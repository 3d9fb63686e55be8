import CanaryCore
import CanaryStore
import Synchronization

/// The mesh's own counts for a watch: reads each passive source every ``PassiveSettings/interval``
/// (Envoy replicas side by side, or Prometheus' instant queries after a back-fill), feeds the
/// answers to a ``PassiveBoard`` and gives its tallies as a ``PassiveSnapshot``.
///
/// A read that fails is a fault: counted, its text kept for the screen, never fatal; the
/// board keeps the source's last values, so the series are differenced against them when it
/// answers again. Times are the caller's timeline (`now`); Prometheus' Unix times are mapped
/// onto it with `unixNow`.
public final class PassiveFeed: Sendable {
    public let settings: PassiveSettings
    private let http: any StatsHTTP
    private let now: @Sendable () -> Double
    private let unixNow: @Sendable () -> Double
    private let envoy: [EnvoyAdminReader]
    private let prometheus: PrometheusReader?

    private struct State {
        var board: PassiveBoard
        var reads = 0
        var faults = 0
        var lastFault: String?
        var problems = 0
        var dataTime: Double?
        var events: [String] = []
        var eventCount = 0
        var faulty: Set<String> = []
        var backfilled = false

        mutating func note(_ line: String) {
            events.append(line)
            eventCount += 1
            if events.count > 50 { events.removeFirst(events.count - 50) }
        }
    }

    private let state: Mutex<State>
    /// An empty board with the same filter: what decides which samples a read keeps.
    private let keeper: PassiveBoard
    private let loop = Mutex<Task<Void, Never>?>(nil)

    /// A feed reading `settings`' sources through `http`; `now` is the watch's timeline and
    /// `unixNow` the wall clock in Unix seconds. The settings must name the service (see
    /// ``PassiveSettings/resolved(service:)``).
    public init(
        settings: PassiveSettings, http: any StatsHTTP, now: @escaping @Sendable () -> Double,
        unixNow: @escaping @Sendable () -> Double
    ) {
        precondition(settings.service != nil, "resolve the passive settings' service first")
        let service = settings.service ?? ""
        let selector = settings.selector ?? PromMatcher.defaultSelector(service: service)
        self.settings = settings
        self.http = http
        self.now = now
        self.unixNow = unixNow
        switch settings.source {
        case .envoy(let urls):
            envoy = urls.map { EnvoyAdminReader(base: $0, service: service) }
            prometheus = nil
        case .prometheus(let url, _, _):
            envoy = []
            prometheus = PrometheusReader(base: url, selector: selector)
        }
        let board = PassiveBoard(filter: PassiveSeriesFilter(service: service, selector: selector))
        keeper = board
        state = Mutex(State(board: board))
    }

    /// Reads every source once (the back-fill first, for Prometheus), then again every interval
    /// until ``stop()``.
    public func start() {
        let interval = settings.interval
        let task = Task { [self] in
            let clock = ContinuousClock()
            var next = clock.now
            while !Task.isCancelled {
                await poll()
                next += .nanoseconds(Int64(interval * 1e9))
                if next < clock.now { next = clock.now }
                do { try await Task.sleep(until: next, clock: clock) } catch { return }
            }
        }
        loop.withLock { $0 = task }
    }

    /// Stops reading.
    public func stop() {
        loop.withLock { $0 }?.cancel()
    }

    /// One round: every source read once and ingested (Prometheus: the back-fill on the first).
    public func poll() async {
        if let prometheus {
            await pollPrometheus(prometheus)
            return
        }
        let timeout = settings.timeout
        await withTaskGroup(of: (String, Result<EnvoyAdminReader.Read, StatsFetchError>).self) { group in
            for reader in envoy {
                group.addTask { [http, keeper] in
                    do throws(StatsFetchError) {
                        return (reader.base, .success(try await reader.read(http, timeout: timeout, keep: keeper.counts)))
                    } catch {
                        return (reader.base, .failure(error))
                    }
                }
            }
            for await (source, result) in group {
                let t = now()
                state.withLock { s in
                    switch result {
                    case .success(let read):
                        s.problems += read.problems
                        if let summary = read.problemSummary, s.problems == read.problems {
                            s.note("\(source): \(summary)")
                        }
                        ingest(&s, source: source, time: t, samples: read.samples)
                    case .failure(let error):
                        fault(&s, source: source, error)
                    }
                }
            }
        }
    }

    private func pollPrometheus(_ reader: PrometheusReader) async {
        let timeout = settings.timeout
        let offset = unixNow() - now()
        if case .prometheus(_, let backfill, let step) = settings.source, backfill > 0, !state.withLock({ $0.backfilled }) {
            let end = unixNow()
            // Not across the last weight change: what came before it belongs to another split.
            let start = max(end - backfill, settings.backfillNotBefore ?? -Double.infinity)
            do {
                let reads = start < end ? try await reader.range(http, timeout: timeout, start: start, end: end, step: step) : []
                state.withLock { s in
                    s.backfilled = true
                    for read in reads { ingest(&s, source: read.source, time: read.time - offset, samples: read.samples) }
                    let span = FixedPoint.format(max(0, end - start), digits: 0)
                    s.note("prometheus: back-filled \(reads.count) reads over the last \(span) s"
                        + (end - start < backfill ? " (since the split last changed)" : ""))
                }
            } catch {
                state.withLock { fault(&$0, source: reader.base, error) }
                return
            }
        }
        do {
            let reads = try await reader.instant(http, timeout: timeout)
            let t = now()
            state.withLock { s in
                s.backfilled = true
                if reads.isEmpty, s.reads == 0 { s.note("prometheus: no series match the selector yet") }
                for read in reads { ingest(&s, source: read.source, time: min(t, read.time - offset), samples: read.samples) }
                if reads.isEmpty { s.dataTime = t }
            }
        } catch {
            state.withLock { fault(&$0, source: reader.base, error) }
        }
    }

    private func ingest(_ s: inout State, source: String, time: Double, samples: [PromSample]) {
        let step = s.board.read(source: source, at: time, samples: samples)
        s.reads += 1
        s.dataTime = max(s.dataTime ?? time, time)
        if s.faulty.remove(source) != nil { s.note("\(TerminalSafe.clean(source, limit: 120)): answering again") }
        for event in step.events { s.note(event.summary) }
    }

    private func fault(_ s: inout State, source: String, _ error: StatsFetchError) {
        s.faults += 1
        s.lastFault = TerminalSafe.clean(error.message, limit: 200)
        // One event when a source starts failing, not one per read.
        if s.faulty.insert(source).inserted { s.note("fault: \(s.lastFault ?? "")") }
        s.board.forgetGauges(of: source)
    }

    /// Starts a new epoch at `time` (a weight change, or the operator cleared the tallies).
    public func startEpoch(at time: Double) {
        state.withLock { $0.board.startEpoch(at: time) }
    }

    /// The current epoch's tallies at `now` (epoch seconds counted from `epochStart`).
    public func snapshot(at now: Double, epochStart: Double) -> PassiveSnapshot {
        state.withLock { s in
            let engine = s.board.engine
            return PassiveSnapshot(
                kind: settings.kind, sourceCount: settings.sourceCount, subsets: s.board.epochTallies.subsets,
                epochSeconds: max(0, now - epochStart), dataTime: s.dataTime, reads: s.reads, faults: s.faults,
                lastFault: s.lastFault, problems: s.problems, resets: engine.resetsThisEpoch, restarts: engine.restartsThisEpoch,
                events: s.events, eventCount: s.eventCount, sampleRule: settings.sampleRule)
        }
    }

    /// Each subset's increase since the feed started (every epoch), by row name.
    public var totals: [String: PassiveSubsetTally] {
        state.withLock { s in
            let result = PassiveTallyBuilder.build(
                increases: s.board.engine.totalIncreases, filter: s.board.filter, unitsPerSecond: s.board.latencyUnitsPerSecond)
            return Dictionary(result.subsets.map { (PassiveSnapshot.name(of: $0), $0) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
