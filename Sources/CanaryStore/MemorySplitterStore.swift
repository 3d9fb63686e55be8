import CanaryCore
import Synchronization

/// An in-memory ``SplitterStore`` for tests and previews: versions are counters, conflicts are
/// real. It holds a config file's text (origin `.file`) that is on no disk.
public final class MemorySplitterStore: SplitterStore {
    private let state: Mutex<(text: String, version: UInt64, writes: [String], failNext: StoreError?)>
    public let label: String
    public var origin: EntryOrigin { .file }
    public var localPath: String? { nil }

    public init(text: String, label: String = "memory") {
        self.label = label
        self.state = Mutex((text, 1, [], nil))
    }

    public func load() async throws -> SplitterSnapshot {
        state.withLock { SplitterSnapshot(text: $0.text, version: .modifyIndex($0.version)) }
    }

    public func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        try state.withLock { s in
            if let failure = s.failNext {
                s.failNext = nil
                throw failure
            }
            guard base.version == .modifyIndex(s.version) else {
                throw StoreError.conflict("\(label) changed since it was read; nothing written — reload and retry")
            }
            s.text = text
            s.version += 1
            s.writes.append(text)
            return SplitterSnapshot(text: text, version: .modifyIndex(s.version))
        }
    }

    /// Simulates someone else editing the config.
    public func editExternally(_ text: String) {
        state.withLock { s in
            s.text = text
            s.version += 1
        }
    }

    /// Makes the next write fail with `error`.
    public func failNextWrite(with error: StoreError) {
        state.withLock { $0.failNext = error }
    }

    /// Every text written through this store, in order.
    public var writes: [String] { state.withLock { $0.writes } }
}
