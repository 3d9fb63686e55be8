/// Judges each canary against the stable subset over one view of the tallies (the epoch).
///
/// Three checks, each one-sided ("is the canary worse?") at the policy's significance and each
/// with a minimum effect that matters:
///
/// - **5xx**: Fisher's exact test on 5xx replies — right for rare events.
/// - **SLO** (with `--slo`): Fisher's exact test on replies slower than the SLO plus requests
///   still in flight past it (censoring: a request that has already broken the SLO counts now,
///   not when it finally ends).
/// - **latency**: the canary's p99 must be beyond the *limit* (the stable's p99 raised by the
///   threshold), and that must be significant by one of two routes, each at half the
///   significance (Bonferroni): Fisher on the replies beyond the limit (the tail itself got
///   worse), or Mann-Whitney U on the latency histograms (each bucket's values tie) with the
///   canary's p50 also beyond the stable's by the threshold (the whole distribution moved).
///   Each side needs ``minimumForLatency`` replies first: a p99 of fewer is their maximum.
///   A significant shift too small to matter — a few per cent at the median, with a p99 that
///   looks 20 % worse only by chance — is not a FAIL.
///
/// A check FAILs when the difference is significant *and* bigger than its threshold (and, for
/// 5xx and SLO, rests on at least ``minimumBadForFail`` bad canary requests). It PASSes
/// once the canary has enough requests that an effect of exactly the threshold would have been
/// caught with the policy's power (see ``SampleSize``) and the observed effect is within the
/// threshold. Otherwise it is INCONCLUSIVE, with the further canary requests needed. The
/// verdict FAILs when any check fails and PASSes when all pass.
public enum VerdictJudge {
    /// Verdicts for `canaries` against `stable` over `view`.
    ///
    /// `slowInFlight` counts requests of this epoch in flight longer than the SLO (see
    /// ``slowInFlight(sentTimes:now:epochStart:slo:)``); `weights` are the split's percentages
    /// by subset, used to charge them and to size samples before requests arrive.
    public static func judge(
        view: TallySnapshot.View, stable: String, canaries: [String], slowInFlight: Int = 0,
        weights: [String: Double]? = nil, policy: VerdictPolicy
    ) -> [CanaryVerdict] {
        let stableRow = view.subset(stable) ?? emptyRow(stable)
        let stableCharge = charge(slowInFlight, to: stable, canaries: canaries, weights: weights, policy: policy)
        // Each row's histogram is laid out once: the SLO and latency checks read it several times.
        let stableLatencies = Latencies(stableRow.histogram)
        return canaries.filter { $0 != stable }.map { name in
            let canaryRow = view.subset(name) ?? emptyRow(name)
            let canaryCharge = charge(slowInFlight, to: name, canaries: canaries, weights: weights, policy: policy)
            let canaryLatencies = Latencies(canaryRow.histogram)
            let ratio = sizeRatio(stable: stableRow.requests, canary: canaryRow.requests, weights: weights, stableName: stable, canaryName: name)
            var checks = [
                rateCheck(
                    .errors, stableBad: stableRow.http5xx, stableTotal: stableRow.requests, canaryBad: canaryRow.http5xx,
                    canaryTotal: canaryRow.requests, threshold: policy.maxErrorIncrease, ratio: ratio, policy: policy),
            ]
            if let slo = policy.slo {
                checks.append(rateCheck(
                    .slo, stableBad: stableLatencies.slower(than: slo) + stableCharge,
                    stableTotal: stableRow.requests + stableCharge,
                    canaryBad: canaryLatencies.slower(than: slo) + canaryCharge,
                    canaryTotal: canaryRow.requests + canaryCharge, threshold: policy.maxErrorIncrease, ratio: ratio,
                    policy: policy))
            }
            checks.append(latencyCheck(
                stable: stableRow, stableLatencies, canary: canaryRow, canaryLatencies, ratio: ratio, policy: policy))
            let rate = view.seconds > 0 ? Double(canaryRow.requests) / view.seconds : nil
            return CanaryVerdict(
                canary: name, stable: stable, outcome: combine(checks.map(\.outcome)), checks: checks,
                canaryRequests: canaryRow.requests, stableRequests: stableRow.requests,
                slowInFlightCharged: canaryCharge, canaryRate: rate)
        }
    }

    /// Requests sent in this epoch (at or after `epochStart`) and still in flight at `now` for
    /// longer than `slo` seconds.
    public static func slowInFlight(sentTimes: [Double], now: Double, epochStart: Double, slo: Double) -> Int {
        sentTimes.reduce(0) { $0 + ($1 >= epochStart && now - $1 > slo ? 1 : 0) }
    }

    /// The canaries to judge: every split but the stable one that has weight or replies this
    /// epoch, then any other subset with replies.
    public static func canaries(splits: [(name: String, weight: Double)], stable: String, view: TallySnapshot.View) -> [String] {
        var names: [String] = []
        for split in splits where split.name != stable {
            if split.weight > 0 || (view.subset(split.name)?.requests ?? 0) > 0 { names.append(split.name) }
        }
        for row in view.subsets where row.name != stable && row.requests > 0 && !names.contains(row.name)
            && !splits.contains(where: { $0.name == row.name }) {
            names.append(row.name)
        }
        return names
    }

