import Testing
@testable import CanaryCore

@Suite struct VerdictJudgeTests {
    @Test func aHealthyCanaryWithEnoughRequestsPasses() {
        var f = VerdictFixture()
        f.add("blue", 3000)
        f.add("green", 3000)
        let v = f.judge()
        #expect(v.outcome == .pass)
        #expect(v.checks.map(\.kind) == [.errors, .latency])
        #expect(v.checks.allSatisfy { $0.outcome == .pass })
        #expect(v.moreRequests == 0)
        #expect(v.secondsToSignal == 0)
    }

    @Test func tooFewRequestsIsInconclusiveWithTheRequestsAndSecondsStillNeeded() {
        var f = VerdictFixture()
        f.add("blue", 200)
        f.add("green", 200)
        let v = f.judge(seconds: 100)
        // 1189 canary requests detect +1 pp over a clean stable at α 0.01 with 80 % power.
        #expect(v.outcome == .inconclusive(more: 989))
        #expect(v.outcome.label == "INCONCLUSIVE (989 more requests needed)")
        #expect(v.check(.errors)?.requiredRequests == 1189)
        #expect(v.canaryRate == 2)
        #expect(v.secondsToSignal == 494.5)
    }

    @Test func moreFiveXXFailsWithTheNumbersInTheReason() throws {
        var f = VerdictFixture()
        f.add("blue", 500)
        f.add("green", 500, errors: 50)
        let v = f.judge()
        #expect(v.outcome == .fail)
        let errors = try #require(v.check(.errors))
        #expect(errors.outcome == .fail)
        #expect(abs(errors.pValue - 2.446416536870902e-16) < 1e-24)   // scipy fisher_exact, "less"
        #expect(errors.effect == 0.1)
        #expect(errors.ratio == .infinity)
        #expect(v.reason == "green FAIL vs blue: 5xx 50/500 vs 0/500 (+10.0pp, max 1pp, p=2.4e-16)")
    }

    @Test func aSignificantRiseSmallerThanTheThresholdDoesNotFail() throws {
        var f = VerdictFixture()
        f.add("blue", 20_000)
        f.add("green", 20_000, errors: 100)    // +0.5 pp: real, but under the 1 pp that matters
        let v = f.judge()
        let errors = try #require(v.check(.errors))
        #expect(errors.pValue < 1e-20)
        #expect(errors.outcome == .pass)
        #expect(v.outcome == .pass)
        // With a threshold under the rise it fails.
        #expect(f.judge(policy: VerdictPolicy(maxErrorIncrease: 0.004)).outcome == .fail)
    }

    @Test func aSlowerCanaryFailsOnLatency() throws {
        var f = VerdictFixture()
        f.add("blue", 1000)
        f.add("green", 1000, latencies: [0.020, 0.024, 0.030, 0.040, 0.060])
        let v = f.judge()
        let latency = try #require(v.check(.latency))
        #expect(latency.outcome == .fail)
        #expect(v.outcome == .fail)
        let figures = try #require(latency.latency)
        #expect(abs(figures.stableP99 - 0.030) < 0.0001)
        #expect(abs(figures.canaryP99 - 0.060) < 0.0001)
        #expect(abs(figures.limit - 0.036) < 0.0001)
        #expect(figures.mannWhitneyP < 1e-10)
        #expect(abs((latency.effect ?? 0) - 1) < 0.01)
    }

    @Test func aSmallLatencyShiftWithinTheP99AllowanceDoesNotFail() throws {
        var f = VerdictFixture()
        f.add("blue", 3000)
        f.add("green", 3000, latencies: [0.011, 0.0132, 0.0165, 0.022, 0.033])   // +10 %
        let v = f.judge()
        let latency = try #require(v.check(.latency))
        #expect(try #require(latency.latency).mannWhitneyP < 0.01)   // the shift is real …
        #expect(latency.outcome == .pass)                            // … but within +20 % at p99
        #expect(v.outcome == .pass)
    }

    @Test func slowRequestsInFlightFailTheCanaryBeforeAnyReplyArrives() throws {
        var f = VerdictFixture()
        f.add("blue", 30)
        let policy = VerdictPolicy(slo: 1)
        let v = f.judge(policy: policy, slowInFlight: 5)
        let slo = try #require(v.check(.slo))
        #expect((slo.canaryBad, slo.canaryTotal, slo.stableBad, slo.stableTotal) == (5, 5, 0, 30))
        #expect(abs(slo.pValue - 3.0804110500505186e-06) < 1e-15)   // scipy fisher_exact([[0,30],[5,0]], "less")
        #expect(slo.outcome == .fail)
        #expect(v.outcome == .fail)
        #expect(v.slowInFlightCharged == 5)
        #expect(v.check(.errors)?.outcome == .inconclusive(more: 1189))
    }

