import CanaryCore
import Synchronization

/// The tallies of a watch, shared by every lane: the live table with epochs and a rolling
/// window, plus the closed epochs, so the whole run can be reported as well as the current epoch.
///
/// Lanes hand over their replies in batches (see ``ReplyRecorder``), so the lock is taken once
/// per batch, not once per reply.
public final class TallyCollector: Sendable {
    /// One reply or probe fault waiting to be counted.
    public enum Record: Sendable {
        /// A reply, attributed, completed at time `at`.
        case reply(Observation, at: Double)
        /// A probe that got no reply, failing after `latency` seconds, at time `at`.
        case fault(ProbeFault, latency: Double, at: Double)
    }

    /// Everything counted, at one moment.
    public struct Totals: Sendable {
        /// The live table: the current epoch and the rolling window.
        public var live: TallySnapshot
        /// The whole run: every epoch added together.
        public var run: TallySnapshot.View
    }

    private struct State: Sendable {
        var tallies: Tallies
        /// Every closed epoch, added together; `nil` before the first epoch closes.
        var closed: TallySnapshot.View?
        /// Replies sent before the current epoch began that completed after it: they belong to
        /// the old weights, so they count in the run's totals but not in the live epoch. Also a
        /// reply that completed before the change but reached the collector after it (a lane's
        /// batch in transit): its epoch is closed, so it counts here.
        var stragglers: Tallies?
        /// When the run began: the stragglers' tallies start there, so none is too early to count.
        let runStart: Double
    }

    private let state: Mutex<State>
    private let observer: (any TallyObserver)?

    /// Tallies with zero-count rows for `subsets`, starting at `start`; `observer` (a recording)
    /// is told of every batch and epoch in the order they are counted.
    public init(subsets: [String], window: Double = 10, startingAt start: Double = 0, observer: (any TallyObserver)? = nil) {
        state = Mutex(State(tallies: Tallies(subsets: subsets, window: window, startingAt: start), closed: nil, stragglers: nil, runStart: start))
        self.observer = observer
    }

    /// Counts a batch in order.
    public func record(_ batch: [Record]) {
        guard !batch.isEmpty else { return }
        state.withLock { s in
            observer?.counted(batch)
            for record in batch {
                switch record {
                case .reply(let observation, let t):
                    let sent = t - observation.latency
                    if s.closed != nil, sent < s.tallies.epochStart {
                        s.stragglers?.record(observation, at: t)
                        s.tallies.record(observation, at: t, sentAt: sent)   // the window only
                    } else {
                        s.tallies.record(observation, at: t)
                    }
                case .fault(let fault, let latency, let t):
                    let sent = t - latency
                    if s.closed != nil, sent < s.tallies.epochStart {
                        s.stragglers?.recordProbeFault(fault, latency: latency, at: t)
                        s.tallies.recordProbeFault(fault, latency: latency, at: t, sentAt: sent)
                    } else {
                        s.tallies.recordProbeFault(fault, latency: latency, at: t)
                    }
                }
            }
        }
    }

    /// Closes the current epoch at `t` (its counts stay in the run's totals) and starts the next.
    public func startEpoch(at t: Double) {
        state.withLock { s in
            let finished = s.tallies.sinceEpochView(at: t)
            s.closed = s.closed.map { $0.merged(with: finished) } ?? finished
            if s.stragglers == nil {
                s.stragglers = Tallies(subsets: s.tallies.subsetNames, window: s.tallies.windowLength, startingAt: min(s.runStart, t))
            }
            s.tallies.startEpoch(at: t)
            observer?.epochStarted(s.tallies.epoch, at: t)
        }
    }

    /// The current epoch's number.
    public var epoch: Int { state.withLock { $0.tallies.epoch } }

    /// Everything counted, as of time `t`.
    public func totals(at t: Double) -> Totals {
        let (live, closed, late) = state.withLock { s in (s.tallies.snapshot(at: t), s.closed, s.stragglers?.sinceEpochView(at: t)) }
        var run = closed.map { $0.merged(with: live.sinceEpoch) } ?? live.sinceEpoch
        if var late, late.replies + late.probeFaults.count > 0 {
            late.seconds = 0   // their time is already in the epochs they were sent in
            run = run.merged(with: late)
        }
        return Totals(live: live, run: run)
    }
}

/// Told of what a ``TallyCollector`` counts, in its order, while it holds its lock: so a
/// recording that replays the same calls rebuilds the same tallies. Must return at once (queue
/// the work; never write a file here).
public protocol TallyObserver: Sendable {
    /// `batch` is being counted.
    func counted(_ batch: [TallyCollector.Record])
    /// Epoch `number` began at `t`.
    func epochStarted(_ number: Int, at t: Double)
}
