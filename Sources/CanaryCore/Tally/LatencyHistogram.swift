import Histogram

/// Reply latencies in seconds, kept at microsecond resolution to three significant digits.
///
/// A thin layer over HdrHistogram: values from 1 µs to ``highestTrackable`` (one hour) keep
/// three significant digits (a reported value is within 0.1 % of a recorded one). Longer
/// values are clamped to one hour and still counted; negative or NaN values count as 0.
/// Every instance has the same layout, so any two merge losslessly.
///
/// Storage is allocated on the first record (about 190 KB) and kept by ``reset()``, so an
/// empty histogram costs nothing and a reused one never reallocates.
public struct LatencyHistogram: Sendable {
    /// The largest latency kept apart: one hour. Anything longer is counted as one hour.
    public static let highestTrackable: Double = 3600

    static let microsecondsPerSecond: Double = 1_000_000
    static let highestMicroseconds = UInt64(highestTrackable * microsecondsPerSecond)

    /// `nil` until the first record or merge of a non-empty histogram.
    var storage: Histogram<UInt64>?

    /// How many values each of HdrHistogram's buckets holds, kept beside its counts (empty while
    /// `storage` is nil). Bucket 0 holds 0–2 047 µs in ranges of 1 µs; bucket k ≥ 1 holds
    /// 1 024·2ᵏ … 2 048·2ᵏ − 1 µs in 1 024 ranges 2ᵏ µs wide. A percentile finds its bucket here
    /// and walks that bucket's ranges only: not every range below it (13 000 of them under 5 s
    /// latencies, walked several times a turn by the headless loop, the dashboard and the judge).
    var bucketTotals: [UInt64] = []

    /// Buckets for values up to one hour in microseconds (the top one is 21).
    static let bucketTotalsCount = 24

    /// The HdrHistogram bucket holding `micros`, for three significant digits from 1 µs.
    @inline(__always)
    static func bucket(of micros: UInt64) -> Int {
        micros < 2048 ? 0 : (63 - micros.leadingZeroBitCount) - 10
    }

    /// The first value of each equivalence range of `bucket`, lowest first.
    static func rangeStarts(ofBucket bucket: Int) -> StrideTo<UInt64> {
        stride(from: bucket == 0 ? 0 : UInt64(1024) << UInt64(bucket), to: UInt64(2048) << UInt64(bucket), by: 1 << bucket)
    }

    /// How many recorded values were longer than ``highestTrackable`` and counted as it.
    public private(set) var clampedCount: Int = 0

    /// An empty histogram.
    public init() {}

    /// A histogram holding `latencies` (seconds), for tests and replays.
    public init(_ latencies: some Sequence<Double>) {
        for latency in latencies { record(latency) }
    }

    /// How many values have been recorded.
    public var count: Int {
        Int(storage?.totalCount ?? 0)
    }

    /// Whether nothing has been recorded.
    public var isEmpty: Bool { count == 0 }

    /// Records one latency in seconds (`0.0243` for 24.3 ms).
    public mutating func record(_ seconds: Double) {
        let micros: UInt64
        if seconds.isNaN || seconds <= 0 {
            micros = 0
        } else if seconds >= Self.highestTrackable {
            micros = Self.highestMicroseconds
            if seconds > Self.highestTrackable { clampedCount += 1 }
        } else {
            micros = UInt64((seconds * Self.microsecondsPerSecond).rounded())
        }
        if storage == nil { reserveStorage() }
        storage!.record(micros)
        bucketTotals[Self.bucket(of: micros)] += 1
    }

    /// Adds every value of `other` to this histogram.
    public mutating func merge(_ other: LatencyHistogram) {
        guard let theirs = other.storage, theirs.totalCount > 0 else { return }
        clampedCount += other.clampedCount
        if storage == nil {
            storage = theirs
            bucketTotals = other.bucketTotals
        } else {
            storage!.add(theirs)
            for index in bucketTotals.indices { bucketTotals[index] += other.bucketTotals[index] }
        }
    }

    /// Whether the counts' storage is allocated (by a record, a merge or ``reserveStorage()``).
    var hasStorage: Bool { storage != nil }

