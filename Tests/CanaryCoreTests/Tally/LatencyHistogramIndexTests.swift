import Foundation
import Testing
@testable import CanaryCore

/// The per-bucket totals ``LatencyHistogram`` keeps beside HdrHistogram's counts, and the
/// percentiles and buckets found through them, checked against HdrHistogram itself: its own
/// `valueAtPercentile` and its `recordedValues()` walk, after records, merges and resets.
@Suite struct LatencyHistogramIndexTests {
    /// Latencies from every bucket, with gaps: sub-millisecond, the workshop's 5 s timeouts,
    /// minutes, and past one hour (clamped).
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { i in
            switch i % 6 {
            case 0: Double.random(in: 0...0.002, using: &generator)
            case 1: 5 + Double.random(in: 0...0.01, using: &generator)
            case 2: Double.random(in: 0.002...0.2, using: &generator)
            case 3: Double.random(in: 60...600, using: &generator)
            case 4: i % 12 == 4 ? 7200 : 0.000_4
            default: pow(10, Double.random(in: -6...3.5, using: &generator))
            }
        }
    }

    static let percents: [Double] = [0, 0.001, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 99.999, 100]

    /// The walk through HdrHistogram's every range, as the buckets were found before the index.
    static func reference(_ histogram: LatencyHistogram) -> [LatencyHistogram.Bucket] {
        guard let storage = histogram.storage else { return [] }
        return storage.recordedValues().map { step in
            let range = storage.equivalentRangeForValue(step.value)
            return LatencyHistogram.Bucket(
                lowerBound: Double(range.lowerBound) / 1e6, upperBound: Double(range.upperBound) / 1e6, count: Int(step.count))
        }
    }

    static func expectAgreesWithHdrHistogram(_ histogram: LatencyHistogram, _ what: String) throws {
        let storage = try #require(histogram.storage, "\(what)")
        #expect(histogram.bucketTotals.reduce(0, +) == storage.totalCount, "\(what)")
        let theirs = percents.map { Double(storage.valueAtPercentile($0)) / 1e6 }
        #expect(histogram.percentiles(percents) == theirs, "\(what)")
        #expect(histogram.buckets() == reference(histogram), "\(what)")
    }

    @Test func percentilesAndBucketsAreHdrHistogramsAfterRecords() throws {
        for (count, seed) in [(1, 1), (7, 2), (600, 3), (20_000, 4)] as [(Int, UInt64)] {
            try Self.expectAgreesWithHdrHistogram(LatencyHistogram(Self.values(count, seed: seed)), "\(count) values")
        }
        // One bucket only, and its edges: 2 047, 2 048 and 4 095 µs.
        try Self.expectAgreesWithHdrHistogram(LatencyHistogram([0.002047, 0.002048, 0.004095, 0.004096]), "edges")
        try Self.expectAgreesWithHdrHistogram(LatencyHistogram(Array(repeating: 5.0, count: 99) + [0.001]), "one outlier")
    }

    @Test func mergesAndResetsKeepTheTotals() throws {
        var merged = LatencyHistogram()
        merged.merge(LatencyHistogram(Self.values(500, seed: 9)))  // into an empty one: taken whole
        merged.merge(LatencyHistogram(Self.values(900, seed: 10)))
        merged.merge(LatencyHistogram())
        try Self.expectAgreesWithHdrHistogram(merged, "merged")
        #expect(merged == LatencyHistogram(Self.values(500, seed: 9) + Self.values(900, seed: 10)))

        merged.reset()
        #expect(merged.percentiles([50]) == nil && merged.buckets().isEmpty)
        #expect(merged.bucketTotals.allSatisfy { $0 == 0 })
        merged.record(0.25)
        try Self.expectAgreesWithHdrHistogram(merged, "recorded after a reset")

        var reserved = LatencyHistogram()
        reserved.reserveStorage()
        reserved.merge(LatencyHistogram([3, 0.003]))
        try Self.expectAgreesWithHdrHistogram(reserved, "merged into reserved storage")
    }

    @Test func everyMicrosecondFindsItsBucket() throws {
        // Bucket k ≥ 1 starts at 1 024·2ᵏ µs: the first and last value of each is in it.
        #expect(LatencyHistogram.bucket(of: 0) == 0 && LatencyHistogram.bucket(of: 2047) == 0)
        for k in 1...21 {
            #expect(LatencyHistogram.bucket(of: UInt64(1024) << UInt64(k)) == k)
            #expect(LatencyHistogram.bucket(of: (UInt64(2048) << UInt64(k)) - 1) == k)
        }
        #expect(LatencyHistogram.bucket(of: LatencyHistogram.highestMicroseconds) < LatencyHistogram.bucketTotalsCount)
    }
}
