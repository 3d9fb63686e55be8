import CanaryCore
import CanaryStore
import Synchronization

/// A splitter store that notes when each write returns — for a file, once the new text is
/// fsync'd and renamed into place and the directory fsync'd — around the real one.
final class TimedStore: SplitterStore {
    private let inner: any SplitterStore
    private let finished = Mutex<[Double]>([])
    /// How many writes have been followed by a load: the writer reads the splitter back once a
    /// write is journaled, so the n-th write's work is over when this reaches n.
    private let settledWrites = Mutex(0)

    init(_ inner: any SplitterStore) {
        self.inner = inner
    }

    /// When each write so far returned (``CPUTime/monotonic()``), in order.
    var writes: [Double] { finished.withLock { $0 } }

    var label: String { inner.label }
    var origin: EntryOrigin { inner.origin }
    var localPath: String? { inner.localPath }

    /// Writes whose work (journal line included) is over: see ``settledWrites``.
    var settled: Int { settledWrites.withLock { $0 } }

    func load() async throws -> SplitterSnapshot {
        let writesBefore = writes.count
        let snapshot = try await inner.load()
        settledWrites.withLock { $0 = Swift.max($0, writesBefore) }
        return snapshot
    }

    func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        let written = try await inner.write(text, over: base)
        let now = CPUTime.monotonic()
        finished.withLock { $0.append(now) }
        return written
    }

    func cautions(over base: SplitterSnapshot) -> [String] { inner.cautions(over: base) }
}
