import CanaryCore
import CanaryStore

/// Carries out the dashboard's write effects one after another, through ``SplitterEditor``,
/// and posts the outcome back; on success the feed starts a new epoch.
public actor SplitterWriter {
    private let editor: SplitterEditor
    private let inbox: Inbox
    private let feed: any DashboardFeed
    private let dryRun: Bool
    private let now: @Sendable () -> Double
    /// Whether a successful write starts the new epoch itself (off when a splitter watcher
    /// starts epochs for every change, ours included).
    private let startsEpochs: Bool
    /// The weights of our last successful write, to tell our own changes from outside ones.
    public private(set) var lastWritten: [Weight]?
    /// The weights of the write under way: set before the store is written, so a follower whose
    /// read of the new text lands while the commit is still journaling (the actor is free during
    /// that await) knows the change for ours.
    private var writing: [Weight]?
    /// The snapshot the screen shows: edits other than rollback are planned on it, so a change
    /// made underneath (by a person, another canarytop) makes the write fail as a conflict
    /// instead of being silently overwritten.
    private var base: (SplitterSnapshot, SplitterDocument)?
    /// Whether the store's cautions (another owner of the resource) have been shown.
    private var cautioned = false

    public init(
        editor: SplitterEditor, inbox: Inbox, feed: any DashboardFeed, dryRun: Bool, startsEpochs: Bool = true,
        now: @escaping @Sendable () -> Double
    ) {
        self.startsEpochs = startsEpochs
        self.editor = editor
        self.inbox = inbox
        self.feed = feed
        self.dryRun = dryRun
        self.now = now
    }

    /// Reads the splitter for the screen.
    public func load() async throws -> SplitView {
        let (snapshot, document) = try await editor.load()
        base = (snapshot, document)
        return Self.view(of: document.entry, resolver: editor.resolver, stable: editor.stable, version: snapshot.version.description)
    }

    /// Performs one operation; never throws: failures become actions.
    public func perform(_ operation: WeightEdit, reason: String) async {
        do {
            let plan: ChangePlan
            if let base, operation != .rollback {
                plan = try editor.plan(operation, on: base.0, document: base.1, reason: reason)
            } else {
                // A rollback is always planned on what is there now: it must never be blocked.
                plan = try await editor.plan(operation, reason: reason)
            }
            if dryRun {
                inbox.post(.note("dry run: would write \(operation): \(plan.change.summary); nothing written", .warning))
                inbox.post(.writeSucceeded(summary: "dry run: \(plan.change.summary)", split: try await load()))
                return
            }
            if plan.change.isNoChange {
                inbox.post(.writeSucceeded(summary: "\(operation): already so; nothing written", split: try await load()))
                return
            }
            if let note = plan.wasInvalidNote { inbox.post(.note("\(operation): \(note)", .warning)) }
            if !cautioned {
                for caution in plan.cautions { inbox.post(.note("warning: \(editor.store.label): \(caution)", .warning)) }
                cautioned = true
            }
            writing = plan.change.after
            let result: ChangeResult
            do {
                result = try await editor.commit(plan)
            } catch {
                writing = nil
                throw error
            }
            lastWritten = plan.change.after
            writing = nil
            if let failure = result.journalFailure { inbox.post(.note("\(operation): written, but not journaled: \(failure)", .failure)) }
            if startsEpochs { feed.startEpoch(at: now()) }
            _ = try? await load()
            let split = Self.view(of: plan.newEntry, resolver: editor.resolver, stable: editor.stable, version: result.written.version.description)
            inbox.post(.writeSucceeded(summary: "\(operation): \(plan.change.summary) (\(editor.apply.name))", split: split))
        } catch let error as StoreError {
            if case .conflict = error, let split = try? await load() {
                // Show what is there now; the staged change stays for a retry.
                inbox.post(.splitLoaded(split, external: false))
                inbox.post(.writeFailed(message: "\(error)", conflict: true))
            } else {
                inbox.post(.writeFailed(message: "\(error)", conflict: false))
            }
        } catch {
            inbox.post(.writeFailed(message: "\(error)", conflict: false))
        }
    }

    /// Whether `weights` are ours: the last write's, or the one under way.
    public func isOurs(_ weights: [Weight]) -> Bool {
        weights == lastWritten || weights == writing
    }

    /// Why writes of this watch would be refused before they are made (an entry another system
    /// owns, written directly); nil when they may go ahead.
    public func directWriteRefusal() async -> String? {
        await editor.directWriteRefusal()
    }

    /// Journals a decision that changes nothing; a failure becomes an alert.
    public func journal(_ operation: String, reason: String) async {
        do {
            try await editor.record(operation, reason: reason)
        } catch {
            inbox.post(.note("could not journal \(operation): \(error)", .failure))
        }
    }

    static func view(of entry: SplitterEntry, resolver: ResolverEntry?, stable: String?, version: String) -> SplitView {
        let names = SplitNames(entry: entry, resolver: resolver).names
        let stableName = (try? StableChoice.choose(in: entry, resolver: resolver, explicit: stable))?.name
        return SplitView(entry: entry, names: names, stable: stableName, resolver: resolver, version: version)
    }
}
