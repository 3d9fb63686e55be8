import CanaryCore
import Testing

/// The verdicts on the mesh's counts: the probe's 5xx test on final responses, the latency tests
/// on buckets, the minimum sample, and the reducer choosing them.
@Suite struct PassiveVerdictJudgeTests {
    /// A tally of `requests` final responses, `errors` of them 5xx, timed in the buckets of `ms`.
    static func tally(_ subset: String, requests: Int, errors: Int = 0, timeouts: Int = 0, ms: [Double: Int]) -> PassiveSubsetTally {
        var t = PassiveSubsetTally(subset: subset)
        t.requests = requests
        t.byClass = [2: requests - errors, 5: errors]
        t.timeouts = timeouts
        var counts = Array(repeating: 0, count: t.latency.counts.count)
        for (value, count) in ms {
            let index = t.latency.bounds.firstIndex { value / 1000 <= $0 } ?? t.latency.bounds.count
            counts[index] += count
        }
        t.latency = BucketCounts(bounds: t.latency.bounds, counts: counts)
        return t
    }

    static func snapshot(_ subsets: [PassiveSubsetTally], seconds: Double = 30) -> PassiveSnapshot {
        PassiveSnapshot(kind: .envoy, sourceCount: 2, subsets: subsets, epochSeconds: seconds, dataTime: 10)
    }

    @Test func greensErrorsFailByFisherAsTheProbesDo() {
        let blue = Self.tally("blue", requests: 500, ms: [8: 400, 20: 100])
        let green = Self.tally("green", requests: 500, errors: 250, ms: [8: 250, 4000: 250])
        let verdicts = PassiveVerdictJudge.judge(Self.snapshot([blue, green]), stable: "blue", canaries: ["green"], policy: VerdictPolicy())
        #expect(verdicts.count == 1)
        let v = verdicts[0]
        #expect(v.outcome == .fail)
        let errors = v.checks.first { $0.kind == .errors }!
        #expect(errors.outcome == .fail)
        #expect(errors.canaryBad == 250 && errors.canaryTotal == 500 && errors.stableTotal == 500)
        // Exactly the probe's rate check on the same counts.
        let probe = VerdictJudge.judge(
            view: Self.snapshot([blue, green]).view(seconds: 30), stable: "blue", canaries: ["green"], policy: VerdictPolicy())
        #expect(probe[0].checks.first { $0.kind == .errors }!.pValue == errors.pValue)
        #expect(v.checks.allSatisfy { $0.source == "mesh" })
        #expect(v.reason.contains("mesh 5xx 250/500 vs 0/500"))
    }

    @Test func aSlowTailFailsOnBucketsWithBrackets() {
        let blue = Self.tally("blue", requests: 1000, ms: [8: 900, 20: 100])
        let green = Self.tally("green", requests: 1000, ms: [8: 850, 20: 100, 4000: 50])
        let v = PassiveVerdictJudge.judge(Self.snapshot([blue, green]), stable: "blue", canaries: ["green"], policy: VerdictPolicy())[0]
        let latency = v.checks.first { $0.kind == .latency }!
        #expect(latency.outcome == .fail)
        #expect(latency.brackets?.first == "p99 ≈ 4500 ms [2500–5000]")
        #expect(latency.summary.hasPrefix("mesh p99 ≈ 4500 ms [2500–5000] vs p99 ≈ "))
        #expect(latency.summary.contains("ms [10–25] ("))
    }

    @Test func equalCanariesPassOnceTheSampleIsBigEnough() {
        let blue = Self.tally("blue", requests: 3000, ms: [8: 2700, 20: 300])
        let green = Self.tally("green", requests: 3000, ms: [8: 2700, 20: 300])
        let v = PassiveVerdictJudge.judge(Self.snapshot([blue, green]), stable: "blue", canaries: ["green"], policy: VerdictPolicy())[0]
        #expect(v.outcome == .pass)
    }

    @Test func belowTheMinimumSampleEveryCheckWaits() {
        // 80 canary requests, all failing: significant, but not 100 yet.
        let blue = Self.tally("blue", requests: 400, ms: [8: 400])
        let green = Self.tally("green", requests: 80, errors: 80, ms: [8: 80])
        let v = PassiveVerdictJudge.judge(Self.snapshot([blue, green]), stable: "blue", canaries: ["green"], policy: VerdictPolicy())[0]
        #expect(v.checks.allSatisfy { if case .inconclusive = $0.outcome { return true } else { return false } })
        #expect(v.moreRequests.map { $0 >= 20 } == true)
        // Not a full stats flush into the epoch: the histograms may hold none of it.
        let early = PassiveVerdictJudge.judge(
            Self.snapshot([Self.tally("blue", requests: 400, ms: [8: 400]), Self.tally("green", requests: 400, errors: 400, ms: [8: 400])], seconds: 2),
            stable: "blue", canaries: ["green"], policy: VerdictPolicy())[0]
        #expect(early.outcome != .fail)
    }

