import Testing
@testable import CanaryCore

/// The latency tests on bucketed data: Mann-Whitney with each bucket a tie equals the
/// per-sample test on the data expanded, and the tail test counts above a bucket bound.
@Suite struct BucketStatisticsTests {
    static func envoy(_ counts: [Int]) -> BucketCounts {
        BucketCounts(bounds: BucketCounts.envoyDefault.bounds, counts: counts)
    }

    static let shifted = (
        stable: envoy([0, 0, 3, 40, 300, 120, 20, 5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        canary: envoy([0, 0, 1, 20, 200, 150, 60, 20, 6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]))
    static let same = (
        stable: envoy([0, 0, 0, 10, 50, 30, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        canary: envoy([0, 0, 0, 11, 49, 31, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
    static let tail = (
        stable: envoy([0, 0, 0, 0, 900, 80, 15, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        canary: envoy([0, 0, 0, 0, 880, 70, 14, 6, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0]))

    /// Every request as its own value: its bucket's upper bound.
    func expanded(_ buckets: BucketCounts) -> [(value: Double, count: Int)] {
        buckets.counts.indices.flatMap { i in Array(repeating: (buckets.upperBound(i), 1), count: buckets.counts[i]) }
    }

    @Test(arguments: [0, 1, 2])
    func bucketsAsTiesEqualTheExpandedSamples(index: Int) {
        let pair = [Self.shifted, Self.same, Self.tail][index]
        let grouped = MannWhitney(stable: pair.stable.tiePoints, canary: pair.canary.tiePoints)
        let perSample = MannWhitney(stable: expanded(pair.stable), canary: expanded(pair.canary))
        #expect(grouped == perSample)
        // Any value inside each bucket ranks the same: the middles give the same test.
        let middles = { (b: BucketCounts) in b.counts.indices.map { i in
            (value: i < b.bounds.count ? (b.lowerBound(i) + b.upperBound(i)) / 2 : b.lowerBound(i) * 2, count: b.counts[i]) } }
        #expect(MannWhitney(stable: middles(pair.stable), canary: middles(pair.canary)) == grouped)
    }

    /// Random bucket counts: grouped and expanded agree exactly.
    @Test func groupedEqualsExpandedOnRandomData() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<100 {
            let s = Self.envoy((0..<20).map { _ in Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...60, using: &rng) : 0 })
            let c = Self.envoy((0..<20).map { _ in Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...60, using: &rng) : 0 })
            let grouped = MannWhitney(stable: s.tiePoints, canary: c.tiePoints)
            let perSample = MannWhitney(stable: expanded(s), canary: expanded(c).shuffled(using: &rng))
            #expect(grouped.u == perSample.u)
            #expect(abs(grouped.canarySlower - perSample.canarySlower) <= 1e-12)
        }
    }

    /// scipy 1.17.1, once: `mannwhitneyu(canary, stable, alternative="greater", method="asymptotic",
    /// use_continuity=True)` on the expanded samples (each request at its bucket's upper bound,
    /// the +Inf bucket as 1e12).
    @Test(arguments: [(0, 142005.5, 1.3813775261136533e-14), (1, 4950.0, 0.5532856139452231), (2, 511610.0, 0.048821547993413636)])
    func matchesScipyOnExpandedData(index: Int, u: Double, p: Double) {
        let pair = [Self.shifted, Self.same, Self.tail][index]
        let test = MannWhitney(stable: pair.stable.tiePoints, canary: pair.canary.tiePoints)
        #expect(test.u == u)
        #expect(abs(test.canarySlower - p) <= 1e-9 * max(p, 1e-12) || abs(test.canarySlower - p) <= 1e-15)
    }

    /// The tail at the smallest bound ≥ the limit; Fisher values from scipy 1.17.1,
    /// `fisher_exact([[s_above, s_rest], [c_above, c_rest]], alternative="less")`.
    @Test func tailTestCountsAboveTheBoundAtOrAboveTheLimit() throws {
        // Stable p99 ≈ 83.3 ms [50–100]; +20 % → 100 ms, itself a bound.
        let tail = try #require(BucketLatencyComparison(stable: Self.tail.stable, canary: Self.tail.canary, maxP99Increase: 0.2).tail)
        #expect(abs(tail.limit - 0.1) < 1e-12)
        #expect(tail.bound == 0.1)
        #expect(tail.stableAbove == 5 && tail.stableTotal == 1000 && tail.canaryAbove == 36 && tail.canaryTotal == 1000)
        #expect(abs(tail.pValue - 3.0857423863859416e-07) <= 1e-9 * 3.0857423863859416e-07)
        // Stable p99 ≈ 163 ms [100–250]; +20 % → 195.6 ms, so the line is drawn at 250 ms.
        let shifted = try #require(BucketLatencyComparison(stable: Self.shifted.stable, canary: Self.shifted.canary, maxP99Increase: 0.2).tail)
        #expect(abs(shifted.limit - 0.1956) < 1e-12)
        #expect(shifted.bound == 0.25)
        #expect(shifted.stableAbove == 2 && shifted.canaryAbove == 9)
        #expect(abs(shifted.pValue - 0.025112809129876748) <= 1e-9)
    }

    @Test func differentBucketsAreComparedAtTheirCommonBounds() {
        let stable = BucketCounts(bounds: [0.01, 0.025, 0.05, 0.1], counts: [50, 40, 5, 3, 2])
        let canary = BucketCounts(bounds: [0.01, 0.05, 0.1], counts: [40, 30, 10, 20])
        // The limit 0.02 is below 0.025, which the canary lacks: the line is drawn at 0.05.
        let test = BucketTailTest(stable: stable, canary: canary, limit: 0.02)
        #expect(test.bound == 0.05)
        #expect(test.stableAbove == 5 && test.canaryAbove == 30)
        #expect(BucketTailTest(stable: stable, canary: BucketCounts(bounds: [0.2], counts: [1, 1]), limit: 0.02).bound == nil)
    }

    @Test func envoysLabelsGiveExactlyTheDefaultBounds() {
        let board = PassiveTallyBuilder.build(
            increases: EnvoyStat.defaultLatencyBoundsMilliseconds.map { ms in
                SeriesKey(source: "r", name: "envoy_cluster_upstream_rq_time_bucket", labels: [
                    "consul_destination_service": "payments", "consul_destination_service_subset": "green",
                    "le": BucketQuantile.number(ms),
                ])
            }.reduce(into: [:]) { $0[$1] = 1 },
            filter: PassiveSeriesFilter(service: "payments"))
        #expect(board.tally("green")?.latency.bounds == BucketCounts.envoyDefault.bounds)
    }

    @Test func aLimitBeyondTheLastBoundCannotBeTested() {
        let stable = BucketCounts(bounds: [0.01, 0.02], counts: [10, 10, 1])
        let test = BucketTailTest(stable: stable, canary: stable, limit: 0.05)
        #expect(test.bound == nil && test.pValue == 1 && test.stableAbove == 0)
        #expect(BucketTailTest(stable: .envoyDefault, canary: .envoyDefault, limit: 0.01).pValue == 1)
    }

    @Test func comparisonCarriesTheBrackets() throws {
        let c = BucketLatencyComparison(stable: Self.tail.stable, canary: Self.tail.canary, maxP99Increase: 0.2)
        #expect(c.stableP99?.label == "p99 ≈ 83 ms [50–100]")
        #expect(c.canaryP99?.isBeyondLastBound == false)
        #expect(c.canaryP99?.lower == 2.5 && c.canaryP99?.upper == 5)
        #expect(c.mannWhitney.u == 511610)
        let empty = BucketLatencyComparison(stable: .envoyDefault, canary: Self.tail.canary, maxP99Increase: 0.2)
        #expect(empty.tail == nil && empty.mannWhitney.canarySlower == 1)
    }

    @Test func sampleRuleWaitsForRequestsTimedRequestsAndAFlush() {
        let rule = PassiveSampleRule()
        var stable = PassiveSubsetTally(subset: "blue"), canary = PassiveSubsetTally(subset: "green")
        stable.requests = 500
        stable.latency = Self.tail.stable
        canary.requests = 120
        canary.latency = Self.envoy([0, 0, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(rule.shortfall(stable: stable, canary: canary, epochSeconds: 2)
            == .init(canaryRequests: 20, stableRequests: 0, seconds: 3))
        canary.latency = Self.tail.canary
        #expect(rule.shortfall(stable: stable, canary: canary, epochSeconds: 2)
            == .init(canaryRequests: 0, stableRequests: 0, seconds: 3))
        #expect(rule.shortfall(stable: stable, canary: canary, epochSeconds: 5) == nil)
        stable.requests = 40
        #expect(rule.shortfall(stable: stable, canary: canary, epochSeconds: 9)?.stableRequests == 60)
        #expect(rule.minimumRequests == VerdictJudge.minimumForLatency)
    }
}
