import CanaryCore

/// Where a splitter config lives: a file, or a live Consul config entry.
///
/// A store hands out snapshots and writes only on top of the snapshot it was given
/// (compare-and-swap): if the config changed in between, the write is refused with
/// ``StoreError/conflict(_:)`` and nothing is overwritten. What a store is — a file the user
/// edits, or Consul itself — is told by its ``origin`` and ``localPath``, never by its type.
public protocol SplitterStore: Sendable {
    /// Where this store reads and writes, for messages and the journal (`payments_splitter.hcl`,
    /// `consul http://127.0.0.1:8500 service-splitter/payments`).
    var label: String { get }
    /// How its text is read and rewritten: `.file` — a config file someone `consul config
    /// write`s (unknown keys are errors, the rewrite keeps every other byte) — or `.apiReply`:
    /// the store is Consul itself (its JSON reply is read leniently, a change is sent as the
    /// entry's JSON, and `--apply api` has nothing more to write).
    var origin: EntryOrigin { get }
    /// The file on disk, for `--apply command`'s `{file}`; nil when the splitter is not a file.
    var localPath: String? { get }
    /// Reads the current config.
    func load() async throws -> SplitterSnapshot
    /// Replaces the config with `text`, only if it is still exactly `base`. Returns the new snapshot.
    func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot
    /// What the operator should know before the first write over `base` (another owner that
    /// would revert it, say); none by default.
    func cautions(over base: SplitterSnapshot) -> [String]
}

extension SplitterStore {
    public func cautions(over base: SplitterSnapshot) -> [String] { [] }
}

/// One read of a splitter config: its text and the version a write must be based on.
public struct SplitterSnapshot: Sendable, Equatable {
    /// The config's text as stored (a file's bytes decoded as UTF-8; Consul's JSON reply).
    public var text: String
    /// The version: a file's SHA-256, or Consul's `ModifyIndex`.
    public var version: SplitterVersion

    public init(text: String, version: SplitterVersion) {
        self.text = text
        self.version = version
    }
}

/// What a write must match: a content hash (files), a `ModifyIndex` (Consul) or a `resourceVersion` (Kubernetes).
public enum SplitterVersion: Sendable, Equatable, Hashable, CustomStringConvertible {
    case contentHash(String)
    case modifyIndex(UInt64)
    /// A Kubernetes object's `metadata.resourceVersion`.
    case resourceVersion(String)

    public var description: String {
        switch self {
        case .contentHash(let hex): return "sha256:\(hex)"
        case .modifyIndex(let index): return "ModifyIndex \(index)"
        case .resourceVersion(let version): return "resourceVersion \(version)"
        }
    }
}
