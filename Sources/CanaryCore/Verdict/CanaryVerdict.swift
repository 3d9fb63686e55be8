/// A canary judged against the stable subset over the current epoch.
public struct CanaryVerdict: Sendable, Equatable {
    /// PASS, FAIL, or INCONCLUSIVE with how many more canary requests are needed.
    public enum Outcome: Sendable, Equatable {
        case pass
        case fail
        /// `more` canary requests are needed to detect the minimum effect; `nil` when no
        /// number can be given (no stable replies to compare with, or a stable rate so high
        /// that the minimum rise does not fit below 100 %).
        case inconclusive(more: Int?)

        /// `PASS`, `FAIL`, `INCONCLUSIVE (420 more requests needed)`.
        public var label: String {
            switch self {
            case .pass: return "PASS"
            case .fail: return "FAIL"
            case .inconclusive(let more?): return "INCONCLUSIVE (\(more) more requests needed)"
            case .inconclusive(nil): return "INCONCLUSIVE (the requests needed cannot be estimated)"
            }
        }

        /// `pass`, `fail`, `inconclusive`: for JSON and journal lines.
        public var name: String {
            switch self {
            case .pass: return "pass"
            case .fail: return "fail"
            case .inconclusive: return "inconclusive"
            }
        }
    }

    /// The canary subset.
    public var canary: String
    /// The subset it is compared with.
    public var stable: String
    /// The overall outcome: FAIL when any check fails, PASS when all pass.
    public var outcome: Outcome
    /// Each comparison: 5xx, SLO breaches (with `--slo`), latency.
    public var checks: [VerdictCheck]
    /// Canary replies in this epoch (completed).
    public var canaryRequests: Int
    /// Stable replies in this epoch.
    public var stableRequests: Int
    /// Requests in flight past the SLO charged to this canary.
    public var slowInFlightCharged: Int
    /// Canary replies per second in this epoch, `nil` before any time has passed.
    public var canaryRate: Double?

    public init(
        canary: String, stable: String, outcome: Outcome, checks: [VerdictCheck], canaryRequests: Int,
        stableRequests: Int, slowInFlightCharged: Int, canaryRate: Double?
    ) {
        self.canary = canary
        self.stable = stable
        self.outcome = outcome
        self.checks = checks
        self.canaryRequests = canaryRequests
        self.stableRequests = stableRequests
        self.slowInFlightCharged = slowInFlightCharged
        self.canaryRate = canaryRate
    }

    /// Further canary requests needed before every check can decide (0 once decided).
    public var moreRequests: Int? {
        switch outcome {
        case .pass, .fail: return 0
        case .inconclusive(let more): return more
        }
    }

    /// Time to signal: seconds until ``moreRequests`` arrive at the canary's current rate.
    public var secondsToSignal: Double? {
        guard let more = moreRequests else { return nil }
        if more == 0 { return 0 }
        guard let rate = canaryRate, rate > 0 else { return nil }
        return Double(more) / rate
    }

    /// The failing checks' one-line reasons, joined: the journal's and the guard's reason.
    public var reason: String {
        let failing = checks.filter { $0.outcome == .fail }
        let chosen = failing.isEmpty ? checks : failing
        return "\(canary) \(outcome.label) vs \(stable): " + chosen.map(\.summary).joined(separator: "; ")
    }
}
