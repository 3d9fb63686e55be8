import CanaryProbe
import Testing

/// The open-loop schedule, the in-flight cap, late and skipped sends — with time passed in.
@Suite struct ProbePlanTests {
    @Test func openLoopIntendsRequestsOnAFixedSchedule() {
        var plan = ProbePlan(pace: .open(rate: 10), concurrency: 8)
        #expect(plan.due(at: 0) == [.init(intended: 0, late: false)])
        #expect(plan.nextWakeup == 0.1)
        #expect(plan.due(at: 0.05) == [])
        // A late wake-up sends everything that was due, each with its own intended time.
        #expect(plan.due(at: 0.31).map(\.intended) == [0.1, 0.2, 0.30000000000000004])
        #expect(plan.inFlight == 4)
    }

    @Test func sendsAtTheCapWaitInTheBacklogAndKeepTheirIntendedTime() {
        var plan = ProbePlan(pace: .open(rate: 10), concurrency: 1, maxBacklog: 2)
        #expect(plan.due(at: 0).count == 1)
        // 0.1, 0.2 wait; 0.3 finds the backlog full and is skipped.
        #expect(plan.due(at: 0.35) == [])
        #expect(plan.backlogCount == 2)
        #expect(plan.skipped == 1)
        // The stalled request completes at 0.4: the oldest waiting send goes out late.
        #expect(plan.completed(at: 0.4) == [.init(intended: 0.1, late: true)])
        #expect(plan.completed(at: 0.41) == [.init(intended: 0.2, late: true)])
        #expect(plan.late == 2)
        // With the backlog empty, the send due at 0.4 goes out on time at the next wake-up.
        #expect(plan.completed(at: 0.42) == [.init(intended: 0.4, late: false)])
        #expect(plan.sent == 4)
    }

    @Test func requestLimitCountsOnlyWhatIsSent() {
        var plan = ProbePlan(pace: .open(rate: 100), concurrency: 1, maxBacklog: 0, maxRequests: 3)
        var sent = plan.due(at: 0).count
        #expect(plan.due(at: 0.055).isEmpty)  // 5 due sends skipped while one is in flight
        #expect(plan.skipped == 5)
        while !plan.isFinished {
            let now = plan.nextWakeup ?? 1
            sent += plan.completed(at: now).count
            sent += plan.due(at: now).count
        }
        #expect(sent == 3)
        #expect(plan.sent == 3)
        #expect(plan.nextWakeup == nil)
    }

    @Test func openLoopEndsAtTheDuration() {
        var plan = ProbePlan(pace: .open(rate: 4), concurrency: 10, end: 1)
        #expect(plan.due(at: 5).map(\.intended) == [0, 0.25, 0.5, 0.75])
        #expect(plan.isExhausted)
        for _ in 0..<4 { _ = plan.completed(at: 5) }
        #expect(plan.isFinished)
    }

    @Test func closedLoopRefillsEveryFreedSlotAtOnce() {
        var plan = ProbePlan(pace: .closed, concurrency: 3, maxRequests: 5)
        #expect(plan.due(at: 1).map(\.intended) == [1, 1, 1])
        #expect(plan.nextWakeup == nil)
        #expect(plan.completed(at: 2) == [.init(intended: 2, late: false)])
        #expect(plan.completed(at: 3) == [.init(intended: 3, late: false)])
        #expect(plan.completed(at: 4) == [])
        #expect(plan.isExhausted && !plan.isFinished)
        _ = plan.completed(at: 5)
        _ = plan.completed(at: 5)
        #expect(plan.isFinished)
    }

    @Test func closedLoopStopsAtItsEnd() {
        var plan = ProbePlan(pace: .closed, concurrency: 2, end: 10)
        #expect(plan.due(at: 9).count == 2)
        #expect(plan.completed(at: 10) == [])
        #expect(plan.inFlight == 1)
    }

    @Test func stopDropsTheBacklogAsSkipped() {
        var plan = ProbePlan(pace: .open(rate: 10), concurrency: 1, maxBacklog: 5)
        _ = plan.due(at: 0.35)
        #expect(plan.backlogCount == 3)
        plan.stop()
        #expect(plan.skipped == 3)
        #expect(plan.completed(at: 0.4) == [])
        #expect(plan.isFinished)
    }

    @Test func lanesTogetherKeepTheWholePlan() {
        let lanes = ProbePlan.split(pace: .open(rate: 30), concurrency: 5, maxRequests: 10, first: 2, lanes: 3)
        #expect(lanes.map(\.concurrency) == [2, 2, 1])
        #expect(lanes.map(\.maxRequests) == [4, 3, 3])
        var intended: [Double] = []
        for var lane in lanes {
            intended += lane.due(at: 2.5).map(\.intended)
        }
        // Every 1/30 s from 2, each taken by exactly one lane (capped by each lane's concurrency).
        let expected = (0..<15).map { 2 + Double($0) / 30 }
        for t in intended { #expect(expected.contains { abs($0 - t) < 1e-9 }) }
        #expect(Set(intended.map { ($0 * 3000).rounded() }).count == intended.count)
        #expect(ProbePlan.split(pace: .closed, concurrency: 8, maxRequests: 1, lanes: 2).count == 1)
    }
}
