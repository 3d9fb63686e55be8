import Testing
@testable import CanaryCore
@testable import CanaryScreen

/// The guard's countdown on the status line, and the step plan with its position in the header,
/// driven through the real reducer and rollout controller.
@Suite struct RolloutStatusTests {
    private func press(_ s: inout DashboardState, _ keys: Key...) {
        for key in keys { _ = DashboardReducer.reduce(&s, .key(key)) }
    }

    @Test func guardCountdownIsABannerThatCountsDownAndEscCancels() throws {
        var script = VerdictViewTests.failing()
        var s = script.state(rollout: RolloutPolicy(guardEnabled: true, countdown: 3))
        #expect(s.countdownLeft == 3)
        var grid = DashboardView.render(s)
        #expect(grid.lines[1].hasPrefix(" GUARD: rolling back green in 3.0 s — Esc cancels"))
        #expect(grid.role(of: "GUARD", onRow: 1) == .banner)
        #expect(grid.lines[0].contains("guard on"))

        script.seconds = 5.6
        script.tick(&s)
        grid = DashboardView.render(s)
        #expect(grid.lines[1].hasPrefix(" GUARD: rolling back green in 2.4 s — Esc cancels"))

        press(&s, .escape)
        grid = DashboardView.render(s)
        #expect(s.countdownLeft == nil)
        #expect(!grid.lines[1].contains("GUARD"))
        #expect(grid.lines[1].hasPrefix("payments: blue 50%  green 50%"))
    }

    @Test func aQuestionStillComesBeforeTheCountdown() {
        var s = VerdictViewTests.failing().state(rollout: RolloutPolicy(guardEnabled: true, countdown: 3))
        press(&s, .down, .char("P"))
        let status = DashboardView.render(s).lines[1]
        #expect(status.contains("Promote green to 100 %?"))
        #expect(!status.contains("GUARD"))
    }

    @Test func countdownBannerComesBeforeOtherBannersAndFitsAt80() {
        let s = VerdictViewTests.failing().state(width: 80, height: 24, rollout: RolloutPolicy(guardEnabled: true, countdown: 3))
        var dry = s
        dry.setup.dryRun = true
        let status = DashboardView.render(dry).lines[1]
        #expect(status.hasPrefix(" GUARD: rolling back green in 3.0 s — Esc cancels   DRY RUN: nothing is written"))
        #expect(status.count <= 80)
    }

    static let plan = RolloutPolicy(steps: [1, 5, 25, 50, 100].map { Weight(percent: $0) }, stepEvery: 30)

    @Test(arguments: [120, 80])
    func stepPlanShowsWhereTheCanaryIs(width: Int) throws {
        let s = VerdictViewTests.early().state(width: width, height: 24, split: ReplyScript.split(75, 25), rollout: Self.plan)
        #expect(s.rollout.stepIndex == 2)
        let header = DashboardView.render(s).lines[0]
        #expect(header.hasPrefix("canarytop  http://127.0.0.1:9090/"))
        #expect(header.contains("steps 1›5›[25]›50›100 every 30s  guard on"))
        #expect(header.count <= width)
        if width >= 120 { #expect(header.contains("epoch 1")) }
    }

    @Test func planEndsPromotedOrRolledBack() {
        let script = VerdictViewTests.early()
        var promoted = script.state(split: ReplyScript.split(0, 100), rollout: Self.plan)
        script.tick(&promoted)   // at the last step, 100 %: the plan is complete
        #expect(promoted.rollout.finish == .promoted)
        #expect(DashboardView.render(promoted).lines[0].contains("steps 1›5›25›50›[100] promoted"))

        var back = script.state(split: ReplyScript.split(75, 25), rollout: Self.plan)
        _ = DashboardReducer.reduce(&back, .splitLoaded(ReplyScript.split(100, 0), external: true))
        script.tick(&back)
        #expect(DashboardView.render(back).lines[0].contains("steps 1›5›[25]›50›100 rolled back"))
    }

    @Test func aCanaryBelowTheFirstStepIsSaidSo() {
        var s = VerdictViewTests.early().state(split: ReplyScript.split(100, 0), rollout: Self.plan)
        s.rollout.stepIndex = -1   // the controller's "below the first step" (its first write on the way)
        #expect(DashboardView.render(s).lines[0].contains("steps 1›5›25›50›100 (below step 1) every 30s"))
    }

    @Test func readOnlySaysTheGuardCannotAct() {
        let s = VerdictViewTests.failing().state(rollout: RolloutPolicy(guardEnabled: true), readOnly: true)
        let grid = DashboardView.render(s)
        #expect(s.countdownLeft == nil)
        #expect(grid.lines[0].contains("guard off: read-only"))
        #expect(!grid.lines[1].contains("GUARD"))
    }

    @Test func noPlanAndNoGuardSayNothing() {
        let header = DashboardView.render(VerdictViewTests.failing().state()).lines[0]
        #expect(!header.contains("steps") && !header.contains("guard"))
        #expect(header == "canarytop  http://127.0.0.1:9090/  rate 20/s  in flight 0  up 0:05  epoch 1 (0:05)  apply file")
    }
}
