import CanaryTesting
import CanaryCore
import CanaryProbe
import CanaryStore
import Synchronization
import Testing
@testable import CanaryApp

/// A probe whose replies are scripted per turn, on a clock that moves only when the loop pauses.
final class ScriptedFeed: RefreshableFeed {
    /// What the probe does on one turn: records replies into the tallies at `now`.
    typealias Turn = @Sendable (_ tallies: inout Tallies, _ now: Double, _ turn: Int) -> Void

    let clock = Mutex(0.0)
    let tallies = Mutex(Tallies(subsets: ["blue", "green"], startingAt: 0))
    private let turns = Mutex(0)
    private let script: Turn
    /// Turns after which the probe has finished (nil: never).
    private let lastTurn: Int?
    /// When false, ``startEpoch(at:)`` is ignored: the script starts epochs, as a follower would.
    private let writerStartsEpochs: Bool

    init(lastTurn: Int? = nil, writerStartsEpochs: Bool = true, script: @escaping Turn) {
        self.lastTurn = lastTurn
        self.writerStartsEpochs = writerStartsEpochs
        self.script = script
    }

    var now: Double { clock.withLock { $0 } }

    /// The loop's pause: time moves on 50 ms.
    func advance() { clock.withLock { $0 += 0.05 } }

    func refresh() async -> Bool {
        let turn = turns.withLock { t -> Int in
            t += 1
            return t
        }
        let t = now
        tallies.withLock { script(&$0, t, turn) }
        return lastTurn.map { turn < $0 } ?? true
    }

    func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        (tallies.withLock { $0.snapshot(at: now) }, 0, [])
    }

    func setPaused(_ paused: Bool) {}

    func startEpoch(at now: Double) {
        guard writerStartsEpochs else { return }
        tallies.withLock { $0.startEpoch(at: now) }
    }
}

@Suite(.sharedMachine) struct HeadlessRuntimeTests {
    static func splitter(blue: Int, green: Int) -> String {
        """
        kind = "service-splitter"
        name = "payments"
        splits = [
          { weight = \(blue), service_subset = "blue" },
          { weight = \(green), service_subset = "green" },
        ]
        """
    }

    static func reply(_ subset: String, status: Int = 200, latency: Double = 0.02) -> Observation {
        Observation(subset: subset, status: status, body: .trace, latency: latency)
    }

    /// Every turn: `perTurn` replies of each subset, green failing when `greenFails`.
    static func steady(perTurn: Int, greenFails: Bool = false) -> ScriptedFeed.Turn {
        { tallies, now, _ in
            for i in 0..<perTurn {
                tallies.record(reply("blue", latency: 0.02 + Double(i % 5) * 0.001), at: now)
                tallies.record(reply("green", status: greenFails ? 500 : 200, latency: 0.02 + Double(i % 5) * 0.001), at: now)
            }
        }
    }

    struct Run {
        var outcome: HeadlessRuntime.Outcome
        var store: MemorySplitterStore
        var lines: [String]
    }

