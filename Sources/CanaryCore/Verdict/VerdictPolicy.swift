/// What counts as worse, and how sure canarytop must be before it says so.
public struct VerdictPolicy: Sendable, Equatable {
    /// One-sided significance a difference must reach (`--alpha`, default 0.01).
    public var alpha: Double
    /// The smallest rise in the 5xx rate (and in the SLO-breach rate) that matters, as a
    /// fraction (`--max-5xx-increase 1pp` → 0.01).
    public var maxErrorIncrease: Double
    /// The smallest rise in p99 latency that matters, as a fraction of the stable's
    /// (`--max-p99-increase 20%` → 0.2).
    public var maxP99Increase: Double
    /// The latency objective in seconds (`--slo 1s`): replies slower than it, and requests
    /// still in flight past it, count as SLO breaches. `nil`: no SLO check, no censoring.
    public var slo: Double?
    /// Who a request in flight past the SLO is charged to while its subset is unknown.
    public var inFlight: InFlightCharge
    /// The chance of catching an effect of exactly the minimum size, which sets how many
    /// requests a PASS needs (0.8).
    public var power: Double

    public init(
        alpha: Double = 0.01, maxErrorIncrease: Double = 0.01, maxP99Increase: Double = 0.2, slo: Double? = nil,
        inFlight: InFlightCharge = .canary, power: Double = 0.8
    ) {
        self.alpha = alpha
        self.maxErrorIncrease = maxErrorIncrease
        self.maxP99Increase = maxP99Increase
        self.slo = slo
        self.inFlight = inFlight
        self.power = power
    }
}

/// Who pays for a request still in flight past the SLO, whose subset is not known yet.
///
/// When the split sends everything to one subset, that subset is known and pays, whatever this
/// says.
public enum InFlightCharge: String, Sendable, Equatable, CaseIterable {
    /// Every canary, as if each slow request were its own (the conservative default).
    case canary
    /// Each subset its expected part, by the split's weights.
    case split
    /// Nobody: shown as "slow in flight", not judged.
    case ignore
}
