/// Judges each canary against the stable subset on the mesh's own counts (a
/// ``PassiveSnapshot``): the same checks and thresholds as ``VerdictJudge``, on what passive
/// data holds.
///
/// - **5xx**: Fisher's exact test on final responses, exactly as for the probe (timeouts and
///   resets are answered 504/503 by Envoy, so they are inside the 5xx).
/// - **SLO** (with `--slo`): the requests above the smallest bucket bound at or above the SLO,
///   plus every timeout (never timed, so right-censored: a timeout broke any SLO below it).
/// - **latency**: ``BucketLatencyComparison`` — Mann-Whitney on the buckets as ties (with the
///   canary's p50 estimate beyond the stable's by the threshold) or Fisher on the tail above a
///   bucket bound, each at half the significance; FAIL when significant and the canary's p99
///   estimate is beyond the limit.
///
/// Until ``PassiveSampleRule`` is met (requests and timed requests per side, one stats flush
/// of epoch) every check is INCONCLUSIVE with what is missing. Each check is marked
/// `source: mesh`, so a run that probes too can tell them from the probe's.
public enum PassiveVerdictJudge {
    /// The mark on every check made here.
    public static let source = "mesh"

    /// Verdicts for `canaries` against `stable` over the epoch `passive` covers; `weights` are the
    /// split's percentages by subset (to size samples before requests arrive).
    public static func judge(
        _ passive: PassiveSnapshot, stable: String, canaries: [String], weights: [String: Double]? = nil, policy: VerdictPolicy
    ) -> [CanaryVerdict] {
        let s = passive.tally(stable) ?? PassiveSubsetTally(subset: stable)
        return canaries.filter { $0 != stable }.map { name in
            let c = passive.tally(name) ?? PassiveSubsetTally(subset: name)
            let ratio = VerdictJudge.sizeRatio(
                stable: s.requests, canary: c.requests, weights: weights, stableName: stable, canaryName: name)
            var checks = [
                VerdictJudge.rateCheck(
                    .errors, stableBad: s.http5xx, stableTotal: s.requests, canaryBad: c.http5xx, canaryTotal: c.requests,
                    threshold: policy.maxErrorIncrease, ratio: ratio, policy: policy),
            ]
            if let slo = policy.slo {
                checks.append(VerdictJudge.rateCheck(
                    .slo, stableBad: breaches(s, slo: slo), stableTotal: s.requests, canaryBad: breaches(c, slo: slo),
                    canaryTotal: c.requests, threshold: policy.maxErrorIncrease, ratio: ratio, policy: policy))
            }
            checks.append(latencyCheck(stable: s, canary: c, ratio: ratio, policy: policy))
            if let shortfall = passive.sampleRule.shortfall(stable: s, canary: c, epochSeconds: passive.epochSeconds) {
                for index in checks.indices {
                    let more = max(1, shortfall.canaryRequests, checks[index].outcome.moreNeeded ?? 0)
                    checks[index].outcome = .inconclusive(more: more)
                }
            }
            for index in checks.indices { checks[index].source = source }
            let rate = passive.epochSeconds > 0 ? Double(c.requests) / passive.epochSeconds : nil
            return CanaryVerdict(
                canary: name, stable: stable, outcome: VerdictJudge.combine(checks.map(\.outcome)), checks: checks,
                canaryRequests: c.requests, stableRequests: s.requests, slowInFlightCharged: 0, canaryRate: rate)
        }
    }

    /// Requests slower than `slo`: those above the smallest bound at or above it, and every
    /// timeout (all of them when the SLO is above the last bound: only timeouts are known).
    static func breaches(_ tally: PassiveSubsetTally, slo: Double) -> Int {
        let slow = tally.latency.smallestBound(atOrAbove: slo).map { tally.latency.count(above: $0) } ?? 0
        return min(tally.requests, slow + tally.timeouts)
    }

    static func latencyCheck(stable s: PassiveSubsetTally, canary c: PassiveSubsetTally, ratio: Double, policy: VerdictPolicy) -> VerdictCheck {
        let comparison = BucketLatencyComparison(stable: s.latency, canary: c.latency, maxP99Increase: policy.maxP99Increase)
        let threshold = policy.maxP99Increase
        guard let sP99 = comparison.stableP99, let cP99 = comparison.canaryP99, let sP50 = comparison.stableP50,
            let cP50 = comparison.canaryP50, let tail = comparison.tail
        else {
            let required = s.requests > 0
                ? SampleSize.canaryRequests(baseline: 0, increase: 0.01, alpha: policy.alpha, power: policy.power, ratio: ratio)
                : nil
            let outcome = VerdictJudge.decide(
                p: 1, effect: nil, threshold: threshold, canaryTotal: c.latency.total, required: required, alpha: policy.alpha)
            return VerdictCheck(
                kind: .latency, outcome: outcome, stableBad: 0, stableTotal: s.latency.total, canaryBad: 0,
                canaryTotal: c.latency.total, pValue: 1, effect: nil, threshold: threshold, ratio: nil, requiredRequests: required)
        }
        let limit = sP99.estimate * (1 + threshold)
        let medianMoved = cP50.estimate > sP50.estimate * (1 + threshold)
        let mw = comparison.mannWhitney
        let p = min(1, 2 * min(medianMoved ? mw.canarySlower : 1, tail.pValue))
        let change = sP99.estimate > 0 ? cP99.estimate / sP99.estimate - 1 : (cP99.estimate > 0 ? Double.infinity : 0)
        let baseline = tail.stableTotal > 0 ? Double(tail.stableAbove) / Double(tail.stableTotal) : 0
        let required = SampleSize.canaryRequests(
            baseline: baseline, increase: max(0.01 - baseline, 0.001), alpha: policy.alpha, power: policy.power, ratio: ratio)
        let outcome: CanaryVerdict.Outcome
        if p < policy.alpha && cP99.estimate > limit {
            outcome = .fail
        } else {
            outcome = VerdictJudge.decide(
                p: p, effect: change, threshold: threshold, canaryTotal: c.latency.total, required: required, alpha: policy.alpha)
        }
        return VerdictCheck(
            kind: .latency, outcome: outcome, stableBad: tail.stableAbove, stableTotal: tail.stableTotal,
            canaryBad: tail.canaryAbove, canaryTotal: tail.canaryTotal, pValue: p, effect: change, threshold: threshold,
            ratio: sP99.estimate > 0 ? cP99.estimate / sP99.estimate : nil,
            latency: .init(
                stableP50: sP50.estimate, canaryP50: cP50.estimate, stableP99: sP99.estimate, canaryP99: cP99.estimate,
                limit: limit, u: mw.u, mannWhitneyP: mw.canarySlower, tailP: tail.pValue),
            requiredRequests: required, brackets: [cP99.label, sP99.label])
    }
}

extension CanaryVerdict.Outcome {
    /// The further requests an INCONCLUSIVE outcome names; `nil` otherwise.
    var moreNeeded: Int? {
        if case .inconclusive(let more) = self { return more }
        return nil
    }
}
