import CanaryCore
import CanaryProbe
import CanaryStore
import Synchronization

/// `watch --record FILE`: what the watch observed, on its way to the file. The tallies' batches
/// and epochs arrive as the collector counts them (``TallyObserver``, on the probe's event
/// loops: only queued), the reducer's actions after each is reduced (keys, splits, verdicts,
/// events, through ``SessionRecorder``), and a headless run's end.
///
/// Made before the collector it observes; the file is created by ``open(path:header:)`` once the
/// watch knows its settings, before the probe starts.
public final class WatchRecording: TallyObserver {
    private let writer = Mutex<RecordingWriter?>(nil)
    private let session = Mutex(SessionRecorder())

    public init() {}

    /// Creates the recording at `path` with `header` as its first line.
    public func open(path: String, header: RecordingHeader) throws {
        do {
            let opened = try RecordingWriter(path: path, header: header)
            writer.withLock { $0 = opened }
        } catch {
            throw RunError("--record: \(error)")
        }
    }

    public func counted(_ batch: [TallyCollector.Record]) {
        guard let writer = writer.withLock({ $0 }) else { return }
        writer.append(batch.map { record in
            switch record {
            case .reply(let observation, let t): return .reply(observation, at: t)
            case .fault(let fault, let latency, let t): return .fault(fault, latency: latency, at: t)
            }
        })
    }

    public func epochStarted(_ number: Int, at t: Double) {
        writer.withLock { $0 }?.append(.epoch(number: number, at: t))
    }

    /// Records what reducing `action` did, leaving `state`, at `t`.
    func observe(_ action: DashboardAction, _ state: DashboardState, at t: Double) {
        guard let writer = writer.withLock({ $0 }) else { return }
        let entries = session.withLock { $0.observe(action, state, at: t) }
        writer.append(entries)
    }

    /// Records how a headless run ended.
    func end(_ end: RecordingEnd) {
        writer.withLock { $0 }?.append(.end(end))
    }

    /// Writes what is queued and closes the file; returns why the recording stopped early, if it did.
    @discardableResult
    public func close() -> String? {
        let closing = writer.withLock { w -> RecordingWriter? in
            defer { w = nil }
            return w
        }
        return closing?.close()
    }
}
