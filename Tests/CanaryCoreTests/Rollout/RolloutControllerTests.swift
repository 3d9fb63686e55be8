import Testing
@testable import CanaryCore

@Suite struct RolloutControllerTests {
    static func split(_ blue: Int, _ green: Int) -> SplitView {
        let entry = SplitterEntry(name: "payments", splits: [
            ServiceSplit(weight: Weight(percent: blue), serviceSubset: "blue"),
            ServiceSplit(weight: Weight(percent: green), serviceSubset: "green"),
        ])
        return SplitView(entry: entry, names: ["blue", "green"], stable: "blue", resolver: nil, version: "v")
    }

    static func verdict(_ outcome: CanaryVerdict.Outcome) -> CanaryVerdict {
        let check = VerdictCheck(
            kind: .errors, outcome: outcome, stableBad: 0, stableTotal: 100, canaryBad: 40, canaryTotal: 100,
            pValue: 1e-9, effect: 0.4, threshold: 0.01, ratio: .infinity, requiredRequests: 1189)
        return CanaryVerdict(
            canary: "green", stable: "blue", outcome: outcome, checks: [check], canaryRequests: 100, stableRequests: 100,
            slowInFlightCharged: 0, canaryRate: 10)
    }

    static func input(
        now: Double, epoch: Int = 1, epochStart: Double = 0, _ outcome: CanaryVerdict.Outcome?, split: SplitView = split(50, 50),
        pending: Int = 0
    ) -> RolloutController.Input {
        .init(now: now, epoch: epoch, epochStart: epochStart, verdicts: outcome.map { [verdict($0)] } ?? [], split: split, writesPending: pending)
    }

    static func writes(_ commands: [RolloutCommand]) -> [WeightEdit] {
        commands.compactMap { if case .write(let request, _) = $0 { return request } else { return nil } }
    }

    static func percent(_ blue: Int, _ green: Int) -> WeightEdit {
        .setAll(["blue": Weight(percent: blue), "green": Weight(percent: green)])
    }

    // MARK: - Guard

