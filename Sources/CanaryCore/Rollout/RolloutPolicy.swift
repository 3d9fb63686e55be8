/// What canarytop may do on its own: roll back on FAIL (the guard), walk a step plan.
public struct RolloutPolicy: Sendable, Equatable {
    /// `--guard`: roll back when a canary's verdict is FAIL.
    public var guardEnabled: Bool
    /// Seconds of visible countdown before an automatic rollback (Esc cancels); 0 acts at once
    /// (headless).
    public var countdown: Double
    /// `--steps 1,5,25,50,100`: the canary's weights in order; empty for no plan.
    public var steps: [Weight]
    /// `--step-every 30s`: the least time at a step before the next.
    public var stepEvery: Double
    /// `--advance-on-inconclusive`: advance unless FAIL, not only on PASS.
    public var advanceOnInconclusive: Bool
    /// `--rollback-ramp 30s`: automatic rollbacks return traffic to stable over this long, in
    /// ``rampStages`` equal cuts of the canary's weight (the first at once); `nil` for at once.
    public var rollbackRamp: Double?
    /// How many cuts a ramp makes.
    public var rampStages: Int

    public init(
        guardEnabled: Bool = false, countdown: Double = 3, steps: [Weight] = [], stepEvery: Double = 30,
        advanceOnInconclusive: Bool = false, rollbackRamp: Double? = nil, rampStages: Int = 4
    ) {
        self.guardEnabled = guardEnabled
        self.countdown = countdown
        self.steps = steps
        self.stepEvery = stepEvery
        self.advanceOnInconclusive = advanceOnInconclusive
        self.rollbackRamp = rollbackRamp
        self.rampStages = max(1, rampStages)
    }

    /// Whether a FAIL makes canarytop roll back: with `--guard`, and always while walking steps.
    public var rollsBackOnFail: Bool { guardEnabled || !steps.isEmpty }

    /// Whether canarytop acts on its own at all.
    public var isActive: Bool { rollsBackOnFail }
}
