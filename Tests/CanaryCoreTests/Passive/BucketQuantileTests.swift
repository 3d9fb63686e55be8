import Testing
@testable import CanaryCore

/// Bucket counts and their percentiles as brackets, against Prometheus' own `histogram_quantile`.
@Suite struct BucketQuantileTests {
    /// Bounds in milliseconds as seconds, with cumulative counts as a `_bucket` series has them.
    func buckets(_ cumulative: [(Double, Double)]) -> BucketCounts {
        BucketCounts.fromCumulative(Dictionary(uniqueKeysWithValues: cumulative.map { ($0.0 / 1000, $0.1) })).buckets
    }

    static let h: [(Double, Double)] = [(0.5, 0), (1, 0), (5, 10), (10, 200), (25, 4870), (50, 5300), (100, 5330), (.infinity, 5335)]

    /// Reference values printed once by Prometheus 2.42's `promtool test rules` for
    /// `histogram_quantile(q, x_bucket)` on the same series (kept here as data).
    @Test(arguments: [
        ("h", 0.99, 48.9331395348837), ("h", 0.5, 17.92558886509636), ("h", 0.9, 24.779978586723768),
        ("g", 0.99, 50), ("g", 0.05, 12.5), ("k", 0.5, 5.625), ("k", 0.43, 5.012499999999999), ("k", 1, 10),
    ])
    func matchesPrometheusHistogramQuantile(series: String, q: Double, milliseconds: Double) throws {
        let data: [String: [(Double, Double)]] = [
            "h": Self.h, "g": [(25, 10), (50, 10), (.infinity, 100)], "k": [(1, 3), (5, 3), (10, 7), (.infinity, 7)],
        ]
        let quantile = try #require(BucketQuantile(q, of: buckets(data[series]!)))
        #expect(abs(quantile.estimate * 1000 - milliseconds) <= 1e-9 * milliseconds)
    }

    @Test func bracketsTheEstimate() throws {
        let p99 = try #require(BucketQuantile(0.99, of: buckets(Self.h)))
        #expect(p99.lower == 0.025 && p99.upper == 0.05 && !p99.isBeyondLastBound)
        #expect(p99.label == "p99 ≈ 49 ms [25–50]")
        #expect(p99.value == "≈ 49 ms [25–50]")
        let p50 = try #require(BucketQuantile(0.5, of: buckets(Self.h)))
        #expect(p50.label == "p50 ≈ 18 ms [10–25]")
        let fast = try #require(BucketQuantile(0.5, of: buckets([(0.5, 2), (1, 10), (.infinity, 10)])))
        #expect(fast.label == "p50 ≈ 0.7 ms [0.5–1]")
        let first = try #require(BucketQuantile(0.5, of: buckets([(0.5, 10), (.infinity, 10)])))
        #expect(first.lower == 0 && first.label == "p50 ≈ 0.3 ms [0–0.5]")
    }

    @Test func aQuantileInInfSaysSo() throws {
        let q = try #require(BucketQuantile(0.99, of: buckets([(25, 10), (3_600_000, 10), (.infinity, 100)])))
        #expect(q.isBeyondLastBound)
        #expect(q.estimate == 3600)
        #expect(q.label == "p99 > 3600000 ms [3600000–+Inf]")
        #expect(q.value == "> 3600000 ms [3600000–+Inf]")
        #expect(BucketQuantile(0.5, of: BucketCounts(bounds: [], counts: [4]))?.estimate == 0)
    }

    @Test func emptyBucketsHaveNoQuantile() {
        #expect(BucketQuantile(0.5, of: .envoyDefault) == nil)
    }

    @Test func cumulativeToPerBucket() {
        let built = BucketCounts.fromCumulative([0.025: 4870, 0.05: 5300, .infinity: 5335, 0.01: 200])
        #expect(built.buckets.bounds == [0.01, 0.025, 0.05])
        #expect(built.buckets.counts == [200, 4670, 430, 35])
        #expect(built.clamped == 0)
        #expect(built.buckets.total == 5335)
        // A bound whose cumulative count went down (replicas flushed apart) counts 0 and is reported.
        let odd = BucketCounts.fromCumulative([1: 10, 2: 8, 3: 12, .infinity: 12])
        #expect(odd.buckets.counts == [10, 0, 2, 0])
        #expect(odd.clamped == 2)
        // Without +Inf nothing lies above the last bound.
        #expect(BucketCounts.fromCumulative([1: 3, 2: 5]).buckets.counts == [3, 2, 0])
    }

    @Test func envoysDefaultBounds() {
        let envoy = BucketCounts.envoyDefault
        #expect(envoy.bounds.count == 19)
        #expect(envoy.bounds.first == 0.0005 && envoy.bounds.last == 3600)
        #expect(envoy.counts.count == 20)
        #expect(envoy.smallestBound(atOrAbove: 0.03) == 0.05)
        #expect(envoy.smallestBound(atOrAbove: 0.05) == 0.05)
        #expect(envoy.smallestBound(atOrAbove: 4000) == nil)
    }

    @Test func countsAboveABoundAndAddUp() {
        var a = BucketCounts(bounds: [1, 2, 3], counts: [5, 4, 3, 2])
        #expect(a.count(above: 1) == 9 && a.count(above: 3) == 2)
        a.add(BucketCounts(bounds: [1, 2, 3], counts: [1, 1, 1, 1]))
        #expect(a.counts == [6, 5, 4, 3])
        #expect(a.lowerBound(0) == 0 && a.upperBound(3) == .infinity)
        #expect(a.tiePoints.map(\.value) == [1, 2, 3, .infinity])
        #expect(BucketCounts(bounds: [1, 2], counts: [0, 3, 0]).tiePoints.map(\.count) == [3])
    }
}
