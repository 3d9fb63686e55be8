/// Exact increases of cumulative counters, per series and per epoch, from successive reads.
///
/// Feed it one complete read of one source at a time (``ingest(source:at:counters:uptime:)``):
/// every counter series that source has, with their current values, and the proxy's uptime
/// when known. For each series it keeps the last value and adds the difference to the
/// current epoch's total:
///
/// - **Baseline.** Series present at a source's first read are not counted — they hold
///   everything since the proxy started. (Unless the uptime shows the proxy started after
///   the engine's first read: then it started while watched and its values count in full.)
/// - **Reset.** A counter that goes down restarted from zero: its new value is its increase,
///   and the epoch is marked as having seen a reset.
/// - **Restart.** When the uptime goes down, or the start time it implies moves later by more
///   than ``restartTolerance``, the proxy restarted: every counter of the source counts its
///   new value in full, and those that are gone count from zero when they come back.
/// - **New series** in a source already read count from zero: Envoy's `usedonly` leaves a
///   stat out until it is first written, so an absent series had counted nothing.
/// - **Vanished and back.** A series missing from a read keeps its last value; when it comes
///   back it is differenced against it (a lower value is a reset). Without an uptime this is
///   the one ambiguous case — a restart whose counters have already passed their old values
///   counts too little, never too much.
///
/// Subset totals are sums of per-series increases (difference first, then sum): summing
/// across replicas before differencing turns one replica's reset into a loss for all.
/// Values are `Double`s as the text format carries them; integers up to 2⁵³ are exact.
public struct DeltaEngine: Sendable {
    /// How far (seconds) the start time implied by an uptime may wander before it is taken as
    /// a restart: the uptime is updated at each stats flush (5 s) and Prometheus' copy is as
    /// old as its last scrape, so this must exceed flush plus scrape interval.
    public var restartTolerance: Double
    /// Series kept at most; further new series are dropped (with an event).
    public let maxSeries: Int

    /// The current epoch: 1 at the start, one more for every ``startEpoch(at:)``.
    public private(set) var epoch = 1
    /// When the current epoch started; `nil` until the first read or epoch.
    public private(set) var epochStart: Double?
    /// Counter resets (and restarts) seen in the current epoch.
    public private(set) var resetsThisEpoch = 0
    /// Proxy restarts seen in the current epoch.
    public private(set) var restartsThisEpoch = 0
    /// When the first read of all happened.
    public private(set) var firstRead: Double?

    struct Series: Sendable {
        var last: Double
        var present: Bool
        var epochIncrease: Double
        var totalIncrease: Double
    }

    struct Source: Sendable {
        var lastRead: Double
        var uptime: Double?
        var started: Double?
        var present: Int
    }

    private var series: [SeriesKey: Series] = [:]
    private var sources: [String: Source] = [:]

    public init(restartTolerance: Double = 30, maxSeries: Int = 200_000) {
        self.restartTolerance = restartTolerance
        self.maxSeries = maxSeries
    }

    /// What one read changed: each series' increase (only those that moved) and the events.
    public struct Step: Sendable, Equatable {
        public var increases: [SeriesKey: Double] = [:]
        public var events: [DeltaEvent] = []
    }

