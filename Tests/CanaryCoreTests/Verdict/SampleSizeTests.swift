import Testing
@testable import CanaryCore

/// Reference values computed once with scipy 1.17.1 and kept here as data:
///   scipy.stats.norm.ppf(p), scipy.stats.norm.sf(z)
///   the sample-size formula of ``SampleSize`` evaluated in Python with norm.ppf.
@Suite struct SampleSizeTests {
    @Test(arguments: [
        (1e-10, -6.361340902404056), (0.001, -3.090232306167813), (0.01, -2.3263478740408408),
        (0.02425, -1.972961051311885), (0.3, -0.5244005127080409), (0.5, 0.0), (0.8, 0.8416212335729143),
        (0.99, 2.3263478740408408), (0.999999, 4.753424308817087),
    ])
    func quantileMatchesScipy(p: Double, z: Double) {
        #expect(abs(NormalDistribution.quantile(p) - z) <= 1e-10 * max(1, abs(z)))
    }

    @Test func quantileEnds() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
    }

    @Test(arguments: [
        (0.0, 0.5), (1.0, 0.15865525393145707), (2.326, 0.010009275340867669), (-1.5, 0.9331927987311419),
        (5.0, 2.866515718791933e-07),
    ])
    func upperTailMatchesScipy(z: Double, p: Double) {
        #expect(abs(NormalDistribution.upperTail(z) - p) <= 1e-12 * max(p, 1e-300) + 1e-16)
    }

    @Test(arguments: [
        // (baseline, increase, alpha, power, ratio, n)
        (0.0, 0.01, 0.01, 0.8, 1.0, 1189),
        (0.001, 0.01, 0.01, 0.8, 1.0, 1389),
        (0.02, 0.01, 0.05, 0.9, 3.0, 2874),
        (0.005, 0.01, 0.01, 0.8, 19.0, 885),
        (0.1, 0.05, 0.01, 0.8, 0.5, 1409),
    ])
    func canaryRequestsMatchTheFormula(p0: Double, delta: Double, alpha: Double, power: Double, k: Double, n: Int) {
        #expect(SampleSize.canaryRequests(baseline: p0, increase: delta, alpha: alpha, power: power, ratio: k) == n)
    }

    @Test func moreIsNeededForSmallerEffectsStricterAlphaMorePowerOrFewerStableRequests() throws {
        func n(_ d: Double = 0.01, alpha: Double = 0.01, power: Double = 0.8, k: Double = 1) throws -> Int {
            try #require(SampleSize.canaryRequests(baseline: 0.002, increase: d, alpha: alpha, power: power, ratio: k))
        }
        #expect(try n(0.005) > n(0.01))
        #expect(try n(alpha: 0.001) > n(alpha: 0.01))
        #expect(try n(power: 0.95) > n(power: 0.8))
        #expect(try n(k: 0.25) > n(k: 1))
        #expect(try n(k: 1) > n(k: 19))
    }

    @Test func impossibleRisesHaveNoSize() {
        #expect(SampleSize.canaryRequests(baseline: 0.995, increase: 0.01, alpha: 0.01, power: 0.8, ratio: 1) == nil)
        #expect(SampleSize.canaryRequests(baseline: 0.1, increase: 0, alpha: 0.01, power: 0.8, ratio: 1) == nil)
    }
}