    @Test func theGuardCountsDownThenRollsBackWithTheVerdictAsReason() throws {
        var state = RolloutState()
        let policy = RolloutPolicy(guardEnabled: true, countdown: 3)
        let first = RolloutController.tick(&state, policy: policy, Self.input(now: 10, .fail))
        #expect(Self.writes(first).isEmpty)
        #expect(first.contains { if case .note(let text, .failure) = $0 { return text.hasPrefix("guard: green FAIL: rolling back in 3 s (Esc cancels)") } else { return false } })
        #expect(RolloutController.countdownLeft(state, now: 11.5) == 1.5)
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 12.9, .fail)).isEmpty)
        let due = RolloutController.tick(&state, policy: policy, Self.input(now: 13, .fail))
        guard case .write(.rollback, let reason) = try #require(due.first) else {
            Issue.record("expected a rollback, got \(due)")
            return
        }
        #expect(reason == "guard: green FAIL vs blue: 5xx 40/100 vs 0/100 (+40.0pp, max 1pp, p=1.0e-09)")
        #expect(state.countdown == nil)
        // Once the rollback has landed the guard is finished.
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 13.2, epoch: 2, .fail, split: Self.split(100, 0))).isEmpty)
        #expect(state.finish == .rolledBack(reason: reason))
        // The guard stays on: traffic sent to a failing green again goes back again.
        let again = RolloutController.tick(&state, policy: RolloutPolicy(guardEnabled: true, countdown: 0), Self.input(now: 60, epoch: 3, .fail))
        #expect(Self.writes(again) == [.rollback])
    }

    @Test func escCancelsTheCountdownIsJournaledAndHoldsForTheRestOfTheEpoch() {
        var state = RolloutState()
        let policy = RolloutPolicy(guardEnabled: true)
        _ = RolloutController.tick(&state, policy: policy, Self.input(now: 10, .fail))
        let cancel = RolloutController.cancel(&state, epoch: 1)
        #expect(cancel.first == .journal("operator cancelled the automatic rollback: guard: green FAIL vs blue: 5xx 40/100 vs 0/100 (+40.0pp, max 1pp, p=1.0e-09)"))
        #expect(state.countdown == nil)
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 20, .fail)).isEmpty)
        #expect(RolloutController.cancel(&state, epoch: 1).isEmpty)
        // A new epoch (a weight change) arms the guard again.
        _ = RolloutController.tick(&state, policy: policy, Self.input(now: 21, epoch: 2, .fail))
        #expect(state.countdown != nil)
    }

    @Test func headlessActsAtOnce() {
        var state = RolloutState()
        let commands = RolloutController.tick(&state, policy: RolloutPolicy(guardEnabled: true, countdown: 0), Self.input(now: 1, .fail))
        #expect(Self.writes(commands) == [.rollback])
    }

    @Test func theGuardIgnoresPassInconclusiveACanaryWithoutTrafficAndPendingWrites() {
        let policy = RolloutPolicy(guardEnabled: true, countdown: 0)
        var state = RolloutState()
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1, .pass)).isEmpty)
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1, .inconclusive(more: 4))).isEmpty)
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1, .fail, split: Self.split(100, 0))).isEmpty)
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1, .fail, pending: 1)).isEmpty)
        #expect(RolloutController.tick(&state, policy: RolloutPolicy(), Self.input(now: 1, .fail)).isEmpty)
        #expect(state == RolloutState())
    }

    @Test func aFailedRollbackIsRetriedAfterASecond() {
        let policy = RolloutPolicy(guardEnabled: true, countdown: 0)
        var state = RolloutState()
        #expect(Self.writes(RolloutController.tick(&state, policy: policy, Self.input(now: 1, .fail))) == [.rollback])
        // The write failed: the split still sends traffic to green.
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1.5, .fail)).isEmpty)
        #expect(Self.writes(RolloutController.tick(&state, policy: policy, Self.input(now: 2.6, .fail))) == [.rollback])
    }

    /// The follower's read of the file can cross the guard's write and bring back the old split
    /// after the write's own: the rollback is confirmed when the split shows it, not lost.
    @Test func aRollbackSeenLateIsStillTheFinish() throws {
        let policy = RolloutPolicy(guardEnabled: true, countdown: 0)
        var state = RolloutState()
        let asked = RolloutController.tick(&state, policy: policy, Self.input(now: 1, .fail))
        guard case .write(.rollback, let reason) = try #require(asked.first { if case .write = $0 { return true } else { return false } }) else {
            Issue.record("expected a rollback, got \(asked)")
            return
        }
        // A stale read of the file: still 50/50 after the write.
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1.2, .fail)).isEmpty)
        #expect(state.finish == nil)
        // The follower's next read shows the rollback.
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 1.4, epoch: 2, .fail, split: Self.split(100, 0))).isEmpty)
        #expect(state.finish == .rolledBack(reason: reason))
    }

    @Test func aRampReturnsTrafficInStagesOverItsDuration() {
        let policy = RolloutPolicy(guardEnabled: true, countdown: 0, rollbackRamp: 30)
        var state = RolloutState()
        #expect(Self.writes(RolloutController.tick(&state, policy: policy, Self.input(now: 0, .fail, split: Self.split(20, 80)))) == [Self.percent(40, 60)])
        #expect(RolloutController.tick(&state, policy: policy, Self.input(now: 9.9, .fail, split: Self.split(40, 60))).isEmpty)
        #expect(Self.writes(RolloutController.tick(&state, policy: policy, Self.input(now: 10, .fail, split: Self.split(40, 60)))) == [Self.percent(60, 40)])
        #expect(Self.writes(RolloutController.tick(&state, policy: policy, Self.input(now: 20, .fail, split: Self.split(60, 40)))) == [Self.percent(80, 20)])
        let last = RolloutController.tick(&state, policy: policy, Self.input(now: 30, .fail, split: Self.split(80, 20)))
        #expect(Self.writes(last) == [Self.percent(100, 0)])
        #expect(state.finish == nil)
        _ = RolloutController.tick(&state, policy: policy, Self.input(now: 30.1, .fail, split: Self.split(100, 0)))
        #expect(state.finish != nil)
    }

    // MARK: - Steps

    static let steps = RolloutPolicy(steps: [1, 5, 25, 50, 100].map { Weight(percent: $0) }, stepEvery: 30)

    @Test func stepsStartAtTheFirstWeightAndAdvanceOnlyOnPassAfterTheInterval() {
        var state = RolloutState()
        #expect(Self.writes(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 0, nil, split: Self.split(100, 0)))) == [Self.percent(99, 1)])
        #expect(state.stepIndex == -1)
        // Landed: the canary is at step 1.
        #expect(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 0.6, epoch: 2, epochStart: 0.5, nil, split: Self.split(99, 1))).isEmpty)
        #expect(state.stepIndex == 0)
        // At 1 %: not before 30 s in the step's epoch, whatever the verdict.
        #expect(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 29, epoch: 2, epochStart: 0.5, .pass, split: Self.split(99, 1))).isEmpty)
        // Inconclusive holds, said once.
        let held = RolloutController.tick(&state, policy: Self.steps, Self.input(now: 31, epoch: 2, epochStart: 0.5, .inconclusive(more: 90), split: Self.split(99, 1)))
        #expect(held == [.note("steps: holding green at 1%: INCONCLUSIVE (90 more requests needed)", .info)])
        #expect(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 32, epoch: 2, epochStart: 0.5, .inconclusive(more: 80), split: Self.split(99, 1))).isEmpty)
        let advanced = RolloutController.tick(&state, policy: Self.steps, Self.input(now: 40, epoch: 2, epochStart: 0.5, .pass, split: Self.split(99, 1)))
        #expect(Self.writes(advanced) == [Self.percent(95, 5)])
        #expect(state.stepIndex == 1)
    }

    @Test func advanceOnInconclusiveMovesOnUnlessFail() {
        var policy = Self.steps
        policy.advanceOnInconclusive = true
        var state = RolloutState()
        state.stepIndex = 2
        let moved = RolloutController.tick(&state, policy: policy, Self.input(now: 31, .inconclusive(more: 5), split: Self.split(75, 25)))
        #expect(Self.writes(moved) == [Self.percent(50, 50)])
        guard case .write(_, let reason) = moved[0] else { return }
        #expect(reason.hasPrefix("steps: green 25% → 50% (step 4 of 5) after 31 s, "))
    }

    @Test func aFailWhileSteppingRollsBackEvenWithoutTheGuardFlag() {
        var policy = Self.steps
        policy.countdown = 0
        var state = RolloutState()
        state.stepIndex = 3
        #expect(Self.writes(RolloutController.tick(&state, policy: policy, Self.input(now: 40, .fail))) == [.rollback])
    }

    @Test func theLastStepIsPromotion() {
        var state = RolloutState()
        state.stepIndex = 3
        #expect(Self.writes(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 31, .pass, split: Self.split(50, 50)))) == [Self.percent(0, 100)])
        _ = RolloutController.tick(&state, policy: Self.steps, Self.input(now: 31.2, epoch: 2, epochStart: 31.1, nil, split: Self.split(0, 100)))
        #expect(state.finish == .promoted)
        #expect(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 100, epoch: 2, .fail, split: Self.split(0, 100))).isEmpty)
    }

    @Test func aPlanEndingBelowFullIsCompleteAfterAPassAtItsLastStep() {
        let policy = RolloutPolicy(steps: [5, 50].map { Weight(percent: $0) }, stepEvery: 10)
        var state = RolloutState()
        state.stepIndex = 1
        _ = RolloutController.tick(&state, policy: policy, Self.input(now: 11, .pass))
        #expect(state.finish == .promoted)
    }

    @Test func weightsChangedOutsideMoveThePlanOrEndIt() {
        var state = RolloutState()
        state.stepIndex = 1
        let moved = RolloutController.tick(&state, policy: Self.steps, Self.input(now: 5, .pass, split: Self.split(70, 30)))
        #expect(state.stepIndex == 2)
        #expect(moved == [.note("steps: green at 30% (changed outside the plan): now step 3 of 5", .warning)])
        _ = RolloutController.tick(&state, policy: Self.steps, Self.input(now: 6, .pass, split: Self.split(100, 0)))
        #expect(state.finish == .rolledBack(reason: "green set to 0% outside the plan"))
    }

    @Test func stepsJoinARolloutAlreadyUnderWayAndMoveOnToTheNextStep() {
        var state = RolloutState()
        let commands = RolloutController.tick(&state, policy: Self.steps, Self.input(now: 0, nil, split: Self.split(70, 30)))
        #expect(commands == [.note("steps: green at 30% is step 3 of 5", .info)])
        #expect(state.stepIndex == 2)
        // 30 % is not a step of the plan: no "changed outside" on every tick.
        #expect(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 1, .pass, split: Self.split(70, 30))).isEmpty)
        #expect(Self.writes(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 31, .pass, split: Self.split(70, 30)))) == [Self.percent(50, 50)])
    }

    @Test func aFailedFirstStepIsRetriedAfterASecond() {
        var state = RolloutState()
        #expect(Self.writes(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 0, nil, split: Self.split(100, 0)))).count == 1)
        #expect(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 0.5, nil, split: Self.split(100, 0))).isEmpty)
        #expect(state.finish == nil)
        #expect(Self.writes(RolloutController.tick(&state, policy: Self.steps, Self.input(now: 1.1, nil, split: Self.split(100, 0)))) == [Self.percent(99, 1)])
    }
}