    /// Reads `counters` — every counter series of `source` now, by name and labels — at
    /// `time` (seconds, the caller's clock), with the proxy's uptime in seconds when known.
    /// Values that no counter can hold (negative, infinite, NaN) are skipped as if absent.
    @discardableResult
    public mutating func ingest(source: String, at time: Double, counters: [PromSample], uptime: Double? = nil) -> Step {
        var step = Step()
        if firstRead == nil { firstRead = time }
        if epochStart == nil { epochStart = time }
        let known = sources[source]
        var restarted = false
        var countAll = false
        if let known, let uptime {
            if let before = known.uptime, uptime < before {
                restarted = true
                step.events.append(.restarted(source: source, reason: .uptimeDropped))
            } else if let started = known.started, time - uptime - started > restartTolerance {
                restarted = true
                step.events.append(.restarted(source: source, reason: .startMovedLater))
            }
        } else if known == nil, let uptime, let first = firstRead, time - uptime > first + restartTolerance {
            countAll = true
        }
        let baseline = known == nil && !countAll
        if restarted {
            restartsThisEpoch += 1
            resetsThisEpoch += 1
            forEachSeries(of: source) { state, _ in
                state.last = 0
                state.present = false
            }
        }
        var seen = Set<SeriesKey>()
        var resets = 0, returned = 0, dropped = 0
        for sample in counters where sample.value.isFinite && sample.value >= 0 {
            let key = SeriesKey(source: source, name: sample.name, labels: sample.labels)
            guard seen.insert(key).inserted else { continue }
            let value = sample.value
            var increase: Double
            if var old = series[key] {
                if !old.present && !restarted { returned += 1 }
                if value < old.last {
                    increase = value
                    if !restarted { resets += 1 }
                } else {
                    increase = value - old.last
                }
                old.last = value
                old.present = true
                old.epochIncrease += increase
                old.totalIncrease += increase
                series[key] = old
            } else {
                guard series.count < maxSeries else { dropped += 1; continue }
                increase = baseline ? 0 : value
                series[key] = Series(last: value, present: true, epochIncrease: increase, totalIncrease: increase)
            }
            if increase != 0 { step.increases[key] = increase }
        }
        var vanished = 0
        if let known, !restarted {
            forEachSeries(of: source) { state, key in
                if state.present && !seen.contains(key) { state.present = false; vanished += 1 }
            }
            if vanished > 0 && vanished == known.present { step.events.append(.vanished(source: source, series: vanished)) }
        }
        if resets > 0 {
            resetsThisEpoch += 1
            step.events.append(.countersReset(source: source, series: resets))
        }
        if returned > 0 { step.events.append(.returned(source: source, series: returned)) }
        if dropped > 0 { step.events.append(.seriesLimit(source: source, dropped: dropped)) }
        if known == nil {
            step.events.append(countAll ? .startedWhileWatching(source: source, series: seen.count) : .baseline(source: source, series: seen.count))
        }
        // A stale uptime makes the start look later than it was, never earlier: keep the earliest.
        var started = uptime.map { time - $0 }
        if !restarted, let before = known?.started { started = min(before, started ?? before) }
        sources[source] = Source(
            lastRead: time, uptime: uptime ?? (restarted ? nil : known?.uptime), started: started,
            present: seen.count - dropped)
        return step
    }

    /// Starts a new epoch at `time` (a weight change): per-epoch totals start again from zero,
    /// taking every series' current value as the new starting point.
    public mutating func startEpoch(at time: Double) {
        epoch += 1
        epochStart = time
        resetsThisEpoch = 0
        restartsThisEpoch = 0
        var index = series.startIndex
        while index != series.endIndex {
            series.values[index].epochIncrease = 0
            series.formIndex(after: &index)
        }
    }

    /// Each series' increase in the current epoch (zeros included).
    public var epochIncreases: [SeriesKey: Double] { series.mapValues(\.epochIncrease) }

    /// Each series' increase since the engine started.
    public var totalIncreases: [SeriesKey: Double] { series.mapValues(\.totalIncrease) }

    /// The current epoch's increase of one series; 0 when unknown.
    public func epochIncrease(of key: SeriesKey) -> Double { series[key]?.epochIncrease ?? 0 }

    /// The sources read so far, with the time of their latest read.
    public var lastReads: [String: Double] { sources.mapValues(\.lastRead) }

    /// How many series are kept.
    public var seriesCount: Int { series.count }

    /// Calls `body` on every series of `source`, in place.
    private mutating func forEachSeries(of source: String, _ body: (inout Series, SeriesKey) -> Void) {
        var index = series.startIndex
        while index != series.endIndex {
            let key = series.keys[index]
            if key.source == source { body(&series.values[index], key) }
            series.formIndex(after: &index)
        }
    }
}
