import Testing
@testable import CanaryCore

/// The reducer judging on every tick and letting the guard act: countdown, Esc, `r`, `v`.
@Suite struct DashboardVerdictTests {
    static func state(guardOn: Bool = true, readOnly: Bool = false, slo: Double? = 1) -> DashboardState {
        var s = DashboardState(setup: .init(
            target: "http://127.0.0.1:9090/", rate: "20/s", applyMode: "file", readOnly: readOnly,
            verdict: VerdictPolicy(slo: slo), rollout: RolloutPolicy(guardEnabled: guardOn, countdown: 3)))
        _ = DashboardReducer.reduce(&s, .splitLoaded(DashboardReducerTests.split(), external: false))
        return s
    }

    /// Stable replies only; the canary's requests are all still in flight.
    static func snapshot(at t: Double) -> TallySnapshot {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        for i in 0..<30 {
            tallies.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.01), at: Double(i) * 0.05)
        }
        return tallies.snapshot(at: t)
    }

    /// Five green requests sent in the first half second, still waiting at `t`.
    static func tick(_ s: inout DashboardState, at t: Double) -> [DashboardEffect] {
        DashboardReducer.reduce(&s, .tick(snapshot(at: t), inFlight: 5, now: t, sentTimes: [0.1, 0.2, 0.3, 0.4, 0.5]))
    }

    @Test func slowRequestsInFlightFailTheCanaryAndStartTheCountdown() throws {
        var s = Self.state()
        #expect(Self.tick(&s, at: 1.15).isEmpty)            // 1 past the SLO against 0 of 30: p 0.03
        #expect(s.slowInFlight == 1)
        #expect(s.verdict(of: "green")?.outcome != .fail)
        #expect(Self.tick(&s, at: 1.25).isEmpty)            // 2: p = 1/C(32,2) = 0.002, but only two
        #expect(s.verdict(of: "green")?.outcome != .fail)
        #expect(Self.tick(&s, at: 1.35).isEmpty)            // 3: FAIL; the countdown starts
        #expect(s.verdict(of: "green")?.outcome == .fail)
        #expect(abs((s.countdownLeft ?? 0) - 3) < 1e-9)
        #expect(s.events.events.last?.text.hasPrefix("guard: green FAIL: rolling back in 3 s (Esc cancels): green FAIL vs blue: slo 3/3 vs 0/30") == true)
        let effects = Self.tick(&s, at: 4.35)
        #expect(effects.count == 1)
        guard case .write(.rollback, let reason) = effects.first else {
            Issue.record("expected a rollback, got \(effects)")
            return
        }
        #expect(reason.hasPrefix("guard: green FAIL vs blue: slo 5/5 vs 0/30 (+100.0pp, max 1pp, p="))
        #expect(s.writesPending == 1)
    }

    @Test func escCancelsTheCountdownAndAsksForAJournalLine() {
        var s = Self.state()
        _ = Self.tick(&s, at: 1.6)
        let effects = DashboardReducer.reduce(&s, .key(.escape))
        #expect(effects.count == 1)
        guard case .journal(let text) = effects.first else {
            Issue.record("expected a journal line, got \(effects)")
            return
        }
        #expect(text.hasPrefix("operator cancelled the automatic rollback: guard: green FAIL"))
        #expect(s.countdownLeft == nil)
        #expect(Self.tick(&s, at: 10).isEmpty)
    }

    @Test func rDuringTheCountdownRollsBackAtOnceAndStopsTheCountdown() {
        var s = Self.state()
        _ = Self.tick(&s, at: 1.6)
        #expect(DashboardReducer.reduce(&s, .key(.char("r"))) == [.write(.rollback, reason: "operator rollback (r)")])
        #expect(s.countdownLeft == nil)
    }

    @Test func withoutTheGuardOrWhenReadOnlyNothingIsWritten() {
        var off = Self.state(guardOn: false)
        #expect(Self.tick(&off, at: 5).isEmpty)
        #expect(off.verdict(of: "green")?.outcome == .fail)
        var readOnly = Self.state(readOnly: true)
        #expect(Self.tick(&readOnly, at: 5).isEmpty)
        #expect(readOnly.countdownLeft == nil)
    }

    @Test func withoutAnSLONothingInFlightIsJudged() {
        var s = Self.state(slo: nil)
        _ = Self.tick(&s, at: 5)
        #expect(s.slowInFlight == 0)
        #expect(s.verdict(of: "green")?.checks.map(\.kind) == [.errors, .latency])
        #expect(s.verdict(of: "green")?.outcome == .inconclusive(more: 1189))
    }

    @Test func vTogglesTheExpandedVerdict() {
        var s = Self.state()
        _ = DashboardReducer.reduce(&s, .key(.char("v")))
        #expect(s.showVerdict)
        _ = DashboardReducer.reduce(&s, .key(.char("v")))
        #expect(!s.showVerdict)
    }
}
