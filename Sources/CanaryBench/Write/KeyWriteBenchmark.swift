import CanaryApp
import CanaryCore
import CanaryStore
import Foundation
import Synchronization

/// `canarytop bench write <file> --keys`: keystroke to durable write through the dashboard's
/// real path — the key read from the (in-memory) terminal, ``DashboardRuntime`` reducing it,
/// the ``EffectRunner`` starting the write, ``SplitterWriter`` planning it, ``SplitterEditor``
/// committing it to a ``FileSplitterStore`` (lock, compare, temp file, fsync, rename, directory
/// fsync), journaled beside the file. Each round's time runs from its last key (`Enter` after
/// `↓ →`, or `r`) being read to the store's write returning.
public struct KeyWriteBenchmark: Sendable {
    public var path: String
    public var rounds: Int
    /// Types each round once the one before is over (journaled too), instead of as soon as
    /// its file write returned: then no round waits behind the last one's journal line.
    public var paced: Bool

    public init(path: String, rounds: Int, paced: Bool = false) {
        self.path = path
        self.rounds = rounds
        self.paced = paced
    }

    public struct Report: Sendable {
        /// Key → durable write, seconds, one per round.
        public var latencies: [Double]
        /// Whether each round waited for the one before to be over.
        public var paced = false

        func quantile(_ q: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[Swift.min(sorted.count - 1, Swift.max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
        }

        public var p50: Double { quantile(0.5) }
        public var p99: Double { quantile(0.99) }
        public var max: Double { latencies.max() ?? 0 }

        public var json: JSONValue {
            let ms = { (s: Double) in JSONValue.number(FixedPoint.round(s * 1000, 3)) }
            return .object([("writes", .int(latencies.count)), ("paced", .bool(paced)), ("p50_ms", ms(p50)), ("p99_ms", ms(p99)), ("max_ms", ms(max))])
        }

        public var text: String {
            let ms = { (s: Double) in FixedPoint.format(s * 1000, digits: 2) + " ms" }
            return "\(latencies.count) keystrokes to durable writes (key → reducer → store → fsync'd rename\(paced ? ", paced" : "")): "
                + "p50 \(ms(p50)), p99 \(ms(p99)), max \(ms(max))"
        }
    }

    /// A feed with nothing probed: the rounds measure the write path alone.
    private final class QuietFeed: DashboardFeed {
        let tallies = Mutex(Tallies(subsets: ["blue", "green"], startingAt: 0))
        func snapshot(at now: Double) -> (TallySnapshot, inFlight: Int, sentTimes: [Double]) {
            (tallies.withLock { $0.snapshot(at: now) }, 0, [])
        }
        func setPaused(_ paused: Bool) {}
        func startEpoch(at now: Double) { tallies.withLock { $0.startEpoch(at: now) } }
    }

    public func run() async throws -> Report {
        let store = TimedStore(FileSplitterStore(path: path))
        let inbox = Inbox()
        let feed = QuietFeed()
        let start = CPUTime.monotonic()
        let now: @Sendable () -> Double = { CPUTime.monotonic() - start }
        let editor = SplitterEditor(
            store: store, apply: .file, journal: Journal.beside(path), resolver: nil, stable: nil, operatorName: "bench",
            now: { Timestamp.now() })
        let writer = SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: false, now: now)
        var state = DashboardState(setup: .init(target: "bench write --keys", rate: "-", applyMode: "file"))
        do {
            _ = DashboardReducer.reduce(&state, .splitLoaded(try await writer.load(), external: false))
        } catch {
            throw BenchError("\(path): \(error)")
        }
        let terminal = KeyTerminal(store: store, rounds: rounds, paced: paced)
        let runtime = DashboardRuntime(
            terminal: terminal, state: state, feed: feed, writer: writer, inbox: inbox, themes: [],
            frameMilliseconds: 250, now: now)
        // The runtime blocks its thread while it waits for the last write: a thread of its own.
        let final: DashboardState = await withCheckedContinuation { continuation in
            nonisolated(unsafe) let r = runtime
            Thread { continuation.resume(returning: r.run()) }.start()
        }
        let (sent, failure) = terminal.result
        if let failure { throw BenchError("\(failure); last alert: \(final.alert ?? "none")") }
        let written = store.writes
        guard written.count == sent.count else {
            throw BenchError("\(sent.count) rounds but \(written.count) writes; last alert: \(final.alert ?? "none")")
        }
        return Report(latencies: zip(sent, written).map { $1 - $0 }, paced: paced)
    }
}
