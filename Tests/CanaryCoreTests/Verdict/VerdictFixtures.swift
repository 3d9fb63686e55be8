@testable import CanaryCore

/// Tallies for verdict tests: replies recorded through the real ``Tallies``.
struct VerdictFixture {
    var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
    private var t = 0.0

    /// Records `count` replies of `subset`: `errors` of them 500s, latencies cycling through `latencies`.
    mutating func add(_ subset: String, _ count: Int, errors: Int = 0, latencies: [Double] = [0.010, 0.012, 0.015, 0.020, 0.030]) {
        for i in 0..<count {
            t += 0.001
            let status = i < errors ? 500 : 200
            tallies.record(Observation(subset: subset, status: status, body: .trace, latency: latencies[i % latencies.count]), at: t)
        }
    }

    /// The epoch's view, `seconds` long.
    func view(seconds: Double = 100) -> TallySnapshot.View {
        var v = tallies.snapshot(at: t).sinceEpoch
        v.seconds = seconds
        return v
    }

    func judge(policy: VerdictPolicy = VerdictPolicy(), slowInFlight: Int = 0, weights: [String: Double]? = ["blue": 50, "green": 50], seconds: Double = 100) -> CanaryVerdict {
        VerdictJudge.judge(view: view(seconds: seconds), stable: "blue", canaries: ["green"], slowInFlight: slowInFlight, weights: weights, policy: policy)[0]
    }
}

extension CanaryVerdict {
    func check(_ kind: VerdictCheck.Kind) -> VerdictCheck? { checks.first { $0.kind == kind } }
}