/// The guard and the step plan on a splitter Consul would refuse: the plan holds instead of
/// silently repairing the weights, and a rollback goes back to stable at once, never ramped.
@Suite struct RolloutInvalidSplitterTests {
    @Test func theStepPlanHoldsAndSaysWhy() {
        var state = RolloutState()
        let bad = RolloutControllerTests.split(50, 30)
        let first = RolloutController.tick(&state, policy: RolloutControllerTests.steps, RolloutControllerTests.input(now: 40, .pass, split: bad))
        #expect(RolloutControllerTests.writes(first).isEmpty)
        #expect(first == [.note("steps: holding: the sum of all split weights must be 100, not 80.000000 (Consul refuses the splitter as it is); fix its weights or roll back", .warning)])
        // Said once per epoch.
        #expect(RolloutController.tick(&state, policy: RolloutControllerTests.steps, RolloutControllerTests.input(now: 41, .pass, split: bad)).isEmpty)
        // Fixed: the plan goes on (green at 30 % is step 3 of 5).
        let fixed = RolloutController.tick(&state, policy: RolloutControllerTests.steps, RolloutControllerTests.input(now: 42, epoch: 2, .pass, split: RolloutControllerTests.split(70, 30)))
        #expect(fixed == [.note("steps: green at 30% is step 3 of 5", .info)])
    }

    @Test func aRampedRollbackOfAnInvalidSplitterGoesBackAtOnce() {
        var state = RolloutState()
        let policy = RolloutPolicy(guardEnabled: true, countdown: 0, rollbackRamp: 30)
        let commands = RolloutController.tick(&state, policy: policy, RolloutControllerTests.input(now: 10, .fail, split: RolloutControllerTests.split(50, 30)))
        #expect(RolloutControllerTests.writes(commands) == [.rollback])
        #expect(state.ramp == nil)
    }
}
