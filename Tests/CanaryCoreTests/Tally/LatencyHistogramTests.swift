import Testing
@testable import CanaryCore

/// HdrHistogram keeps three significant digits: a reported percentile is the top of the
/// recorded value's equivalence range, so it lies in `[exact, exact × (1 + 0.001)]`.
private func isWithinPrecision(_ reported: Double?, of exact: Double) -> Bool {
    guard let reported else { return false }
    return reported >= exact && reported <= exact * 1.001
}

@Suite struct LatencyHistogramTests {
    /// 1 ms, 2 ms, … 1000 ms, shuffled so the order of recording plays no part.
    static let oneToThousandMs: [Double] = {
        var generator = SplitMix64(seed: 7)
        return (1...1000).map { Double($0) / 1000 }.shuffled(using: &generator)
    }()

    @Test func emptyHistogramReportsNothing() {
        let h = LatencyHistogram()
        #expect(h.count == 0 && h.isEmpty)
        #expect(h.p50 == nil && h.p90 == nil && h.p99 == nil && h.max == nil)
        #expect(h.footprintInBytes == 0)
        #expect(h.buckets().isEmpty)
        #expect(h.bins(count: 4).map(\.count) == [0, 0, 0, 0])
    }

    @Test func percentilesOfOneToThousandMilliseconds() {
        let h = LatencyHistogram(Self.oneToThousandMs)
        #expect(h.count == 1000)
        #expect(isWithinPrecision(h.p50, of: 0.500))
        #expect(isWithinPrecision(h.p90, of: 0.900))
        #expect(isWithinPrecision(h.p99, of: 0.990))
        #expect(h.max == 1.000)  // the maximum is exact to the microsecond
        #expect(h.percentile(100) == 1.000)
        #expect(isWithinPrecision(h.percentile(0.1), of: 0.001))
    }

    /// The one-pass ``LatencyHistogram/percentiles(_:)`` gives exactly what HdrHistogram's own
    /// `valueAtPercentile` gives, in any order asked, on spread-out and on clustered values.
    @Test func onePassPercentilesMatchHdrHistogram() throws {
        var generator = SplitMix64(seed: 19)
        let spread = (0..<5000).map { _ in Double.random(in: 0.000_1...6, using: &generator) }
        let clustered: [Double] = (0..<3000).map { (i: Int) -> Double in
            let jitter = Double(i % 7) / 1000
            return i % 2 == 0 ? 0.025 : 5.0 + jitter
        }
        let percents: [Double] = [99, 50, 0, 90, 100, 99.9, 0.1, 50]
        let samples: [[Double]] = [spread, clustered, [0.042], [0, 0, 0.5]]
        for values in samples {
            let h = LatencyHistogram(values)
            let storage = try #require(h.storage)
            let theirs: [Double] = percents.map { (p: Double) -> Double in Double(storage.valueAtPercentile(p)) / 1_000_000 }
            #expect(h.percentiles(percents) == theirs)
            #expect(h.percentile(99) == theirs[0])
        }
        #expect(LatencyHistogram().percentiles([50]) == nil)
    }

    @Test func smallValuesAreExactToTheMicrosecond() {
        // Below 2.048 ms every microsecond has its own range.
        let h = LatencyHistogram([0.000_250, 0.000_251, 0.000_252, 0.001_999])
        #expect(h.p50 == 0.000_251)
        #expect(h.max == 0.001_999)
        #expect(h.buckets().map(\.count) == [1, 1, 1, 1])
        #expect(h.buckets().first == .init(lowerBound: 0.000_250, upperBound: 0.000_250, count: 1))
    }

