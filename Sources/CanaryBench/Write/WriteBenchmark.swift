import CanaryCore
import CanaryStore

/// `canarytop bench write <file>`: the full safe-write path, again and again.
///
/// Each round reads the splitter, plans a rollback or a promote (alternating), rewrites the
/// text, and writes it atomically over the snapshot (lock, compare, temp file, fsync, rename,
/// directory fsync). It measures writes per second — and it is the writer the crash tests kill
/// with SIGKILL, SIGTERM and SIGINT at random moments.
public struct WriteBenchmark: Sendable {
    public var path: String
    public var rounds: Int
    /// The subset promote sends everything to (default: the last split).
    public var canary: String?

    public init(path: String, rounds: Int, canary: String?) {
        self.path = path
        self.rounds = rounds
        self.canary = canary
    }

    /// What it did.
    public struct Report: Sendable {
        public var written: Int
        public var seconds: Double
        public var perSecond: Double { seconds > 0 ? Double(written) / seconds : 0 }

        public var json: JSONValue {
            .object([("writes", .int(written)), ("seconds", .number(seconds)), ("writes_per_second", .number(perSecond))])
        }

        public var text: String {
            "\(written) atomic writes in \(FixedPoint.format(seconds, digits: 3)) s: \(FixedPoint.format(perSecond, digits: 1)) writes/s"
        }
    }

    public func run() async throws -> Report {
        let editor = SplitterEditor(
            store: FileSplitterStore(path: path), apply: .file, journal: nil, resolver: nil, stable: nil,
            operatorName: "bench", now: { "" })
        let clock = ContinuousClock()
        let start = clock.now
        var written = 0
        do {
            for round in 0..<rounds {
                let (snapshot, document) = try await editor.load()
                let canaryName = canary ?? SplitNames(entry: document.entry).names.last ?? ""
                let operation: WeightEdit = round % 2 == 0 ? .promote(canaryName) : .rollback
                let plan = try editor.plan(operation, on: snapshot, document: document, reason: nil)
                if plan.change.isNoChange { continue }
                _ = try await editor.commit(plan)
                written += 1
            }
        } catch {
            throw BenchError("\(error)")
        }
        return Report(written: written, seconds: (clock.now - start) / .seconds(1))
    }
}