    @Test func slowRequestsInFlightCanBeIgnoredOrSplitByWeight() throws {
        var f = VerdictFixture()
        f.add("blue", 30)
        let ignored = f.judge(policy: VerdictPolicy(slo: 1, inFlight: .ignore), slowInFlight: 5)
        #expect(ignored.slowInFlightCharged == 0)
        #expect(ignored.outcome != .fail)
        #expect(VerdictJudge.charge(6, to: "green", canaries: ["green"], weights: ["blue": 50, "green": 50], policy: VerdictPolicy(inFlight: .split)) == 3)
        #expect(VerdictJudge.charge(10, to: "green", canaries: ["green"], weights: ["blue": 90, "green": 10], policy: VerdictPolicy(inFlight: .split)) == 1)
        #expect(VerdictJudge.charge(10, to: "blue", canaries: ["green"], weights: ["blue": 90, "green": 10], policy: VerdictPolicy(inFlight: .canary)) == 0)
    }

    @Test func whenTheSplitSendsEverythingToOneSubsetItsSlowRequestsAreItsOwn() throws {
        var f = VerdictFixture()
        f.add("blue", 30)
        let v = f.judge(policy: VerdictPolicy(slo: 1), slowInFlight: 5, weights: ["blue": 100, "green": 0])
        #expect(v.slowInFlightCharged == 0)
        let slo = try #require(v.check(.slo))
        #expect((slo.stableBad, slo.stableTotal) == (5, 35))
        #expect(v.outcome != .fail)
    }

    @Test func repliesSlowerThanTheSLOCountAsBreaches() throws {
        var f = VerdictFixture()
        f.add("blue", 100)
        f.add("green", 100, latencies: [0.02, 1.5])
        let slo = try #require(f.judge(policy: VerdictPolicy(slo: 1)).check(.slo))
        #expect((slo.canaryBad, slo.canaryTotal, slo.stableBad) == (50, 100, 0))
        #expect(slo.outcome == .fail)
    }

    @Test func slowInFlightCountsOnlyThisEpochsRequestsPastTheSLO() {
        let sent = [0.5, 1.0, 2.0, 3.9]
        #expect(VerdictJudge.slowInFlight(sentTimes: sent, now: 4, epochStart: 1, slo: 1) == 2)
        #expect(VerdictJudge.slowInFlight(sentTimes: sent, now: 4, epochStart: 0, slo: 1) == 3)
        #expect(VerdictJudge.slowInFlight(sentTimes: [], now: 4, epochStart: 0, slo: 1) == 0)
    }

    @Test func canariesAreTheOtherSplitsWithWeightOrRepliesThenUnknownSubsets() {
        var f = VerdictFixture()
        f.add("blue", 10)
        f.add("yellow", 3)
        f.add("red", 2)
        let names = VerdictJudge.canaries(
            splits: [("blue", 90), ("green", 10), ("yellow", 0), ("grey", 0)], stable: "blue", view: f.view())
        #expect(names == ["green", "yellow", "red"])
    }

    @Test func withoutStableRepliesNoNumberCanBeGiven() {
        var f = VerdictFixture()
        f.add("green", 100)
        let v = f.judge()
        #expect(v.outcome == .inconclusive(more: nil))
        #expect(v.outcome.label == "INCONCLUSIVE (the requests needed cannot be estimated)")
        #expect(v.secondsToSignal == nil)
    }