    @Test func submicrosecondValuesRoundToTheNearestMicrosecond() {
        let h = LatencyHistogram([0.000_000_4, 0.000_000_6])
        #expect(h.buckets() == [
            .init(lowerBound: 0, upperBound: 0, count: 1),
            .init(lowerBound: 0.000_001, upperBound: 0.000_001, count: 1),
        ])
    }

    @Test func longValuesClampToOneHourAndStillCount() {
        var h = LatencyHistogram([0.010, 3600, 7200, .infinity])
        #expect(h.count == 4)
        #expect(h.clampedCount == 2)
        #expect(h.max == 3600)
        h.record(-1)
        h.record(.nan)
        #expect(h.count == 6)
        #expect(h.percentile(1) == 0)
    }

    @Test func mergeEqualsRecordingEverythingInOne() {
        let all = LatencyHistogram(Self.oneToThousandMs)
        var low = LatencyHistogram(Self.oneToThousandMs.filter { $0 <= 0.5 })
        let high = LatencyHistogram(Self.oneToThousandMs.filter { $0 > 0.5 })
        low.merge(high)
        #expect(low == all)
        #expect(low.count == 1000)
        #expect(low.p99 == all.p99)

        var empty = LatencyHistogram()
        empty.merge(all)
        #expect(empty == all)
        empty.merge(LatencyHistogram())
        #expect(empty == all)
    }

    @Test func mergeCarriesClampedCount() {
        var a = LatencyHistogram([5000])
        a.merge(LatencyHistogram([9000, 1]))
        #expect(a.count == 3 && a.clampedCount == 2)
    }

    @Test func resetKeepsStorage() {
        var h = LatencyHistogram(Self.oneToThousandMs)
        let footprint = h.footprintInBytes
        #expect(footprint > 0)
        h.reset()
        #expect(h.isEmpty && h.p50 == nil && h.clampedCount == 0)
        #expect(h.footprintInBytes == footprint)
        #expect(h == LatencyHistogram())
    }

    @Test func footprintDoesNotDependOnCount() {
        var few = LatencyHistogram()
        few.record(0.001)
        var many = LatencyHistogram()
        for i in 0..<100_000 { many.record(Double(i % 5000) / 1000) }
        #expect(many.footprintInBytes == few.footprintInBytes)
    }

    @Test func bucketsAreAscendingDisjointAndSumToCount() {
        let h = LatencyHistogram(Self.oneToThousandMs + [5.002, 5.003, 5.004, 5.005])
        let buckets = h.buckets()
        #expect(buckets.reduce(0) { $0 + $1.count } == h.count)
        for (a, b) in zip(buckets, buckets.dropFirst()) {
            #expect(a.upperBound < b.lowerBound)
        }
        for bucket in buckets { #expect(bucket.lowerBound <= bucket.upperBound) }
        // Near 5 s a range spans 4096 µs, here 5.001216 … 5.005311 s: the four values are ties.
        #expect(buckets.last == .init(lowerBound: 5.001_216, upperBound: 5.005_311, count: 4))
    }

    @Test func bucketsOfTwoHistogramsLineUp() {
        // Near 150 ms a range spans 128 µs: 149.888 … 150.015 ms.
        let a = LatencyHistogram([0.150, 0.150_01])
        let b = LatencyHistogram([0.149_9])
        #expect(a.buckets().count == 1)
        #expect(a.buckets()[0].lowerBound == b.buckets()[0].lowerBound)
        #expect(a.buckets()[0].upperBound == b.buckets()[0].upperBound)
    }

    @Test func equalWidthBins() {
        let h = LatencyHistogram([0.05, 0.15, 0.15, 0.95, 1.5])
        let bins = h.bins(count: 10, upTo: 1.0)
        #expect(bins.map(\.count) == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(bins.first?.lowerBound == 0 && bins.last?.upperBound == 1.0)
        #expect(bins[1].lowerBound == 0.1)

        let toMax = h.bins(count: 3)
        #expect(toMax.map(\.count) == [3, 1, 1])
        #expect(toMax.last?.upperBound == 1.5)
    }

    @Test func allZeroValuesGoToTheFirstBin() {
        #expect(LatencyHistogram([0, 0]).bins(count: 2).map(\.count) == [2, 0])
    }
}

/// A seeded generator so shuffled test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