    /// Allocates the counts' storage now, recording nothing: a histogram reserved ahead of its
    /// first record (a rolling window's bucket) allocates nothing when it comes.
    mutating func reserveStorage() {
        if storage == nil {
            storage = Self.makeStorage()
            bucketTotals = [UInt64](repeating: 0, count: Self.bucketTotalsCount)
        }
    }

    /// Forgets every value, keeping the storage for reuse.
    public mutating func reset() {
        if (storage?.totalCount ?? 0) > 0 {
            storage!.reset()
            for index in bucketTotals.indices { bucketTotals[index] = 0 }
        }
        clampedCount = 0
    }

    /// The latency in seconds at or below which `percent` % of the values lie (`50` for the
    /// median), to three significant digits; `nil` when nothing was recorded.
    ///
    /// Follows HdrHistogram: the value reported is the top of the recorded value's
    /// equivalence range, but never above the largest value recorded.
    public func percentile(_ percent: Double) -> Double? {
        percentiles([percent])?[0]
    }

    /// ``percentile(_:)`` of each of `percents`; `nil` when empty.
    ///
    /// The same values HdrHistogram's `valueAtPercentile` gives (the top of the equivalence
    /// range where the running count reaches the percentile's share, clamped to the smallest
    /// and largest values recorded), found through ``bucketTotals``: the running count goes
    /// bucket by bucket to the one the percentile falls in, then range by range inside it.
    public func percentiles(_ percents: [Double]) -> [Double]? {
        guard let storage, storage.totalCount > 0 else { return nil }
        let total = storage.totalCount, top = storage.maxRecorded, bottom = storage.min
        return percents.map { percent in
            let value: UInt64
            if percent == 0 {
                value = bottom
            } else if percent >= 100 {
                value = top
            } else {
                // The count the percentile must reach, as valueAtPercentile derives it.
                let requested = Swift.min(Swift.max(percent.nextDown, 0), 100)
                let wanted = Swift.max(1, UInt64(((requested * Double(total)) / 100).rounded(.up)))
                value = Swift.max(Swift.min(Self.reach(wanted, in: storage, bucketTotals: bucketTotals), top), bottom)
            }
            return Self.seconds(value)
        }
    }

    /// The top of the equivalence range where the running count first reaches `wanted`.
    private static func reach(_ wanted: UInt64, in storage: Histogram<UInt64>, bucketTotals: [UInt64]) -> UInt64 {
        var below: UInt64 = 0
        for (bucket, count) in bucketTotals.enumerated() {
            guard below + count >= wanted else {
                below += count
                continue
            }
            // Inside this bucket, range by range.
            var last: UInt64 = 0
            for value in rangeStarts(ofBucket: bucket) {
                below += UInt64(storage.countForValue(value))
                if below >= wanted { return storage.highestEquivalentForValue(value) }
                last = value
            }
            return storage.highestEquivalentForValue(last)
        }
        return storage.maxRecorded
    }

    /// The median latency in seconds; `nil` when empty.
    public var p50: Double? { percentile(50) }
    /// The 90th percentile in seconds; `nil` when empty.
    public var p90: Double? { percentile(90) }
    /// The 99th percentile in seconds; `nil` when empty.
    public var p99: Double? { percentile(99) }

    /// The largest latency recorded, exact to the microsecond; `nil` when empty.
    public var max: Double? {
        guard let storage, storage.totalCount > 0 else { return nil }
        return Self.seconds(storage.maxRecorded)
    }

    /// The memory the counts take, in bytes: 0 until the first record, then fixed.
    public var footprintInBytes: Int {
        storage?.estimatedFootprintInBytes ?? 0
    }

    static func makeStorage() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicroseconds,
            numberOfSignificantValueDigits: .three)
    }

    static func seconds(_ micros: UInt64) -> Double {
        Double(micros) / microsecondsPerSecond
    }
}

extension LatencyHistogram: Equatable {
    /// Two histograms are equal when they hold the same counts in the same equivalence ranges.
    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.count == rhs.count && lhs.clampedCount == rhs.clampedCount && lhs.buckets() == rhs.buckets()
    }
}