    // MARK: - Charging requests in flight

    /// The slow requests in flight charged to `subset`.
    static func charge(_ slow: Int, to subset: String, canaries: [String], weights: [String: Double]?, policy: VerdictPolicy) -> Int {
        guard slow > 0 else { return 0 }
        if let weights {
            let live = weights.filter { $0.value > 0 }
            // Everything goes to one subset: its requests are known to be its own.
            if live.count == 1 { return live.keys.first == subset ? slow : 0 }
        }
        switch policy.inFlight {
        case .canary:
            return canaries.contains(subset) ? slow : 0
        case .split:
            guard let weights else { return 0 }
            let total = weights.values.reduce(0) { $0 + max(0, $1) }
            guard total > 0 else { return 0 }
            return Int((Double(slow) * max(0, weights[subset] ?? 0) / total).rounded())
        case .ignore:
            return 0
        }
    }

    /// How many stable requests there are per canary request: observed, else by weights, else 1.
    static func sizeRatio(stable: Int, canary: Int, weights: [String: Double]?, stableName: String, canaryName: String) -> Double {
        if stable > 0, canary > 0 { return Double(stable) / Double(canary) }
        if let s = weights?[stableName], let c = weights?[canaryName], s > 0, c > 0 { return s / c }
        return 1
    }

    // MARK: - Checks

    static func rateCheck(
        _ kind: VerdictCheck.Kind, stableBad: Int, stableTotal: Int, canaryBad: Int, canaryTotal: Int, threshold: Double,
        ratio: Double, policy: VerdictPolicy
    ) -> VerdictCheck {
        let fisher = FisherExact(stableErrors: stableBad, stableTotal: stableTotal, canaryErrors: canaryBad, canaryTotal: canaryTotal)
        let p = stableTotal > 0 && canaryTotal > 0 ? fisher.canaryWorse : 1
        let baseline = stableTotal > 0 ? Double(stableBad) / Double(stableTotal) : 0
        let required = stableTotal > 0
            ? SampleSize.canaryRequests(baseline: baseline, increase: threshold, alpha: policy.alpha, power: policy.power, ratio: ratio)
            : nil
        let effect = stableTotal > 0 && canaryTotal > 0 ? fisher.rateDifference : nil
        if canaryBad < minimumBadForFail, p < policy.alpha, let effect, effect > threshold {
            // One or two bad requests can be significant against a clean stable (1/1 vs 0/480:
            // p 0.002) but are an anecdote: wait for the next.
            return VerdictCheck(
                kind: kind, outcome: .inconclusive(more: 1), stableBad: stableBad, stableTotal: stableTotal,
                canaryBad: canaryBad, canaryTotal: canaryTotal, pValue: p, effect: effect, threshold: threshold,
                ratio: fisher.rateRatio, requiredRequests: required)
        }
        let outcome = decide(p: p, effect: effect, threshold: threshold, canaryTotal: canaryTotal, required: required, alpha: policy.alpha)
        return VerdictCheck(
            kind: kind, outcome: outcome, stableBad: stableBad, stableTotal: stableTotal, canaryBad: canaryBad,
            canaryTotal: canaryTotal, pValue: p, effect: effect, threshold: threshold,
            ratio: effect == nil ? nil : fisher.rateRatio, requiredRequests: required)
    }

    /// Bad canary requests (5xx, SLO breaches) a rate check needs before it can FAIL.
    public static let minimumBadForFail = 3

    /// Replies each side needs before its p99 is judged at all.
    public static let minimumForLatency = 100

