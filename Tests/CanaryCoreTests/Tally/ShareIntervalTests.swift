import Testing
@testable import CanaryCore

@Suite struct ShareIntervalTests {
    /// Wilson 95 % intervals as (k, n, lower, upper), computed by formula with Python's mpmath
    /// at 50 digits and z = 1.959963984540054:
    ///
    ///     p = k/n; d = 1 + z²/n; centre = (p + z²/2n)/d
    ///     half = z·√(p(1−p)/n + z²/4n²)/d; interval = centre ∓ half
    ///
    /// printed to 17 significant digits (scipy.stats.norm.ppf(0.975) gives the same z).
    static let wilson95: [(Int, Int, Double, Double)] = [
        (0, 1, 0.0, 0.79345068562276257),
        (1, 1, 0.20654931437723743, 1.0),
        (0, 10, 0.0, 0.2775327998628892),
        (10, 10, 0.7224672001371108, 1.0),
        (1, 10, 0.017876213095072907, 0.40415002679523846),
        (5, 10, 0.236593090512564, 0.763406909487436),
        (50, 100, 0.40383153036599564, 0.59616846963400436),
        (12, 100, 0.069994064370194894, 0.19812099426711422),
        (1, 3, 0.061491944720396242, 0.79234039919795225),
        (500, 1000, 0.46906960036810418, 0.53093039963189582),
        (4990, 10000, 0.48920246540214663, 0.50879830259459472),
        (1, 1_000_000, 1.765245767453715e-7, 5.664911804311442e-6),
        (999_999, 1_000_000, 0.99999433508819569, 0.99999982347542325),
    ]

    private static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-12 * Swift.max(abs(b), 1e-6)
    }

    @Test(arguments: wilson95.indices)
    func wilsonMatchesReference(_ i: Int) {
        let (k, n, lower, upper) = Self.wilson95[i]
        let interval = ShareInterval(successes: k, of: n)
        #expect(Self.close(interval.lower, lower), "lower of \(k)/\(n): \(interval.lower) vs \(lower)")
        #expect(Self.close(interval.upper, upper), "upper of \(k)/\(n): \(interval.upper) vs \(upper)")
    }

    @Test func endsAreExactAtZeroAndAll() {
        #expect(ShareInterval(successes: 0, of: 10).lower == 0)
        #expect(ShareInterval(successes: 10, of: 10).upper == 1)
    }

    @Test func nothingObservedGivesTheWholeRange() {
        let none = ShareInterval(successes: 0, of: 0)
        #expect(none.lower == 0 && none.upper == 1)
        #expect(none.observed == nil)
        #expect(!none.drifts(fromWeightPercent: 0))
        #expect(!none.drifts(fromWeightPercent: 100))
    }

    /// z for other confidences, from mpmath's √2·erfinv(c) at 50 digits:
    /// 0.90 → 1.6448536269514727, 0.95 → 1.9599639845400542, 0.99 → 2.5758293035489008.
    @Test func quantileForConfidence() {
        #expect(abs(ShareInterval.z(confidence: 0.95) - ShareInterval.z95) < 1e-12)
        #expect(abs(ShareInterval.z(confidence: 0.90) - 1.6448536269514727) < 1e-12)
        #expect(abs(ShareInterval.z(confidence: 0.99) - 2.5758293035489008) < 1e-12)
    }

    /// 12 of 100 at 90 % and 99 %, by the same mpmath formula with the z above.
    @Test func otherConfidences() {
        let ninety = ShareInterval(successes: 12, of: 100, confidence: 0.90)
        #expect(Self.close(ninety.lower, 0.076326008119562328))
        #expect(Self.close(ninety.upper, 0.18369445967565017))
        let ninetyNine = ShareInterval(successes: 12, of: 100, confidence: 0.99)
        #expect(Self.close(ninetyNine.lower, 0.059207276835253545))
        #expect(Self.close(ninetyNine.upper, 0.22808044582877193))
    }

    @Test func driftAgainstConfiguredWeight() {
        // 12 of 100 → 7.0 % … 19.8 %.
        let canary = ShareInterval(successes: 12, of: 100)
        #expect(canary.observed == 0.12)
        #expect(!canary.drifts(fromWeightPercent: 10))
        #expect(!canary.drifts(fromWeightPercent: 19))
        #expect(canary.drifts(fromWeightPercent: 50))
        #expect(canary.drifts(fromWeightPercent: 5))
        // A subset configured at 0 % that served nothing does not drift; one that served some does.
        #expect(!ShareInterval(successes: 0, of: 500).drifts(fromWeightPercent: 0))
        #expect(ShareInterval(successes: 3, of: 500).drifts(fromWeightPercent: 0))
        #expect(!ShareInterval(successes: 500, of: 500).drifts(fromWeightPercent: 100))
    }

    @Test func requestsInFlightMayExplainAShareThatLagsItsWeight() {
        // A slow green at 50/50: none of its replies yet, 50 requests still in flight.
        let green = ShareInterval(successes: 0, of: 30)
        #expect(green.drifts(fromWeightPercent: 50))
        #expect(!green.drifts(fromWeightPercent: 50, unseen: 50))
        #expect(!ShareInterval(successes: 30, of: 30).drifts(fromWeightPercent: 50, unseen: 50))
        // A few in flight do not hide a real drift: 12 of 100 against 50 %.
        #expect(ShareInterval(successes: 12, of: 100).drifts(fromWeightPercent: 50, unseen: 5))
        #expect(ShareInterval(successes: 12, of: 100).drifts(fromWeightPercent: 50, unseen: 0))
    }
}
