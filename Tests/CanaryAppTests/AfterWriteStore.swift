import CanaryCore
import CanaryStore

/// A store that does `afterWrite` once its inner store has written, before the write returns:
/// for tests that act at that moment (post to the inbox, hold the commit at a gate).
struct AfterWriteStore<Inner: SplitterStore>: SplitterStore {
    let inner: Inner
    let afterWrite: @Sendable () async -> Void

    var label: String { inner.label }
    var origin: EntryOrigin { inner.origin }
    var localPath: String? { inner.localPath }
    func load() async throws -> SplitterSnapshot { try await inner.load() }

    func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        let snapshot = try await inner.write(text, over: base)
        await afterWrite()
        return snapshot
    }

    func cautions(over base: SplitterSnapshot) -> [String] { inner.cautions(over: base) }
}
