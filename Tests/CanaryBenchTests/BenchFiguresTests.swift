import CanaryApp
import CanaryCore
import Testing
@testable import CanaryBench

/// What the benchmarks compute from their measurements (their runs are exercised end to end by
/// `CanarytopCommandTests`; speed is never asserted).
@Suite struct BenchFiguresTests {
    private func run(_ seconds: Double?, canary: Int? = nil, failedOn: String? = nil) -> DetectRun.Result {
        DetectRun.Result(
            seconds: seconds, canaryRequests: canary, slowInFlight: nil, reason: nil, failedOn: failedOn,
            ending: seconds == nil ? .timedOut : .rolledBack(reason: "guard"), fileRolledBack: seconds != nil)
    }

    @Test func medians() {
        #expect(DetectSummary.median([]) == nil)
        #expect(DetectSummary.median([3, 1, 2]) == 2)
        #expect(DetectSummary.median([4, 1, 3, 2]) == 2.5)
    }

    @Test func theSummarySaysWhetherTheTargetWasMetAndWhatMissed() {
        let met = DetectSummary.summary([run(0.8, canary: 10), run(1.2, canary: 14)], target: 2)
        #expect(met == "median 1.00 s, max 1.20 s; median 12 canary requests judged at the FAIL (target ≤ 2 s: met)")
        let missed = DetectSummary.summary([run(2.5), run(nil)], target: 2)
        #expect(missed == "median 2.50 s, max 2.50 s (target ≤ 2 s: NOT met); 1 run(s) did not roll back")
        #expect(DetectSummary.summary([run(nil)], target: nil) == "no run rolled back")
    }

    @Test func bothDecodersAgreeOnEverySample() throws {
        let report = try ParseBenchmark(iterations: 5).run()
        #expect(report.samples == ["workshop-ok", "object-form", "canary-timeout"])
        #expect(report.bytesPerRound == BenchSamples.all.reduce(0) { $0 + $1.bytes.count })
        #expect(report.decoder.tracesPerSecond > 0 && report.foundation.tracesPerSecond > 0)
    }

    @Test func theWorkshopScenarioIsJudgedWithAnSLO() {
        #expect(DetectScenario.workshop(rate: 20).verdict.slo == 1)
        #expect(DetectScenario.subtle(rate: 200).verdict.slo == nil)
        #expect(DetectScenario.workshopWithoutSLO(rate: 20).target == nil)
    }
}
