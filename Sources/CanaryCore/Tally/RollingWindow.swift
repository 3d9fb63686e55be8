/// What a rolling window keeps per time bucket: a tally that can be emptied and combined.
protocol WindowAggregate: Sendable {
    /// Empties the aggregate, keeping its storage for reuse.
    mutating func reset()
    /// Adds everything `other` holds.
    mutating func merge(_ other: Self)
    /// How many parts (rows) hold storage allocated on their first record; must be O(1).
    var partsWithStorage: Int { get }
    /// Allocates, empty, the storage of every part `other` holds storage for (counting nothing),
    /// so the first record into a fresh bucket allocates nothing.
    mutating func reserve(like other: Self)
}

extension WindowAggregate {
    var partsWithStorage: Int { 0 }
    mutating func reserve(like other: Self) {}
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
///
/// Two things keep it cheap to read and flat in memory:
/// - when a bucket's aggregate allocates storage for a new part (a row's first latency
///   histogram), every other slot reserves the same at once, so the ring is warm after each
///   row's first record instead of after `bucketCount` buckets;
/// - the live buckets are kept merged (``liveTotal``): rebuilt from the buckets before the newest
///   once per new bucket, and every record applied to it as well, so ``merged(at:)`` in the newest
///   bucket — every snapshot of the dashboard and of the headless loop — returns an aggregate
///   already made instead of merging the ring (a merge of every row's 190 KB histogram per bucket,
///   twenty times a second).
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
    /// Every live bucket up to ``newestIndex`` merged, in its own storage; empty until the
    /// first record.
    private(set) var liveTotal: Bucket

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
        self.liveTotal = empty
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
        let parts = slots[slot].value.partsWithStorage
        change(&slots[slot].value)
        if slots[slot].value.partsWithStorage != parts { reserveEverywhere(like: slot) }
        if newestIndex.map({ k > $0 }) ?? true {
            newestIndex = k
            rebuildLiveTotal(excluding: k)
        }
        // In the newest bucket or late in a live one before it: the merged total holds it too.
        change(&liveTotal)
        return true
    }

    /// Everything recorded in the buckets live at time `t`, merged into one aggregate, oldest
    /// bucket first.
    func merged(at t: Double) -> Bucket {
        let live = liveIndices(at: t)
        if let newestIndex, live.upperBound == newestIndex {
            // The usual case: `t` is in the newest bucket; every live bucket is merged already.
            return liveTotal
        }
        return merge(live)
    }

    /// The buckets of `indices` that are in the ring, merged oldest first.
    private func merge(_ indices: ClosedRange<Int>) -> Bucket {
        var total = empty
        for index in indices {
            let slot = slots[Self.slot(of: index, count: bucketCount)]
            if slot.index == index { total.merge(slot.value) }
        }
        return total
    }

    /// Merges the live buckets before the newest into ``liveTotal`` again, in its own storage,
    /// oldest first; the newest's own record is applied to it next. `newest`'s slot is skipped:
    /// it was just cleared for this record.
    private mutating func rebuildLiveTotal(excluding newest: Int) {
        liveTotal.reset()
        for index in (newest - bucketCount + 1)..<newest {
            let slot = Self.slot(of: index, count: bucketCount)
            if slots[slot].index == index { liveTotal.merge(slots[slot].value) }
        }
    }

    /// Gives every other slot, and ``older``, the storage slot `model`'s aggregate holds.
    private mutating func reserveEverywhere(like model: Int) {
        let shape = slots[model].value
        for i in slots.indices where i != model { slots[i].value.reserve(like: shape) }
        liveTotal.reserve(like: shape)
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
