import CanaryCore

/// The dashboard's reducer without a terminal: `canarytop watch --headless` (and `--until`).
///
/// Every turn it brings the feed up to date, reduces a `.tick` (the verdicts are judged and the
/// guard and step plan decide), carries out the writes and journal lines the reducer asks for
/// one after another — awaiting each, so the order is kept and each result is in before the
/// next decision — reduces what came back through the inbox, reports the new events, and stops
/// when the goal is reached, the deadline passes or the probe has finished.
///
/// After a write of its own changes the weights, ticks are held until the feed's epoch moves
/// on (see ``EpochHold``; at most ``epochWait`` seconds).
public final class HeadlessRuntime {
    /// A write the run made, with when it finished (on the feed's timeline).
    public struct Write: Sendable, Equatable {
        public var time: Double
        public var summary: String
        public var succeeded: Bool

        public init(time: Double, summary: String, succeeded: Bool) {
            self.time = time
            self.summary = summary
            self.succeeded = succeeded
        }
    }

    /// How the run ended.
    public struct Outcome: Sendable {
        public var ending: HeadlessEnding
        public var state: DashboardState
        /// The verdicts that decided the run (the first FAIL's, or the all-PASS); otherwise the
        /// latest judged.
        public var verdicts: [CanaryVerdict]
        public var writes: [Write]
        /// A canary FAILed but the guard's rollback was not written before the run ended.
        public var rollbackPending: Bool
    }

    private let feed: any RefreshableFeed
    private let inbox: Inbox
    private let effects: EffectRunner
    private let deadline: Double?
    private let now: @Sendable () -> Double
    private let pause: @Sendable () async -> Void
    private let report: @Sendable (String) -> Void
    private let published: @Sendable (DashboardState) -> Void
    private let recording: WatchRecording?
    /// The longest ticks are held after a write of ours, waiting for the new epoch.
    public let epochWait: Double
    private var state: DashboardState
    private var judge: HeadlessJudge
    private var writes: [Write] = []
    private var eventsSeen = 0
    private var outcomes: [String: String] = [:]
    private var hold: EpochHold

    /// - Parameters:
    ///   - goal: what to wait for; `nil` runs until the probe finishes.
    ///   - deadline: when to give up, on the feed's timeline (`now`).
    ///   - pause: waits between turns (about 50 ms; tests advance a fake clock instead).
    ///   - report: gets each new event's text and each change of a canary's verdict.
    ///   - published: gets the state after every turn (for `/metrics`).
    public init(
        state: DashboardState, feed: any RefreshableFeed, writer: SplitterWriter?, inbox: Inbox, goal: HeadlessGoal?,
        deadline: Double?, epochWait: Double = 1, recording: WatchRecording? = nil, now: @escaping @Sendable () -> Double,
        pause: @escaping @Sendable () async -> Void, report: @escaping @Sendable (String) -> Void,
        published: @escaping @Sendable (DashboardState) -> Void = { _ in }
    ) {
        self.recording = recording
        self.state = state
        self.feed = feed
        self.inbox = inbox
        effects = EffectRunner(feed: feed, writer: writer, inbox: inbox, now: now)
        self.deadline = deadline
        self.epochWait = epochWait
        hold = EpochHold(limit: epochWait)
        self.now = now
        self.pause = pause
        self.report = report
        self.published = published
        let guardWrites = state.setup.rollout.rollsBackOnFail && !state.setup.readOnly && !state.setup.dryRun && writer != nil
        judge = HeadlessJudge(goal: goal, waitsForRollback: guardWrites)
    }

    /// Runs until the goal, the deadline or the end of the probe.
    public func run() async -> Outcome {
        while true {
            let running = await feed.refresh()
            await apply(inbox.drain())
            let t = now()
            let (snapshot, inFlight, sentTimes) = feed.snapshot(at: t)
            // Our write is in, its epoch not yet: judge nothing on the old epoch.
            if !hold.holds(epoch: snapshot.epoch, now: t) {
                await apply([.tick(snapshot, inFlight: inFlight, now: t, sentTimes: sentTimes)])
            }
            published(state)
            if let ending = judge.observe(state) { return outcome(ending) }
            if let deadline, t >= deadline { return outcome(judge.unfinished(.timedOut)) }
            if !running { return outcome(judge.unfinished(.probeEnded)) }
            await pause()
        }
    }

    private func outcome(_ ending: HeadlessEnding) -> Outcome {
        let pending = judge.sawFail && judge.waitsForRollback && state.rollout.finish == nil
        return Outcome(ending: ending, state: state, verdicts: judge.verdicts, writes: writes, rollbackPending: pending)
    }

    /// Reduces `actions` in order, carrying out each one's effects (and reducing what they post
    /// back) before the next.
    private func apply(_ actions: [DashboardAction]) async {
        var queue = actions[...]
        while let next = queue.popFirst() {
            let mark = EpochHold.Mark(state)
            let asked = DashboardReducer.reduce(&state, next)
            recording?.observe(next, state, at: now())
            for effect in asked {
                queue += await carryOut(effect)
            }
            hold.reduced(next, from: mark, to: state, now: now())
            announce()
        }
    }

    /// Carries out one effect and waits for it; returns what was posted back meanwhile, noting
    /// the outcome of a write.
    private func carryOut(_ effect: DashboardEffect) async -> [DashboardAction] {
        effects.start(effect)
        await effects.settle()
        let posted = inbox.drain()
        guard case .write = effect else { return posted }
        let t = now()
        for action in posted {
            switch action {
            case .writeSucceeded(let summary, _): writes.append(Write(time: t, summary: summary, succeeded: true))
            case .writeFailed(let message, _): writes.append(Write(time: t, summary: message, succeeded: false))
            default: break
            }
        }
        return posted
    }

    /// Reports the events added since the last call, and each canary whose verdict became PASS
    /// or FAIL.
    private func announce() {
        for verdict in state.verdicts {
            let name = verdict.outcome.name
            let before = outcomes.updateValue(name, forKey: verdict.canary)
            if before != name, name != "inconclusive" { report("verdict: \(verdict.reason)") }
        }
        for event in state.events.since(eventsSeen) where !event.text.isEmpty { report(event.text) }
        eventsSeen = state.events.appended
    }
}
