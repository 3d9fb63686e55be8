import CanaryCore
import CanaryStore
import Synchronization

/// A splitter store that notes when each write returns — for a file, once the new text is
/// fsync'd and renamed into place and the directory fsync'd — around the real one.
final class TimedStore: SplitterStore {
    private let inner: any SplitterStore
    private let finished = Mutex<[Double]>([])

    init(_ inner: any SplitterStore) {
        self.inner = inner
    }

    /// When each write so far returned (``CPUTime/monotonic()``), in order.
    var writes: [Double] { finished.withLock { $0 } }

    var label: String { inner.label }
    var origin: EntryOrigin { inner.origin }
    var localPath: String? { inner.localPath }

    func load() async throws -> SplitterSnapshot { try await inner.load() }

    func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        let written = try await inner.write(text, over: base)
        let now = CPUTime.monotonic()
        finished.withLock { $0.append(now) }
        return written
    }

    func cautions(over base: SplitterSnapshot) -> [String] { inner.cautions(over: base) }
}
