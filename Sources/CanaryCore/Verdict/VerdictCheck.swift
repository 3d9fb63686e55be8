#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One comparison of a canary with the stable subset: its counts, test, p-value and threshold.
public struct VerdictCheck: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// 5xx replies, by Fisher's exact test.
        case errors = "5xx"
        /// Replies slower than the SLO plus requests in flight past it, by Fisher's exact test.
        case slo
        /// Latency: Mann-Whitney U for a shift, Fisher on the replies beyond the p99 limit.
        case latency
    }

    public var kind: Kind
    public var outcome: CanaryVerdict.Outcome
    /// Bad requests (5xx, breaches, replies beyond the p99 limit) and all requests, per side.
    public var stableBad: Int
    public var stableTotal: Int
    public var canaryBad: Int
    public var canaryTotal: Int
    /// The test's one-sided p-value that the canary is worse.
    public var pValue: Double
    /// The observed effect: the rate difference (0…1) for 5xx and SLO, the p99 change as a
    /// fraction of the stable's for latency (`nil` without p99s).
    public var effect: Double?
    /// The smallest effect that matters (the policy's threshold).
    public var threshold: Double
    /// The rate ratio (5xx, SLO), or the canary's p99 over the stable's (latency).
    public var ratio: Double?
    /// Latency only: the two p50s and p99s in seconds, and U.
    public var latency: LatencyFigures?
    /// Canary requests this check needs in all to see the minimum effect (its power).
    public var requiredRequests: Int?
    /// Where its counts come from: `nil` for the probe, `mesh` for the sidecars' own stats
    /// (``PassiveVerdictJudge``).
    public var source: String?
    /// Passive latency only: the p99s as bucket brackets (`p99 ≈ 37 ms [25–50]`), canary then stable.
    public var brackets: [String]?

    public struct LatencyFigures: Sendable, Equatable {
        public var stableP50: Double
        public var canaryP50: Double
        public var stableP99: Double
        public var canaryP99: Double
        /// The p99 limit: the stable's p99 raised by the threshold.
        public var limit: Double
        public var u: Double
        public var mannWhitneyP: Double
        public var tailP: Double
    }

    public init(
        kind: Kind, outcome: CanaryVerdict.Outcome, stableBad: Int, stableTotal: Int, canaryBad: Int, canaryTotal: Int,
        pValue: Double, effect: Double?, threshold: Double, ratio: Double?, latency: LatencyFigures? = nil,
        requiredRequests: Int?, source: String? = nil, brackets: [String]? = nil
    ) {
        self.kind = kind
        self.outcome = outcome
        self.stableBad = stableBad
        self.stableTotal = stableTotal
        self.canaryBad = canaryBad
        self.canaryTotal = canaryTotal
        self.pValue = pValue
        self.effect = effect
        self.threshold = threshold
        self.ratio = ratio
        self.latency = latency
        self.requiredRequests = requiredRequests
        self.source = source
        self.brackets = brackets
    }

    /// `5xx 48/100 vs 0/120 (+48.0pp > 1pp, p=2.1e-19)`, `p99 5.01s vs 0.031s (+16061% > 20%, p=…)`.
    public var summary: String {
        source.map { "\($0) " + plainSummary } ?? plainSummary
    }

    private var plainSummary: String {
        let p = "p=\(Self.format(p: pValue))"
        if kind == .latency, let brackets, brackets.count == 2 {
            let change = (effect ?? 0) * 100
            let text = change.isFinite ? (change >= 0 ? "+" : "") + Self.fixed(change, 0) : "+∞"
            return "\(brackets[0]) vs \(brackets[1]) (\(text)%, max \(Self.trim(threshold * 100))%, \(p))"
        }
        switch kind {
        case .errors, .slo:
            let name = kind == .errors ? "5xx" : "slo"
            let diff = (effect ?? 0) * 100
            let sign = diff >= 0 ? "+" : ""
            return "\(name) \(canaryBad)/\(canaryTotal) vs \(stableBad)/\(stableTotal) (\(sign)\(Self.fixed(diff, 1))pp, max \(Self.trim(threshold * 100))pp, \(p))"
        case .latency:
            guard let l = latency else { return "latency: not enough replies" }
            let change = (effect ?? 0) * 100
            let text = change.isFinite ? (change >= 0 ? "+" : "") + Self.fixed(change, 0) : "+∞"
            return "p99 \(Self.seconds(l.canaryP99)) vs \(Self.seconds(l.stableP99)) (\(text)%, max \(Self.trim(threshold * 100))%, \(p))"
        }
    }

    /// `0.0012`, `3.4e-07`, `1`.
    public static func format(p: Double) -> String {
        guard p.isFinite else { return "-" }
        if p >= 0.001 || p <= 0 { return trim(fixed(max(0, p), 4)) }
        var exponent = Int(log10(p).rounded(.down))
        var mantissa = p / pow(10, Double(exponent))
        if (mantissa * 10).rounded() >= 100 {
            mantissa /= 10
            exponent += 1
        }
        let digits = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return "\(fixed(mantissa, 1))e-\(digits)"
    }

    static func seconds(_ s: Double) -> String {
        s >= 1 ? "\(fixed(s, 2))s" : "\(fixed(s * 1000, s < 0.01 ? 2 : 1))ms"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String {
        FixedPoint.format(x, digits: digits)
    }

    static func trim(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = Substring(text)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }

    static func trim(_ x: Double) -> String { trim(fixed(x, 2)) }
}