    private func run(
        feed: ScriptedFeed, store: MemorySplitterStore, goal: HeadlessGoal?, deadline: Double? = 5,
        rollout: RolloutPolicy = RolloutPolicy(guardEnabled: true, countdown: 0), dryRun: Bool = false,
        epochWait: Double = 1, published: @escaping @Sendable (DashboardState) -> Void = { _ in }
    ) async throws -> Run {
        let inbox = Inbox()
        let editor = SplitterEditor(store: store, apply: .file, journal: nil, resolver: nil, stable: "blue",
                                    operatorName: "test", now: { "t" })
        let writer = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: dryRun, now: { feed.now })
        var state = DashboardState(setup: .init(target: "http://t/", rate: "20/s", applyMode: "file", dryRun: dryRun, rollout: rollout))
        _ = DashboardReducer.reduce(&state, .splitLoaded(try await writer.load(), external: false))
        let lines = Mutex<[String]>([])
        let runtime = HeadlessRuntime(
            state: state, feed: feed, writer: writer, inbox: inbox, goal: goal, deadline: deadline, epochWait: epochWait,
            now: { feed.now }, pause: { feed.advance() }, report: { line in lines.withLock { $0.append(line) } },
            published: published)
        let outcome = await runtime.run()
        return Run(outcome: outcome, store: store, lines: lines.withLock { $0 })
    }

    @Test func aFailingCanaryIsRolledBackAtOnceAndTheVerdictRunExitsTwoAfterTheWrite() async throws {
        let feed = ScriptedFeed(script: Self.steady(perTurn: 10, greenFails: true))
        let r = try await run(feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict)
        #expect(r.outcome.ending == .fail)
        #expect(r.outcome.ending.exitCode == 2)
        #expect(r.store.writes.count == 1)
        #expect(r.store.writes.first?.contains("weight = 100, service_subset = \"blue\"") == true)
        #expect(r.store.writes.first?.contains("weight = 0, service_subset = \"green\"") == true)
        if case .rolledBack(let reason)? = r.outcome.state.rollout.finish {
            #expect(reason.contains("green FAIL vs blue: 5xx"))
        } else {
            Issue.record("the rollout did not finish as rolled back: \(String(describing: r.outcome.state.rollout.finish))")
        }
        #expect(r.outcome.rollbackPending == false)
        // The verdicts kept are the failing ones, not the new epoch's (where green has nothing).
        let failing = try #require(r.outcome.verdicts.first)
        #expect(failing.canary == "green" && failing.outcome == .fail)
        #expect(r.outcome.writes.count == 1 && r.outcome.writes[0].succeeded)
        // Countdown 0: the rollback is written on the turn that first judged FAIL.
        let failTurn = try #require(r.lines.firstIndex { $0.hasPrefix("verdict: green FAIL") })
        let guardTurn = try #require(r.lines.firstIndex { $0.hasPrefix("guard: green FAIL: rolling back:") })
        #expect(failTurn < guardTurn)
        #expect(r.lines.contains { $0.contains("blue 50→100, green 50→0") })
    }

    @Test func withoutTheGuardAFailEndsTheRunWithoutWriting() async throws {
        let feed = ScriptedFeed(script: Self.steady(perTurn: 10, greenFails: true))
        let r = try await run(
            feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict, rollout: RolloutPolicy())
        #expect(r.outcome.ending == .fail)
        #expect(r.store.writes.isEmpty)
        #expect(r.outcome.state.rollout.finish == nil)
    }

    /// `/metrics` shows what the loop judged: the state goes to ``WatchMetrics`` after every turn.
    @Test func everyTurnPublishesTheVerdictsAndTheServiceForMetrics() async throws {
        let metrics = WatchMetrics(
            collector: TallyCollector(subsets: ["blue", "green"]), clock: ProbeClock(), service: "", bounds: [0.1],
            weights: { nil })
        let feed = ScriptedFeed(script: Self.steady(perTurn: 10, greenFails: true))
        let r = try await run(
            feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict, rollout: RolloutPolicy(),
            published: metrics.publish)
        #expect(r.outcome.ending == .fail)
        let sample = metrics.sample()
        #expect(sample.service == "payments")
        #expect(sample.verdicts == [MetricsSample.Verdict(subset: "green", outcome: .fail)])
        #expect(MetricsExposition.render(sample, format: .text).contains("canarytop_verdict{service=\"payments\",subset=\"green\"} 2\n"))
    }

    @Test func aDryRunFailDoesNotWaitForARollbackThatCannotHappen() async throws {
        let feed = ScriptedFeed(script: Self.steady(perTurn: 10, greenFails: true))
        let r = try await run(
            feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict, dryRun: true)
        #expect(r.outcome.ending == .fail)
        #expect(r.store.writes.isEmpty)
        #expect(r.lines.contains { $0.contains("dry run: would write rollback") })
    }

    @Test func enoughHealthyRequestsPass() async throws {
        // One big turn: both subsets identical, far more requests than a 1pp rise needs.
        let feed = ScriptedFeed(script: { tallies, now, turn in
            guard turn == 1 else { return }
            Self.steady(perTurn: 5000)(&tallies, now, turn)
        })
        let r = try await run(feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict)
        #expect(r.outcome.ending == .pass)
        #expect(r.outcome.ending.exitCode == 0)
        #expect(r.outcome.verdicts.map(\.outcome) == [.pass])
        #expect(r.store.writes.isEmpty)
        #expect(r.lines.contains { $0.hasPrefix("verdict: green PASS vs blue") })
    }

    @Test func tooFewRequestsTimeOutAsInconclusive() async throws {
        let feed = ScriptedFeed(script: Self.steady(perTurn: 1))
        let r = try await run(feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict, deadline: 1)
        #expect(r.outcome.ending == .timedOut)
        #expect(r.outcome.ending.exitCode == 3)
        #expect(feed.now >= 1 && feed.now < 1.1)
        guard case .inconclusive(let more?) = try #require(r.outcome.verdicts.first).outcome else {
            Issue.record("expected an inconclusive verdict with a number")
            return
        }
        #expect(more > 0)
    }

    @Test func theProbeEndingFirstIsInconclusiveButWithoutAGoalItIsTheNormalEnd() async throws {
        let feed = ScriptedFeed(lastTurn: 3, script: Self.steady(perTurn: 1))
        let r = try await run(feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: .verdict)
        #expect(r.outcome.ending == .probeEnded)
        #expect(r.outcome.ending.exitCode == 3)
        let plain = try await run(
            feed: ScriptedFeed(lastTurn: 3, script: Self.steady(perTurn: 1)),
            store: MemorySplitterStore(text: Self.splitter(blue: 50, green: 50)), goal: nil)
        #expect(plain.outcome.ending == .probeEnded)
        #expect(plain.outcome.state.snapshot?.sinceEpoch.subset("green")?.requests == 3)
    }

    @Test func theStepPlanWalksToPromoted() async throws {
        let feed = ScriptedFeed(script: Self.steady(perTurn: 2))
        let policy = RolloutPolicy(steps: [Weight(percent: 10), Weight(percent: 50), .full], stepEvery: 0.2, advanceOnInconclusive: true)
        let r = try await run(
            feed: feed, store: MemorySplitterStore(text: Self.splitter(blue: 100, green: 0)), goal: .promoted, rollout: policy)
        #expect(r.outcome.ending == .promoted)
        #expect(r.store.writes.count == 3)
        #expect(r.store.writes.last?.contains("weight = 100, service_subset = \"green\"") == true)
        #expect(r.store.writes.first?.contains("weight = 10, service_subset = \"green\"") == true)
        let times = r.outcome.writes.map(\.time)
        for (a, b) in zip(times, times.dropFirst()) { #expect(b - a >= 0.2) }
    }

    @Test func afterItsOwnWriteTheLoopWaitsForTheNewEpochBeforeTheNextStep() async throws {
        // The writer does not start epochs; a follower does, 0.3 s after it notices a write.
        let store = MemorySplitterStore(text: Self.splitter(blue: 100, green: 0))
        let follower = Mutex<(seen: Int, since: Double?)>((0, nil))
        let feed = ScriptedFeed(writerStartsEpochs: false, script: { tallies, now, turn in
            let writes = store.writes.count
            let due = follower.withLock { f -> Bool in
                if writes > f.seen {
                    f.seen = writes
                    f.since = now
                }
                guard let since = f.since, now >= since + 0.3 - 1e-9 else { return false }
                f.since = nil
                return true
            }
            if due { tallies.startEpoch(at: now) }
            Self.steady(perTurn: 2)(&tallies, now, turn)
        })
        let policy = RolloutPolicy(steps: [Weight(percent: 10), Weight(percent: 50)], stepEvery: 0.2, advanceOnInconclusive: true)
        let r = try await run(feed: feed, store: store, goal: .promoted, deadline: 4, rollout: policy)
        #expect(r.outcome.ending == .promoted)
        let times = r.outcome.writes.map(\.time)
        try #require(times.count == 2)
        // Held until the 10 % epoch began (0.35 s after the write), then a whole step: without
        // the hold the old epoch's age would let the plan advance on the very next turn.
        #expect(times[1] - times[0] >= 0.55 - 1e-9)
        #expect(r.outcome.state.snapshot?.epoch == 3)
    }

    @Test func aRollbackThatCannotBeWrittenStillFailsAndSaysSo() async throws {
        let store = MemorySplitterStore(text: Self.splitter(blue: 50, green: 50))
        store.failNextWrite(with: .refused("disk full"))
        let feed = ScriptedFeed(script: Self.steady(perTurn: 10, greenFails: true))
        // The controller retries a second later; the deadline comes first.
        let r = try await run(feed: feed, store: store, goal: .verdict, deadline: 0.5)
        #expect(r.outcome.ending == .fail)
        #expect(r.outcome.rollbackPending)
        #expect(r.store.writes.isEmpty)
        #expect(r.outcome.writes.first?.succeeded == false)
    }
}
