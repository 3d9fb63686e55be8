import CanaryTesting
import Foundation
import Testing
@testable import CanaryApp

/// The headless loop's executor: a task preferring it runs on its thread, sleeps there on the
/// monotonic clock, and is never left hanging by ``TurnThread/finish()``.
@Suite struct TurnThreadTests {
    private static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    @Test func aTaskPreferringItRunsOnItsThreadBeforeAndAfterASleep() async throws {
        let turns = TurnThread(name: "turns-under-test")
        #expect(!turns.isCurrent)
        let (before, after, slept) = await withTaskExecutorPreference(turns) {
            let before = turns.isCurrent
            let start = Self.monotonic()
            await turns.sleep(seconds: 0.02)
            return (before, turns.isCurrent, Self.monotonic() - start)
        }
        turns.finish()
        #expect(before && after)
        #expect(await !turns.isCurrent)
        // Never early (how late is the machine's business, not asserted).
        #expect(slept >= 0.02)
    }

    @Test func sleepersWakeInDeadlineOrder() async throws {
        let turns = TurnThread()
        let order = try await Deadline.within(60, "three sleepers") {
            await withTaskGroup(of: Int.self) { group in
                for (index, seconds) in [1.0, 0.0, 0.5].enumerated() {
                    group.addTask(executorPreference: turns) {
                        await turns.sleep(seconds: seconds)
                        return index
                    }
                }
                var order: [Int] = []
                for await index in group { order.append(index) }
                return order
            }
        }
        turns.finish()
        #expect(order == [1, 2, 0])
    }

    @Test func finishingWakesASleeperAndLaterJobsStillRun() async throws {
        let turns = TurnThread()
        let sleeper = Task(executorPreference: turns) { await turns.sleep(seconds: 3600) }
        turns.finish()
        try await Deadline.within(60, "the hour-long sleep to end at finish") { await sleeper.value }
        // After finish a sleep returns at once, and the task goes on (on the thread, or on the
        // global executor once the thread has ended).
        let done = try await Deadline.within(60, "a task after finish") {
            await withTaskExecutorPreference(turns) {
                await turns.sleep(seconds: 3600)
                return true
            }
        }
        #expect(done)
    }
}
