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
        if storage == nil { storage = Self.makeStorage() }
        storage!.record(micros)
    }

    /// Adds every value of `other` to this histogram.
    public mutating func merge(_ other: LatencyHistogram) {
        guard let theirs = other.storage, theirs.totalCount > 0 else { return }
        clampedCount += other.clampedCount
        if storage == nil {
            storage = theirs
        } else {
            storage!.add(theirs)
        }
    }

    /// Whether the counts' storage is allocated (by a record, a merge or ``reserveStorage()``).
    var hasStorage: Bool { storage != nil }

    /// Allocates the counts' storage now, recording nothing: a histogram reserved ahead of its
    /// first record (a rolling window's bucket) allocates nothing when it comes.
    mutating func reserveStorage() {
        if storage == nil { storage = Self.makeStorage() }
    }

    /// Forgets every value, keeping the storage for reuse.
    public mutating func reset() {
        if (storage?.totalCount ?? 0) > 0 { storage!.reset() }
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

    /// ``percentile(_:)`` of each of `percents`, in one pass over the counts; `nil` when empty.
    ///
    /// The same values HdrHistogram's `valueAtPercentile` gives, but walked once through
    /// `recordedValues()` (inlined here, so specialized for the counts' type) instead of once per
    /// percentile through the library's unspecialized generic loop — the dashboard asks for
    /// three percentiles of several histograms every frame.
    public func percentiles(_ percents: [Double]) -> [Double]? {
        guard let storage, storage.totalCount > 0 else { return nil }
        let total = storage.totalCount, top = storage.maxRecorded, bottom = storage.min
        var results = [UInt64](repeating: 0, count: percents.count)
        // The count each percentile must reach, as valueAtPercentile derives it.
        var wanted: [(index: Int, count: UInt64)] = []
        for (index, percent) in percents.enumerated() {
            if percent == 0 {
                results[index] = bottom
            } else if percent >= 100 {
                results[index] = top
            } else {
                let requested = Swift.min(Swift.max(percent.nextDown, 0), 100)
                wanted.append((index, Swift.max(1, UInt64(((requested * Double(total)) / 100).rounded(.up)))))
            }
        }
        wanted.sort { $0.count < $1.count }
        var next = 0
        if !wanted.isEmpty {
            for step in storage.recordedValues() {
                while next < wanted.count, step.totalCountToThisValue >= wanted[next].count {
                    results[wanted[next].index] = Swift.max(Swift.min(step.value, top), bottom)
                    next += 1
                }
                if next == wanted.count { break }
            }
        }
        return results.map(Self.seconds)
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
