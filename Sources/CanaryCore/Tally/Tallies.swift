/// The whole table: a row per subset, the unattributed row and the probe-faults row, counted
/// both since the current epoch and over a rolling window.
///
/// Pure and value-typed: the caller passes every time in seconds on a monotonic timeline it
/// owns, and `Tallies` never reads a clock. A new epoch starts whenever the caller says so,
/// typically when the splitter's weights change; the window runs on across epochs.
///
/// ```swift
/// var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
/// tallies.record(observation, at: 0.25)
/// tallies.recordProbeFault(.refused, latency: 0.001, at: 0.3)
/// tallies.startEpoch(at: 42)          // weights changed
/// let table = tallies.snapshot(at: 42.5)
/// ```
///
/// Memory does not grow with the number of requests: it is bounded by (subset rows + 3) ×
/// (window buckets + 2) latency histograms of about 190 KB each (the epoch, every bucket, and
/// the window's merged live buckets), allocated for a row across the whole window on its first
/// reply — so memory is flat from then on, not growing while the window fills. Subset rows are bounded too: names beyond ``maxSubsetRows`` (say,
/// a misbehaving mesh reporting a new hop name per reply) are counted together on an
/// "other subsets" row.
public struct Tallies: Sendable {
    /// How many subset rows exist at most unless told otherwise.
    public static let defaultMaxSubsetRows = 16

    /// The current epoch's number: 1 at the start, plus one for each ``startEpoch(at:)``.
    public private(set) var epoch = 1
    /// When the current epoch started.
    public private(set) var epochStart: Double
    /// The subset rows in display order: the known subsets as given, then new names in the
    /// order they first appeared. Rows persist across epochs.
    public private(set) var subsetNames: [String]
    /// How many subset rows exist at most; known subsets always have one.
    public let maxSubsetRows: Int
    /// Whether a reply came from a subset that found no free row.
    public private(set) var hasOtherSubsets = false

    private var namesWithRows: Set<String>
    var sinceEpoch = TallyTable()
    var window: RollingWindow<TallyTable>

    /// A table with zero-count rows for `subsets`, a window of `window` seconds in buckets of
    /// `bucketWidth` seconds, and epoch 1 starting at `start`.
    ///
    /// The window is rounded up to whole buckets and must hold at least one; duplicate names
    /// in `subsets` get one row.
    public init(
        subsets: [String], window: Double = 10, bucketWidth: Double = 1,
        maxSubsetRows: Int = Tallies.defaultMaxSubsetRows, startingAt start: Double
    ) {
        var seen = Set<String>()
        let names = subsets.filter { seen.insert($0).inserted }
        self.subsetNames = names
        self.namesWithRows = seen
        self.maxSubsetRows = Swift.max(maxSubsetRows, names.count)
        self.epochStart = start
        self.window = RollingWindow(length: window, bucketWidth: bucketWidth, origin: start, empty: TallyTable())
    }

    /// The rolling window's full length in seconds (the requested length rounded up to whole buckets).
    public var windowLength: Double { window.length }
    /// The width of one window bucket in seconds.
    public var bucketWidth: Double { window.bucketWidth }

    /// Counts one reply at time `t`: on its subset's row, or the unattributed row when
    /// ``Observation/subset`` is `nil`.
    ///
    /// It counts in the current epoch unless it was sent (`sentAt`, when given) before the epoch
    /// began — a reply still in flight across a weight change belongs to the old weights; in the
    /// window only if `t` is not older than the window of the newest record.
    public mutating func record(_ observation: Observation, at t: Double, sentAt: Double? = nil) {
        let row = row(for: observation.subset)
        let classes = ReplyClass.classes(of: observation)
        // A request sent before the epoch began belongs to the old weights: not to this epoch.
        if (sentAt ?? t) >= epochStart {
            sinceEpoch.record(observation, classes: classes, on: row, at: t)
        }
        window.update(at: t) { $0.record(observation, classes: classes, on: row, at: t) }
    }

    /// Counts one probe that got no reply at all, failing with `fault` after `latency` seconds,
    /// at time `t`. Never counted in any subset.
    public mutating func recordProbeFault(_ fault: ProbeFault, latency: Double, at t: Double, sentAt: Double? = nil) {
        if (sentAt ?? t) >= epochStart {
            sinceEpoch.recordProbeFault(fault, latency: latency, at: t)
        }
        window.update(at: t) { $0.recordProbeFault(fault, latency: latency, at: t) }
    }

    /// Starts a new epoch at time `t`: the epoch number goes up by one and the since-epoch
    /// counts start from zero. Rows and the rolling window are kept.
    public mutating func startEpoch(at t: Double) {
        epoch += 1
        epochStart = t
        sinceEpoch.reset()
    }

    /// The table at time `t`, both views. Does not change anything: windows expire by time.
    public func snapshot(at t: Double) -> TallySnapshot {
        TallySnapshot(
            time: t, epoch: epoch, epochStart: epochStart, windowLength: windowLength,
            sinceEpoch: sinceEpochView(at: t),
            window: TallySnapshot.View(
                table: window.merged(at: t), names: subsetNames, showOtherSubsets: hasOtherSubsets,
                seconds: window.coveredSeconds(at: t)))
    }

    /// The since-epoch view alone at time `t`: what ``snapshot(at:)`` gives as `sinceEpoch`,
    /// without merging the window (for tallies whose window nobody reads: the collector's
    /// stragglers, whose newest bucket is usually long past, so their window was merged from
    /// the ring on every snapshot — a 190 KB histogram merge per row, twenty times a second).
    public func sinceEpochView(at t: Double) -> TallySnapshot.View {
        TallySnapshot.View(
            table: sinceEpoch, names: subsetNames, showOtherSubsets: hasOtherSubsets, seconds: Swift.max(0, t - epochStart))
    }

    /// The row a reply of `subset` lands on, giving a new name a row while there is room.
    private mutating func row(for subset: String?) -> TallyTable.Row {
        guard let subset else { return .unattributed }
        if namesWithRows.contains(subset) { return .subset(subset) }
        guard subsetNames.count < maxSubsetRows else {
            hasOtherSubsets = true
            return .otherSubsets
        }
        subsetNames.append(subset)
        namesWithRows.insert(subset)
        return .subset(subset)
    }
}

extension Tallies {
    /// What the table holds in memory, to check that it stays bounded.
    struct Footprint: Equatable {
        /// Ring slots of the window.
        var windowSlots: Int
        /// Subset rows held, over the epoch table, every slot and the window's merged live slots.
        var subsetRows: Int
        /// Bytes of latency-histogram storage, over the same tables.
        var histogramBytes: Int
    }

    /// What the table holds in memory now.
    var footprint: Footprint {
        let tables = [sinceEpoch] + window.slots.map(\.value) + [window.liveTotal]
        return Footprint(
            windowSlots: window.slots.count,
            subsetRows: tables.reduce(0) { $0 + $1.subsets.count },
            histogramBytes: tables.reduce(0) { $0 + $1.histogramFootprint })
    }
}
