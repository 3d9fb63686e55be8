/// What a rolling window keeps per time bucket: a tally that can be emptied and combined.
protocol WindowAggregate: Sendable {
    /// Empties the aggregate, keeping its storage for reuse.
    mutating func reset()
    /// Adds everything `other` holds.
    mutating func merge(_ other: Self)
}

/// The last few seconds of a tally, kept in a ring of fixed-width time buckets.
///
/// Time is the caller's: every call passes `t` in seconds on a monotonic timeline, and the
/// window never reads a clock. Bucket `k` holds what was recorded in
/// `[origin + k·width, origin + (k+1)·width)`. At time `t` the window is the bucket holding
/// `t` and the `bucketCount − 1` before it, so it spans between `length − width` and
/// `length` seconds once warm. A bucket expires the moment `t` reaches
/// `origin + (k + bucketCount)·width`: recording never adds buckets, it reuses the expired
/// slot, so memory is `bucketCount` aggregates however many records arrive.
struct RollingWindow<Bucket: WindowAggregate>: Sendable {
    /// One ring slot: which bucket it holds (`nil` if never used) and its aggregate.
    struct Slot: Sendable {
        var index: Int?
        var value: Bucket
    }

    /// The width of one bucket in seconds.
    let bucketWidth: Double
    /// How many buckets the ring holds.
    let bucketCount: Int
    /// The start of bucket 0, and of the window's coverage: nothing is counted before it.
    let origin: Double
    /// The ring, `bucketCount` slots; bucket `k` lives in slot `k mod bucketCount`.
    private(set) var slots: [Slot]
    /// The newest bucket recorded into; older buckets than its window are refused.
    private(set) var newestIndex: Int?
    private let empty: Bucket

    /// A window of `length` seconds (rounded up to whole buckets) in buckets of `bucketWidth`
    /// seconds, starting at `origin`; `empty` is the aggregate each bucket starts from.
    init(length: Double, bucketWidth: Double, origin: Double, empty: Bucket) {
        precondition(bucketWidth.isFinite && bucketWidth > 0, "bucket width must be positive")
        precondition(length.isFinite && length >= bucketWidth, "window must hold at least one bucket")
        precondition(origin.isFinite, "origin must be finite")
        let ratio = length / bucketWidth
        // 10 / 0.1 is 100.00000000000001 in binary: round to the nearest count when that close.
        let count = abs(ratio - ratio.rounded()) < 1e-9 ? ratio.rounded() : ratio.rounded(.up)
        precondition(count <= 100_000, "window holds too many buckets")
        self.bucketWidth = bucketWidth
        self.bucketCount = Int(count)
        self.origin = origin
        self.empty = empty
        self.slots = Array(repeating: Slot(index: nil, value: empty), count: Int(count))
    }

    /// The window's full length in seconds: `bucketCount × bucketWidth`.
    var length: Double { Double(bucketCount) * bucketWidth }

    /// The bucket holding time `t`: `⌊(t − origin) / bucketWidth⌋`.
    func bucketIndex(at t: Double) -> Int {
        precondition(t.isFinite, "time must be finite")
        let k = ((t - origin) / bucketWidth).rounded(.down)
        return Int(Swift.min(Swift.max(k, -1e15), 1e15))
    }

    /// The buckets live at time `t`: the one holding `t` and the `bucketCount − 1` before it.
    func liveIndices(at t: Double) -> ClosedRange<Int> {
        let now = bucketIndex(at: t)
        return (now - bucketCount + 1)...now
    }

    /// Applies `change` to the bucket holding time `t`, first clearing the slot if it held an
    /// expired bucket. Returns `false`, changing nothing, when `t` is older than the window
    /// of the newest bucket recorded so far.
    @discardableResult
    mutating func update(at t: Double, _ change: (inout Bucket) -> Void) -> Bool {
        let k = bucketIndex(at: t)
        if let newestIndex, k <= newestIndex - bucketCount { return false }
        let slot = Self.slot(of: k, count: bucketCount)
        if slots[slot].index != k {
            slots[slot].value.reset()
            slots[slot].index = k
        }
        change(&slots[slot].value)
        newestIndex = Swift.max(newestIndex ?? k, k)
        return true
    }

    /// Everything recorded in the buckets live at time `t`, merged into one aggregate.
    func merged(at t: Double) -> Bucket {
        let live = liveIndices(at: t)
        var total = empty
        for slot in slots {
            if let index = slot.index, live.contains(index) { total.merge(slot.value) }
        }
        return total
    }

    /// How many seconds of the timeline the window covers at time `t`: from the start of its
    /// oldest live bucket (or `origin`, early on) to `t`. Never negative.
    func coveredSeconds(at t: Double) -> Double {
        let oldest = origin + Double(liveIndices(at: t).lowerBound) * bucketWidth
        return Swift.max(0, t - Swift.max(origin, oldest))
    }

    private static func slot(of index: Int, count: Int) -> Int {
        let r = index % count
        return r < 0 ? r + count : r
    }
}