    @Test func timeoutsBreakTheSLOThoughNeverTimed() {
        let blue = Self.tally("blue", requests: 1000, ms: [8: 1000])
        // 60 timeouts: 5xx, untimed; the rest fast.
        let green = Self.tally("green", requests: 1000, errors: 60, timeouts: 60, ms: [8: 940])
        var policy = VerdictPolicy()
        policy.slo = 1
        let v = PassiveVerdictJudge.judge(Self.snapshot([blue, green]), stable: "blue", canaries: ["green"], policy: policy)[0]
        let slo = v.checks.first { $0.kind == .slo }!
        #expect(slo.canaryBad == 60 && slo.outcome == .fail)
    }

    @Test func theReducerJudgesTheMeshWithTheProbeOffAndBesideItOtherwise() {
        let blue = Self.tally("blue", requests: 500, ms: [8: 500])
        let green = Self.tally("green", requests: 500, errors: 250, ms: [8: 500])
        let mesh = Self.snapshot([blue, green])
        let view = mesh.view(seconds: 30)
        let snapshot = TallySnapshot(time: 30, epoch: 1, epochStart: 0, windowLength: 10, sinceEpoch: view, window: view, passive: mesh)
        var off = DashboardState(setup: .init(target: "payments (probe off)", rate: "off", applyMode: "file", stable: "blue", probing: false))
        _ = DashboardReducer.reduce(&off, .tick(snapshot, inFlight: 0, now: 30))
        #expect(off.verdicts.map(\.outcome) == [.fail])
        #expect(off.verdicts[0].checks.allSatisfy { $0.source == "mesh" })

        // With the probe on, its own (empty) rows are judged too, and the mesh's checks ride along.
        let empty = TallySnapshot.View(
            seconds: 30, subsets: [], otherSubsets: nil, unattributed: view.unattributed, probeFaults: view.probeFaults,
            attributedRequests: 0, replies: 0)
        let both = TallySnapshot(time: 30, epoch: 1, epochStart: 0, windowLength: 10, sinceEpoch: empty, window: empty, passive: mesh)
        var on = DashboardState(setup: .init(target: "http://web/", rate: "20/s", applyMode: "file", stable: "blue"))
        _ = DashboardReducer.reduce(&on, .tick(both, inFlight: 0, now: 30))
        #expect(on.verdicts.map(\.outcome) == [.fail])
        #expect(on.verdicts[0].checks.contains { $0.source == nil } && on.verdicts[0].checks.contains { $0.source == "mesh" })
    }

    @Test func theMeshViewCarriesSharesRatesAndTimeouts() {
        let view = Self.snapshot([
            Self.tally("blue", requests: 300, ms: [8: 300]), Self.tally("green", requests: 100, errors: 10, timeouts: 10, ms: [8: 90]),
        ]).view(seconds: 20)
        #expect(view.attributedRequests == 400)
        let green = view.subset("green")!
        #expect(green.share?.successes == 100 && green.share?.trials == 400)
        #expect(green.requestsPerSecond == 5)
        #expect(green.classes["timeout"] == 10)
        #expect(green.latency.map { $0.p99 > 0.005 && $0.p99 <= 0.010 } == true)
    }

    @Test func theNewEventsOfTheSourcesAreLoggedOnce() {
        var mesh = Self.snapshot([])
        mesh.events = ["a: baseline of 3 series (not counted)"]
        mesh.eventCount = 1
        let view = mesh.view(seconds: 1)
        var state = DashboardState(setup: .init(target: "t", rate: "off", applyMode: "file", probing: false))
        let first = TallySnapshot(time: 1, epoch: 1, epochStart: 0, windowLength: 10, sinceEpoch: view, window: view, passive: mesh)
        _ = DashboardReducer.reduce(&state, .tick(first, inFlight: 0, now: 1))
        _ = DashboardReducer.reduce(&state, .tick(first, inFlight: 0, now: 1.1))
        mesh.events.append("b: proxy restarted (uptime dropped), counters start again from zero")
        mesh.eventCount = 2
        let second = TallySnapshot(time: 2, epoch: 1, epochStart: 0, windowLength: 10, sinceEpoch: view, window: view, passive: mesh)
        _ = DashboardReducer.reduce(&state, .tick(second, inFlight: 0, now: 2))
        let texts = state.events.events.map(\.text)
        #expect(texts.filter { $0.contains("baseline") }.count == 1)
        #expect(texts.contains { $0.contains("proxy restarted") })
    }
}
