import CanaryProbe
import Testing

/// A plan with an end always finishes once its end has passed and its requests in flight have
/// completed, whatever the pace and whether or not any request ever completes before the end.
@Suite struct ProbePlanEndTests {
    @Test func closedLoopIsExhaustedOnceItsEndHasPassed() {
        var plan = ProbePlan(pace: .closed, concurrency: 2, end: 10)
        #expect(plan.due(at: 9).count == 2)
        #expect(!plan.isExhausted)
        // The last in-flight requests complete after the end: nothing more goes out and the plan
        // is finished (before the fix it stayed unexhausted for ever: `--duration --rate max` hung).
        #expect(plan.completed(at: 10.5) == [])
        #expect(plan.isExhausted)
        #expect(plan.completed(at: 10.6) == [])
        #expect(plan.isFinished)
        #expect(plan.nextWakeup == nil)
    }

    @Test func closedLoopAsksToBeWokenAtTheEndEvenWithEveryRequestStalled() {
        var plan = ProbePlan(pace: .closed, concurrency: 3, end: 2)
        #expect(plan.due(at: 0).count == 3)
        // No completion will come: only the wake-up at the end can tell the plan it is over.
        #expect(plan.nextWakeup == 2)
        #expect(plan.due(at: 2) == [])
        #expect(plan.isExhausted)
        #expect(plan.nextWakeup == nil)
        // The stalled requests time out (the lane reports each as completed): finished.
        for _ in 0..<3 { #expect(plan.completed(at: 2.3) == []) }
        #expect(plan.isFinished)
    }

    @Test func closedLoopWithoutAnEndNeedsNoWakeUp() {
        var plan = ProbePlan(pace: .closed, concurrency: 1, maxRequests: 2)
        _ = plan.due(at: 0)
        #expect(plan.nextWakeup == nil)
    }

    @Test func sendsWaitingInTheBacklogAtTheEndAreSkipped() {
        var plan = ProbePlan(pace: .open(rate: 10), concurrency: 1, maxBacklog: 5, end: 0.5)
        #expect(plan.due(at: 0).count == 1)
        // 0.1 … 0.4 wait behind the stalled request; no more are intended after them.
        #expect(plan.due(at: 0.45) == [])
        #expect(plan.backlogCount == 4)
        #expect(plan.isExhausted)
        // The end still matters (it drops the backlog), so the lane is woken for it.
        #expect(plan.nextWakeup == 0.5)
        #expect(plan.due(at: 0.5) == [])
        #expect(plan.backlogCount == 0)
        #expect(plan.skipped == 4)
        // The stalled request completes past the end: nothing goes out late after the end.
        #expect(plan.completed(at: 0.9) == [])
        #expect(plan.isFinished)
        #expect(plan.sent == 1)
    }

    @Test func aCompletionPastTheEndDoesNotReleaseTheBacklog() {
        var plan = ProbePlan(pace: .open(rate: 10), concurrency: 1, maxBacklog: 2, end: 0.3)
        _ = plan.due(at: 0)
        _ = plan.due(at: 0.25)
        #expect(plan.backlogCount == 2)
        #expect(plan.completed(at: 0.31) == [])
        #expect(plan.skipped == 2)
        #expect(plan.isFinished)
    }

    @Test func aLateWakeUpStillSendsWhatWasIntendedBeforeTheEnd() {
        var plan = ProbePlan(pace: .open(rate: 4), concurrency: 10, end: 1)
        #expect(plan.due(at: 5).map(\.intended) == [0, 0.25, 0.5, 0.75])
        #expect(plan.nextWakeup == nil)
        for _ in 0..<4 { _ = plan.completed(at: 5) }
        #expect(plan.isFinished)
    }

    /// The plan driven as a lane drives it — woken at `nextWakeup`, requests completing after a
    /// fixed service time (or never, until a timeout) — always finishes by end + timeout.
    @Test(arguments: [
        (ProbePlan.Pace.closed, 1), (.closed, 8), (.closed, 256), (.open(rate: 50), 1), (.open(rate: 500), 8),
        (.open(rate: 5_000), 256),
    ])
    func everyPlanWithAnEndFinishesByTheEndPlusTheTimeout(pace: ProbePlan.Pace, concurrency: Int) {
        let end = 1.0, timeout = 0.3
        for service in [0.01, 0.05, Double.infinity] {
            var plan = ProbePlan(pace: pace, concurrency: concurrency, end: end)
            var completions: [Double] = []   // when each request in flight completes
            func send(_ sends: [ProbePlan.Send], at now: Double) {
                for _ in sends { completions.append(now + min(service, timeout)) }
            }
            var now = 0.0
            send(plan.due(at: now), at: now)
            var steps = 0
            while !plan.isFinished && steps < 1_000_000 {
                steps += 1
                let nextCompletion = completions.min()
                guard let next = [plan.nextWakeup, nextCompletion].compactMap({ $0 }).min() else { break }
                now = max(now, next)
                if let c = nextCompletion, c <= now {
                    completions.remove(at: completions.firstIndex(of: c)!)
                    send(plan.completed(at: now), at: now)
                } else {
                    send(plan.due(at: now), at: now)
                }
            }
            #expect(plan.isFinished, "\(pace) ×\(concurrency), service \(service): stuck at \(now)")
            #expect(now <= end + timeout + 1e-9, "\(pace) ×\(concurrency), service \(service): ended at \(now)")
            #expect(plan.sent > 0)
        }
    }
}
