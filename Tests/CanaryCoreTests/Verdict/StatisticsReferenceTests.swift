import Testing
@testable import CanaryCore

/// Statistics against reference values computed once with scipy 1.17.1 (kept here as data):
///   scipy.stats.fisher_exact([[s_err, s_ok], [c_err, c_ok]], alternative="less").pvalue
///   scipy.stats.fisher_exact([[s_err, s_ok], [c_err, c_ok]]).pvalue
///   scipy.stats.mannwhitneyu(canary, stable, alternative="greater", method="asymptotic", use_continuity=True)
@Suite struct StatisticsReferenceTests {
    @Test(arguments: [
        // (stable errors, stable total, canary errors, canary total, one-sided, two-sided)
        (0, 100, 5, 100, 0.029691605234293292, 0.059383210468586585),
        (1, 1000, 10, 1000, 0.005752383751870841, 0.011504767503741683),
        (0, 50, 0, 50, 1.0, 1.0),
        (3, 20, 1, 30, 0.9789622231871472, 0.2885366912722537),
        (12, 400, 2, 410, 0.9992776987895032, 0.006338087694035238),
    ])
    func fisherExactMatchesScipy(se: Int, st: Int, ce: Int, ct: Int, oneSided: Double, twoSided: Double) {
        let f = FisherExact(stableErrors: se, stableTotal: st, canaryErrors: ce, canaryTotal: ct)
        #expect(abs(f.canaryWorse - oneSided) <= 1e-9 * max(1, oneSided))
        #expect(abs(f.twoSided - twoSided) <= 1e-9 * max(1, twoSided))
    }

    @Test func fisherEffectSizes() {
        let f = FisherExact(stableErrors: 1, stableTotal: 1000, canaryErrors: 10, canaryTotal: 1000)
        #expect(abs(f.rateDifference - 0.009) < 1e-12)
        #expect(abs(f.rateRatio - 10) < 1e-12)
        #expect(FisherExact(stableErrors: 0, stableTotal: 10, canaryErrors: 1, canaryTotal: 10).rateRatio == .infinity)
    }

    private func counts(_ values: [Double]) -> [(value: Double, count: Int)] {
        var c: [Double: Int] = [:]
        for v in values { c[v, default: 0] += 1 }
        return c.map { ($0.key, $0.value) }
    }

    @Test func mannWhitneyMatchesScipy() {
        let cases: [(stable: [Double], canary: [Double], u: Double, p: Double)] = [
            ([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8], 25.5, 0.0330077157606155),
            (Array(repeating: 5, count: 10) + Array(repeating: 6, count: 5) + [7, 7],
             Array(repeating: 5, count: 3) + Array(repeating: 6, count: 6) + Array(repeating: 7, count: 8) + [9, 9, 9],
             269.0, 0.0008288358444866723),
            (Array(10...19).map(Double.init), Array(15...24).map(Double.init), 87.5, 0.0025376961576369615),
        ]
        for c in cases {
            let m = MannWhitney(stable: counts(c.stable), canary: counts(c.canary))
            #expect(m.u == c.u)
            #expect(abs(m.canarySlower - c.p) <= 1e-9)
        }
    }

    @Test func mannWhitneyWithoutDataOrVarianceSaysNothing() {
        #expect(MannWhitney(stable: [], canary: [(1, 3)]).canarySlower == 1)
        #expect(MannWhitney(stable: [(2, 4)], canary: [(2, 4)]).canarySlower == 1)
    }
}
