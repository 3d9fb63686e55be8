import CanaryCore
import CanaryProbe
import CanaryStore
import Synchronization

/// The dashboard's feed from a recording (`canarytop replay FILE`): the recorded replies and
/// epochs counted by a ``TallyCollector`` as the live run counted them, as the replay's clock
/// (``ReplayPace``) reaches their time; the recorded splitter reads and events posted to the
/// inbox. Nothing is ever written anywhere.
///
/// ``refresh()`` (every 100 ms, from the launcher) reads on to the moment the clock shows — at
/// most ``readsPerRefresh`` records at a time, so at full speed the screen still moves — and
/// carries out a seek asked for. Seeking forward reads on; seeking back starts the tallies again
/// from the file's first record (the seek index keeps only where epochs and verdicts are).
public final class ReplayFeed: RefreshableFeed, ReplayControllable {
    /// The most records read in one refresh.
    public static let readsPerRefresh = 400_000

    public let header: RecordingHeader
    private let inbox: Inbox
    private let wall: @Sendable () -> Double

    private struct State {
        let file: RecordingFile
        var collector: TallyCollector
        var pace: ReplayPace
        var index = ReplaySeekIndex()
        /// The last line whose marks are in the index (reading again after a seek back adds none twice).
        var indexedLine = 0
        /// The recorded moment shown.
        var shown = 0.0
        /// The next record, read but not yet due.
        var lookahead: (RecordingEntry, RecordingReader.Position)?
        var split: RecordedSplit?
        var firstSplit: RecordedSplit?
        var seek: ReplayControl?
        var warned = false
        var problem: String?
    }

    private let state: Mutex<State>

    /// A feed playing `file` at 1× from its start, on the `wall` clock (seconds).
    public init(file: RecordingFile, inbox: Inbox, wall: @escaping @Sendable () -> Double) {
        header = file.header
        self.inbox = inbox
        self.wall = wall
        let end = file.tailTime() ?? 0
        state = Mutex(State(
            file: file, collector: TallyCollector(subsets: file.header.subsets), pace: ReplayPace(end: end, wall: wall())))
    }

    /// The recorded moment the dashboard shows: its `now`.
    public var shown: Double { state.withLock { $0.shown } }

    public func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
        let collector = state.withLock { $0.collector }
        return (collector.totals(at: now).live, 0, [])
    }

    public func setPaused(_ paused: Bool) {
        let now = wall()
        state.withLock { $0.pace.setPaused(paused, at: now, shown: $0.shown) }
    }

    /// Clearing the tallies is refused in a replay (the reducer says so); nothing to do.
    public func startEpoch(at now: Double) {}

    public func control(_ control: ReplayControl) {
        let now = wall()
        state.withLock { s in
            switch control {
            case .speed(let speed): s.pace.setSpeed(speed, at: now, shown: s.shown)
            case .seek: s.seek = control
            }
        }
    }

    public func refresh() async -> Bool {
        let now = wall()
        var actions: [DashboardAction] = []
        let more = state.withLock { s in
            do {
                if case .seek(let kind, let forward)? = s.seek {
                    s.seek = nil
                    try Self.seek(kind, forward: forward, &s, now: now, actions: &actions)
                }
                try Self.advance(to: s.pace.recorded(at: now), limit: Self.readsPerRefresh, &s, actions: &actions)
            } catch {
                if s.problem == nil {
                    s.problem = "\(error)"
                    actions.append(.note("replay stopped: \(error)", .failure))
                }
            }
            if s.file.atEnd, s.lookahead == nil, !s.warned {
                s.warned = true
                s.index.complete = true
                actions.append(.note("end of the recording", .info))
                for warning in s.file.warnings { actions.append(.note(warning, .warning)) }
            }
            return !(s.file.atEnd && s.lookahead == nil)
        }
        for action in actions { inbox.post(action) }
        return more
    }

    /// Reads the records due by `target`, at most `limit`, or up to and including the first
    /// that `stop` picks; returns that one's time.
    @discardableResult
    private static func advance(
        to target: Double, limit: Int, _ s: inout State, actions: inout [DashboardAction],
        stop: ((RecordingEntry) -> Bool)? = nil
    ) throws -> Double? {
        var batch: [TallyCollector.Record] = []
        defer { s.collector.record(batch) }
        var read = 0
        while read < limit {
            guard let (entry, position) = try s.lookahead ?? s.file.nextRecord() else {
                s.shown = max(s.shown, min(target, s.pace.end))
                return nil
            }
            if entry.time > target {
                s.lookahead = (entry, position)
                s.shown = max(s.shown, target)
                return nil
            }
            s.lookahead = nil
            read += 1
            s.shown = max(s.shown, entry.time)
            if position.line > s.indexedLine {
                s.index.add(entry, at: position)
                s.indexedLine = position.line
            }
            switch entry {
            case .reply(let observation, let t):
                batch.append(.reply(observation, at: t))
            case .fault(let fault, let latency, let t):
                batch.append(.fault(fault, latency: latency, at: t))
            case .epoch(_, let t):
                s.collector.record(batch)
                batch.removeAll(keepingCapacity: true)
                s.collector.startEpoch(at: t)
            case .split(let split, _, _):
                if s.firstSplit == nil { s.firstSplit = split }
                s.split = split
                actions.append(.splitLoaded(split.view, external: false))
            case .event(let kind, let text, _):
                actions.append(.note("recorded: " + text, kind))
            case .header, .verdict, .key, .end:
                break
            }
            if let stop, stop(entry) { return entry.time }
        }
        return nil
    }

    private static func seek(
        _ kind: ReplaySeekIndex.Kind, forward: Bool, _ s: inout State, now: Double, actions: inout [DashboardAction]
    ) throws {
        let from = s.shown
        if forward {
            let time: Double?
            if let mark = s.index.next(kind, after: from) {
                try advance(to: mark.time, limit: .max, &s, actions: &actions)
                time = mark.time
            } else {
                time = try advance(to: .infinity, limit: .max, &s, actions: &actions) { entry in
                    switch (kind, entry) {
                    case (.epoch, .epoch(_, let t)), (.verdict, .verdict(_, _, _, let t)): return t > from
                    default: return false
                    }
                }
            }
            guard let time else {
                actions.append(.note("no \(kind == .epoch ? "epoch" : "verdict change") after this in the recording", .warning))
                return
            }
            s.shown = time
            s.pace.seek(to: time, at: now)
        } else {
            guard let mark = s.index.previous(kind, before: from) else {
                actions.append(.note("no \(kind == .epoch ? "epoch" : "verdict change") before this in the recording", .warning))
                return
            }
            try s.file.rewind()
            s.collector = TallyCollector(subsets: s.file.header.subsets)
            s.lookahead = nil
            s.shown = 0
            s.split = nil
            // Read again quietly: what happened before was shown already; only the split in force then is shown.
            var again: [DashboardAction] = []
            try advance(to: mark.time, limit: .max, &s, actions: &again)
            if let split = s.split ?? s.firstSplit { actions.append(.splitLoaded(split.view, external: false)) }
            s.shown = mark.time
            s.pace.seek(to: mark.time, at: now)
        }
    }
}
