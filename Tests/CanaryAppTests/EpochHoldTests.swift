import CanaryCore
import Testing
@testable import CanaryApp

/// ``EpochHold``: ticks wait for the epoch our own write starts, but never for long.
@Suite struct EpochHoldTests {
    let fifty = [Weight(percent: 50), Weight(percent: 50)]
    let ninety = [Weight(percent: 90), Weight(percent: 10)]

    private func held(_ hold: inout EpochHold, _ epoch: Int, _ now: Double) -> Bool {
        hold.holds(epoch: epoch, now: now)
    }

    @Test func aWriteThatChangedTheWeightsHoldsUntilTheEpochMovesOn() {
        var hold = EpochHold(limit: 1)
        hold.written(weightsBefore: fifty, after: ninety, epoch: 3, now: 10)
        #expect(held(&hold, 3, 10.05))
        #expect(held(&hold, 3, 10.1))
        #expect(!held(&hold, 4, 10.15))
        // Released for good: the same epoch number later is not held again.
        #expect(!held(&hold, 3, 10.2))
    }

    @Test func theHoldEndsAfterItsLimitIfNoEpochComes() {
        var hold = EpochHold(limit: 1)
        hold.written(weightsBefore: fifty, after: ninety, epoch: 3, now: 10)
        #expect(held(&hold, 3, 10.99))
        #expect(!held(&hold, 3, 11))
    }

    @Test func nothingIsHeldWhenTheWeightsDidNotChangeOrNoTickCameYet() {
        var hold = EpochHold()
        hold.written(weightsBefore: fifty, after: fifty, epoch: 3, now: 10)   // dry run, or already so
        #expect(!held(&hold, 3, 10.05))
        hold.written(weightsBefore: fifty, after: ninety, epoch: nil, now: 10)
        #expect(!held(&hold, 1, 10.05))
    }
}
