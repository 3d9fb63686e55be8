import CanaryCore
import Foundation

/// The splitter a watch reads and steers, followed as it changes: a file or a live Consul entry.
///
/// A file is checked (its inode, size and modification time) whenever inotify says its
/// directory changed under its name, and every ``changeBackstop`` all the same — every
/// ``pollInterval`` where inotify is not to be had; a Consul entry is followed with blocking queries. Each time the weights differ from the last ones
/// seen, ``Event/weights(_:)`` is delivered — whoever changed them, this canarytop or anyone
/// else. A file caught half-written (it does not parse) is reported as
/// ``Event/unreadable(_:)`` once and otherwise ignored: the last good weights stay in force.
public struct SplitterSource: Sendable {
    /// Where the splitter lives.
    public enum Origin: Sendable {
        case file(path: String)
        case consul(ConsulSplitterStore)
    }

    /// What the source reports.
    public enum Event: Sendable, Equatable {
        /// The weights now configured.
        case weights(ConfiguredWeights)
        /// The splitter could not be read or parsed; the previous weights still apply.
        case unreadable(String)
    }

    public let origin: Origin
    /// The resolver that names the default subset, when known.
    public let resolver: ResolverEntry?
    /// How often a file is checked when the system cannot say that it changed (no inotify).
    public var pollInterval: Duration = .milliseconds(100)
    /// How often a file is checked anyway while inotify reports no change to it.
    public var changeBackstop: Duration = .seconds(2)

    public init(origin: Origin, resolver: ResolverEntry?) {
        self.origin = origin
        self.resolver = resolver
    }

    /// Reads the splitter once: the weights it configures now.
    public func load() async throws -> ConfiguredWeights {
        switch origin {
        case .file(let path):
            return try weights(of: try FileSplitterStore(path: path).loadSync().text, label: path, origin: .file)
        case .consul(let store):
            return try weights(of: try await store.load().text, label: store.label, origin: .apiReply)
        }
    }

    /// Follows the splitter until the task is cancelled, starting from `initial`, and calls
    /// `onEvent` for every change of weights and every unreadable state.
    public func follow(from initial: ConfiguredWeights, onEvent: @escaping @Sendable (Event) -> Void) async {
        switch origin {
        case .file(let path): await followFile(path, from: initial, onEvent: onEvent)
        case .consul(let store): await followConsul(store, from: initial, onEvent: onEvent)
        }
    }

    private func followFile(_ path: String, from initial: ConfiguredWeights, onEvent: @Sendable (Event) -> Void) async {
        var current = initial
        // Unknown at first: the file may have changed (or gone) between `load()` and now. Not
        // `FileStamp()`: that is also the stamp of a missing file, so a splitter deleted before
        // the first poll was never reported.
        var stamp: FileStamp?
        var lastProblem: String?
        func check() {
            let now = FileStamp(path)
            guard now != stamp else { return }
            stamp = now
            do {
                let text = try FileSplitterStore(path: path).loadSync().text
                let weights = try weights(of: text, label: path, origin: .file)
                lastProblem = nil
                if weights != current {
                    current = weights
                    onEvent(.weights(weights))
                }
            } catch {
                let problem = "\(error)"
                if problem != lastProblem { onEvent(.unreadable(problem)) }
                lastProblem = problem
            }
        }
        // Told of changes, the follower sleeps until one comes (a look every ``changeBackstop``
        // all the same); without inotify it looks every ``pollInterval``.
        if let changes = FileChanges(path: path, backstop: max(pollInterval, changeBackstop)) {
            defer { changes.cancel() }
            check()
            for await _ in changes.checks {
                if Task.isCancelled { return }
                check()
            }
            return
        }
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            check()
        }
    }

    private func followConsul(
        _ store: ConsulSplitterStore, from initial: ConfiguredWeights, onEvent: @Sendable (Event) -> Void
    ) async {
        var current = initial
        var base: SplitterSnapshot?
        while !Task.isCancelled {
            do {
                let snapshot: SplitterSnapshot
                if let base {
                    snapshot = try await store.watch(after: base)
                } else {
                    snapshot = try await store.load()
                }
                base = snapshot
                let weights = try weights(of: snapshot.text, label: store.label, origin: .apiReply)
                if weights != current {
                    current = weights
                    onEvent(.weights(weights))
                }
            } catch {
                if Task.isCancelled { return }
                onEvent(.unreadable("\(error)"))
                base = nil
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func weights(of text: String, label: String, origin: EntryOrigin) throws -> ConfiguredWeights {
        let document = try ConfigFile.splitter(text, label: label, origin: origin)
        return ConfiguredWeights(entry: document.entry, resolver: resolver)
    }
}

/// A splitter's weights under the names a person sees (see ``SplitNames``), in split order.
public struct ConfiguredWeights: Sendable, Equatable {
    /// Display names, one per split (`blue`, `green`, `(default)`).
    public var names: [String]
    public var weights: [Weight]

    public init(names: [String], weights: [Weight]) {
        self.names = names
        self.weights = weights
    }

    /// The weights of `entry`, named with the resolver's default subset when known.
    public init(entry: SplitterEntry, resolver: ResolverEntry?) {
        self.init(names: SplitNames(entry: entry, resolver: resolver).names, weights: entry.weights)
    }

    /// The configured weight of the split named `name`, in percent (`50.0`).
    public func percent(of name: String) -> Double? {
        names.firstIndex(of: name).map { Double(weights[$0].hundredths) / 100 }
    }
}

/// What identifies one version of a file cheaply: inode, size and modification time.
struct FileStamp: Equatable {
    var inode: UInt64 = 0
    var size: Int64 = -1
    var seconds: Int = 0
    var nanoseconds: Int = 0

    /// The stamp of a path with no file (all zero, size -1).
    init() {}

    init(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
