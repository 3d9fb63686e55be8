import CanaryCore
import Testing
@testable import CanaryApp

/// ``HeadlessJudge``: when an `--until` goal is reached, and which verdicts are reported.
@Suite struct HeadlessJudgeTests {
    private func verdict(_ outcome: CanaryVerdict.Outcome, stableRequests: Int = 100) -> CanaryVerdict {
        CanaryVerdict(
            canary: "green", stable: "blue", outcome: outcome, checks: [], canaryRequests: 10, stableRequests: stableRequests,
            slowInFlightCharged: 0, canaryRate: 10)
    }

    private func state(_ verdicts: [CanaryVerdict], finish: RolloutState.Finish? = nil) -> DashboardState {
        var s = DashboardState(setup: .init(target: "t", rate: "1/s", applyMode: "file"))
        s.verdicts = verdicts
        s.rollout.finish = finish
        return s
    }

    @Test func aFailWaitsForTheGuardsRollbackAndKeepsTheFailingVerdicts() {
        var judge = HeadlessJudge(goal: .verdict, waitsForRollback: true)
        #expect(judge.observe(state([verdict(.inconclusive(more: 50))])) == nil)
        let failing = verdict(.fail)
        #expect(judge.observe(state([failing])) == nil)
        #expect(judge.sawFail)
        // The new epoch after the rollback judges green afresh; the FAIL is what is reported.
        #expect(judge.observe(state([verdict(.inconclusive(more: nil), stableRequests: 0)])) == nil)
        #expect(judge.observe(state([], finish: .rolledBack(reason: "guard: …"))) == .fail)
        #expect(judge.verdicts == [failing])
        #expect(judge.unfinished(.timedOut) == .fail)
    }

    @Test func withoutARollbackToWaitForTheFirstFailDecides() {
        var judge = HeadlessJudge(goal: .verdict, waitsForRollback: false)
        #expect(judge.observe(state([verdict(.fail)])) == .fail)
    }

    @Test func allPassDecidesButNoCanaryAtAllDoesNot() {
        var judge = HeadlessJudge(goal: .verdict, waitsForRollback: true)
        #expect(judge.observe(state([])) == nil)
        #expect(judge.observe(state([verdict(.pass)])) == .pass)
        #expect(judge.unfinished(.probeEnded) == .probeEnded)
    }

    @Test func thePlanEndingEndsEveryGoal() {
        for goal in HeadlessGoal.allCases {
            var promoted = HeadlessJudge(goal: goal, waitsForRollback: true)
            #expect(promoted.observe(state([], finish: .promoted)) == .promoted)
            var rolledBack = HeadlessJudge(goal: goal, waitsForRollback: true)
            #expect(rolledBack.observe(state([], finish: .rolledBack(reason: "set to 0"))) == .rolledBack(reason: "set to 0"))
        }
        var none = HeadlessJudge(goal: nil, waitsForRollback: false)
        #expect(none.observe(state([verdict(.fail)], finish: .promoted)) == nil)
    }

    @Test func afterAPromotionTheLastVerdictsAgainstStableRepliesAreReported() {
        var judge = HeadlessJudge(goal: .promoted, waitsForRollback: true)
        let atFifty = verdict(.inconclusive(more: 300))
        #expect(judge.observe(state([atFifty])) == nil)
        #expect(judge.observe(state([verdict(.inconclusive(more: nil), stableRequests: 0)], finish: .promoted)) == .promoted)
        #expect(judge.verdicts == [atFifty])
    }

    @Test func aPlanRolledBackOnFailReportsTheFailingVerdicts() {
        var judge = HeadlessJudge(goal: .promoted, waitsForRollback: true)
        let failing = verdict(.fail)
        #expect(judge.observe(state([failing])) == nil)
        #expect(judge.observe(state([verdict(.inconclusive(more: 400))])) == nil)
        #expect(judge.observe(state([], finish: .rolledBack(reason: "guard: …"))) == .rolledBack(reason: "guard: …"))
        #expect(judge.verdicts == [failing])
        // Without a goal or a guard, a FAIL is just the latest news.
        var plain = HeadlessJudge(goal: nil, waitsForRollback: false)
        _ = plain.observe(state([failing]))
        let later = verdict(.inconclusive(more: 10))
        _ = plain.observe(state([later]))
        #expect(plain.verdicts == [later])
    }

    @Test func exitStatuses() {
        #expect([HeadlessEnding.pass, .promoted].map(\.exitCode) == [0, 0])
        #expect([HeadlessEnding.fail, .rolledBack(reason: "")].map(\.exitCode) == [2, 2])
        #expect([HeadlessEnding.timedOut, .probeEnded].map(\.exitCode) == [3, 3])
    }
}