    static func latencyCheck(
        stable: TallySnapshot.Row, _ stableLatencies: Latencies, canary: TallySnapshot.Row, _ canaryLatencies: Latencies,
        ratio: Double, policy: VerdictPolicy
    ) -> VerdictCheck {
        let s = stable.histogram, c = canary.histogram
        // Both percentiles of a side in one walk of its counts (the walk is most of a judgement).
        let sP = s.percentiles([50, 99]), cP = c.percentiles([50, 99])
        guard let sP99 = sP?[1], let cP99 = cP?[1], let sP50 = sP?[0], let cP50 = cP?[0] else {
            let required = stable.requests > 0
                ? SampleSize.canaryRequests(baseline: 0, increase: 0.01, alpha: policy.alpha, power: policy.power, ratio: ratio)
                : nil
            let outcome = decide(p: 1, effect: nil, threshold: policy.maxP99Increase, canaryTotal: canary.requests, required: required, alpha: policy.alpha)
            return VerdictCheck(
                kind: .latency, outcome: outcome, stableBad: 0, stableTotal: s.count, canaryBad: 0, canaryTotal: c.count,
                pValue: 1, effect: nil, threshold: policy.maxP99Increase, ratio: nil, requiredRequests: required)
        }
        let limit = sP99 * (1 + policy.maxP99Increase)
        let sBeyond = stableLatencies.slower(than: limit), cBeyond = canaryLatencies.slower(than: limit)
        let mw = MannWhitney(stable: stableLatencies.points, canary: canaryLatencies.points)
        let tail = FisherExact(stableErrors: sBeyond, stableTotal: s.count, canaryErrors: cBeyond, canaryTotal: c.count).canaryWorse
        // The whole distribution moved (MW, with the median past the threshold too), or the tail did.
        let medianMoved = cP50 > sP50 * (1 + policy.maxP99Increase)
        let p = min(1, 2 * min(medianMoved ? mw.canarySlower : 1, tail))
        let change = sP99 > 0 ? cP99 / sP99 - 1 : (cP99 > 0 ? Double.infinity : 0)
        // A canary at the limit has 1 % of its replies beyond it: that is the rise to detect.
        let baseline = Double(sBeyond) / Double(s.count)
        let required = SampleSize.canaryRequests(
            baseline: baseline, increase: max(0.01 - baseline, 0.001), alpha: policy.alpha, power: policy.power, ratio: ratio)
        let outcome: CanaryVerdict.Outcome
        if s.count < minimumForLatency || c.count < minimumForLatency {
            // A p99 of fewer replies is their maximum: too rough to judge (a cold connection's
            // first replies would fail a healthy canary).
            let needed = max(required ?? minimumForLatency, minimumForLatency)
            outcome = .inconclusive(more: max(1, needed - c.count))
        } else if p < policy.alpha && cP99 > limit {
            outcome = .fail
        } else {
            outcome = decide(p: p, effect: change, threshold: policy.maxP99Increase, canaryTotal: c.count, required: required, alpha: policy.alpha)
        }
        return VerdictCheck(
            kind: .latency, outcome: outcome, stableBad: sBeyond, stableTotal: s.count, canaryBad: cBeyond,
            canaryTotal: c.count, pValue: p, effect: change, threshold: policy.maxP99Increase, ratio: sP99 > 0 ? cP99 / sP99 : nil,
            latency: .init(
                stableP50: sP50, canaryP50: cP50, stableP99: sP99, canaryP99: cP99, limit: limit, u: mw.u,
                mannWhitneyP: mw.canarySlower, tailP: tail),
            requiredRequests: required)
    }

    /// FAIL when significant and beyond the threshold; PASS with enough requests and an effect
    /// within it; otherwise INCONCLUSIVE with the requests still needed.
    static func decide(p: Double, effect: Double?, threshold: Double, canaryTotal: Int, required: Int?, alpha: Double) -> CanaryVerdict.Outcome {
        if p < alpha, let effect, effect > threshold { return .fail }
        guard let required else { return .inconclusive(more: nil) }
        guard canaryTotal >= required else { return .inconclusive(more: required - canaryTotal) }
        guard let effect, effect > threshold else { return .pass }
        // Worse than the threshold but not yet significant: if the rates hold, z grows with √n.
        let zNow = NormalDistribution.quantile(1 - p)
        let zNeeded = NormalDistribution.quantile(1 - alpha)
        guard zNow > 0 else { return .inconclusive(more: max(1, canaryTotal)) }
        let total = (Double(canaryTotal) * (zNeeded / zNow) * (zNeeded / zNow)).rounded(.up)
        return .inconclusive(more: max(1, Int(min(total, 1e12)) - canaryTotal))
    }

    /// FAIL if any fails; PASS if all pass; else INCONCLUSIVE needing the most of any check.
    static func combine(_ outcomes: [CanaryVerdict.Outcome]) -> CanaryVerdict.Outcome {
        if outcomes.contains(.fail) { return .fail }
        if outcomes.allSatisfy({ $0 == .pass }) { return .pass }
        var most = 0
        for outcome in outcomes {
            guard case .inconclusive(let more) = outcome else { continue }
            guard let more else { return .inconclusive(more: nil) }
            most = max(most, more)
        }
        return .inconclusive(more: most)
    }

    // MARK: - Histograms

    /// A row's latency histogram laid out as buckets, once.
    struct Latencies {
        let buckets: [LatencyHistogram.Bucket]

        init(_ histogram: LatencyHistogram) {
            buckets = histogram.buckets()
        }

        /// Values recorded above `seconds` (a bucket counts when its middle is above).
        func slower(than seconds: Double) -> Int {
            buckets.reduce(0) { $0 + (($1.lowerBound + $1.upperBound) / 2 > seconds ? $1.count : 0) }
        }

        /// The values as ties for a rank test: each bucket's middle with its count.
        var points: [(value: Double, count: Int)] {
            buckets.map { (($0.lowerBound + $0.upperBound) / 2, $0.count) }
        }
    }

    static func emptyRow(_ name: String) -> TallySnapshot.Row {
        TallySnapshot.Row(
            name: name, requests: 0, failed: 0, http5xx: 0, http4xx: 0, classes: [:], latency: nil, requestsPerSecond: nil,
            share: nil, recentErrors: [], firstSeen: nil, lastSeen: nil)
    }
}