    @Test func aRiseBeyondTheThresholdNotYetSignificantAsksForMoreByTheGrowthOfZ() {
        // p 0.05 at 2000 requests: z must grow from 1.645 to 2.326, so n by (2.326/1.645)².
        #expect(VerdictJudge.decide(p: 0.05, effect: 0.02, threshold: 0.01, canaryTotal: 2000, required: 1500, alpha: 0.01)
            == .inconclusive(more: 2001))
        #expect(VerdictJudge.decide(p: 0.001, effect: 0.02, threshold: 0.01, canaryTotal: 10, required: 1500, alpha: 0.01) == .fail)
        #expect(VerdictJudge.decide(p: 0.3, effect: 0.0, threshold: 0.01, canaryTotal: 1500, required: 1500, alpha: 0.01) == .pass)
        #expect(VerdictJudge.decide(p: 0.3, effect: 0.0, threshold: 0.01, canaryTotal: 1499, required: 1500, alpha: 0.01) == .inconclusive(more: 1))
    }

    @Test func outcomesCombine() {
        #expect(VerdictJudge.combine([.pass, .fail, .inconclusive(more: 3)]) == .fail)
        #expect(VerdictJudge.combine([.pass, .pass]) == .pass)
        #expect(VerdictJudge.combine([.pass, .inconclusive(more: 3), .inconclusive(more: 40)]) == .inconclusive(more: 40))
        #expect(VerdictJudge.combine([.inconclusive(more: 3), .inconclusive(more: nil)]) == .inconclusive(more: nil))
    }

    @Test func pValuesPrintShortly() {
        #expect(VerdictCheck.format(p: 0.0123) == "0.0123")
        #expect(VerdictCheck.format(p: 1) == "1")
        #expect(VerdictCheck.format(p: 3.4e-7) == "3.4e-07")
        #expect(VerdictCheck.format(p: 9.96e-5) == "1.0e-04")
        #expect(VerdictCheck.format(p: 0) == "0")
    }
}

extension VerdictJudgeTests {
    @Test func aStableP99OfZeroStillPrintsTheLatencyChange() {
        let check = VerdictCheck(
            kind: .latency, outcome: .fail, stableBad: 0, stableTotal: 10, canaryBad: 5, canaryTotal: 10, pValue: 0.001,
            effect: .infinity, threshold: 0.2, ratio: nil,
            latency: .init(stableP50: 0, canaryP50: 0.1, stableP99: 0, canaryP99: 0.2, limit: 0, u: 90, mannWhitneyP: 0.0005, tailP: 0.02),
            requiredRequests: 100)
        #expect(check.summary == "p99 200.0ms vs 0.00ms (+∞%, max 20%, p=0.001)")
    }
}

extension VerdictJudgeTests {
    @Test func aSmallRealShiftWithAP99WorseOnlyByAFewOutliersIsNotAFail() throws {
        var f = VerdictFixture()
        f.add("blue", 300)
        // 5 % slower throughout (a real shift Mann-Whitney sees), plus 4 outliers that put the
        // p99 33 % above the stable's: not enough to say the tail is worse.
        f.add("green", 296, latencies: [0.0105, 0.0126, 0.01575, 0.021, 0.0315])
        f.add("green", 4, latencies: [0.040])
        let latency = try #require(f.judge().check(.latency))
        let figures = try #require(latency.latency)
        #expect(figures.mannWhitneyP < 0.005)
        #expect(figures.canaryP99 > figures.limit)
        #expect(figures.tailP > 0.005)
        #expect(latency.outcome != .fail)
        // The same outliers against a median 50 % slower: the whole distribution moved.
        var g = VerdictFixture()
        g.add("blue", 300)
        g.add("green", 300, latencies: [0.015, 0.018, 0.0225, 0.030, 0.045])
        #expect(g.judge().check(.latency)?.outcome == .fail)
    }
}

extension VerdictJudgeTests {
    @Test func latencyIsNotJudgedOnFewerThanAHundredRepliesASide() throws {
        var f = VerdictFixture()
        f.add("blue", 300)
        f.add("green", 60, latencies: [0.030, 0.040, 0.060])   // plainly slower, but only 60 replies
        let latency = try #require(f.judge().check(.latency))
        #expect(try #require(latency.latency).mannWhitneyP < 1e-6)
        #expect(latency.outcome == .inconclusive(more: try #require(latency.requiredRequests) - 60))
        f.add("green", 40, latencies: [0.030, 0.040, 0.060])
        #expect(f.judge().check(.latency)?.outcome == .fail)
    }
}

extension VerdictJudgeTests {
    @Test func oneOrTwoBadRequestsAreAnAnecdoteNotAFail() throws {
        var f = VerdictFixture()
        f.add("blue", 480)
        f.add("green", 1, errors: 1)
        let one = try #require(f.judge().check(.errors))
        #expect(abs(one.pValue - 1.0 / 481) < 1e-12)     // significant at 0.01 …
        #expect(one.outcome == .inconclusive(more: 1))   // … but one request
        f.add("green", 1, errors: 1)
        #expect(f.judge().check(.errors)?.outcome == .inconclusive(more: 1))
        f.add("green", 1, errors: 1)
        #expect(f.judge().check(.errors)?.outcome == .fail)
    }
}
