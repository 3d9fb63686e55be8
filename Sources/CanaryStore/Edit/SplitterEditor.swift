import CanaryCore

/// Reads a splitter, works out a change, and writes it safely: the one engine behind
/// `canarytop split …` and the dashboard's weight keys.
///
/// `plan` never writes; `commit` writes over exactly the snapshot the plan was based on, then
/// applies (command or Consul API), and journals the outcome — success or failure.
public struct SplitterEditor: Sendable {
    public let store: any SplitterStore
    public let apply: ApplyMode
    public let journal: Journal?
    public let resolver: ResolverEntry?
    /// `--stable`, used when the resolver names no default subset.
    public let stable: String?
    /// For `--apply api` with a file: the Consul the file's content is also written to.
    public let consul: ConsulClient?
    /// The operator's name for the journal (`$USER`).
    public let operatorName: String
    /// The current time as RFC 3339 text; passed in so the core stays clock-free and tests exact.
    public let now: @Sendable () -> String

    public init(
        store: any SplitterStore, apply: ApplyMode, journal: Journal?, resolver: ResolverEntry?,
        stable: String?, consul: ConsulClient? = nil, operatorName: String, now: @escaping @Sendable () -> String
    ) {
        self.store = store
        self.apply = apply
        self.journal = journal
        self.resolver = resolver
        self.stable = stable
        self.consul = consul
        self.operatorName = operatorName
        self.now = now
    }

    private var origin: EntryOrigin { store is FileSplitterStore || store is MemorySplitterStore ? .file : .apiReply }

    /// Reads and parses the current config.
    public func load() async throws -> (SplitterSnapshot, SplitterDocument) {
        let snapshot = try await store.load()
        do {
            return (snapshot, try SplitterDocument(text: snapshot.text, label: store.label, origin: origin))
        } catch {
            throw StoreError.refused("\(error)")
        }
    }

    /// Works out `operation` against the current config without writing anything.
    public func plan(_ operation: SplitterOperation, reason: String? = nil) async throws -> ChangePlan {
        let (snapshot, document) = try await load()
        return try plan(operation, on: snapshot, document: document, reason: reason)
    }

    /// Works out `operation` against a given snapshot (the dashboard keeps one).
    public func plan(
        _ operation: SplitterOperation, on snapshot: SplitterSnapshot, document: SplitterDocument, reason: String?
    ) throws -> ChangePlan {
        let entry = document.entry
        var stableChoice: StableChoice?
        let edit: WeightEdit
        do {
            switch operation {
            case .set(let name, let weight): edit = .set(name, to: weight)
            case .setAll(let weights): edit = .setAll(weights)
            case .shift(let name, let by): edit = .shift(toward: name, by: by)
            case .promote(let name): edit = .promote(name)
            case .rollback:
                let choice = try StableChoice.choose(in: entry, resolver: resolver, explicit: stable)
                stableChoice = choice
                edit = .rollback(stable: choice.name)
            }
        } catch {
            throw StoreError.refused("\(store.label): \(error)")
        }
        let change: WeightChange
        do {
            change = try edit.apply(to: entry, resolver: resolver)
        } catch {
            throw StoreError.refused("\(store.label): \(error)")
        }
        let newEntry = entry.withWeights(change.after)
        let issues = SplitterValidation.validate(newEntry, resolver: resolver).map(\.message)
        if !issues.isEmpty, operation != .rollback {
            throw StoreError.refused("\(store.label): \(issues.joined(separator: "; "))")
        }
        let newText: String
        if origin == .apiReply {
            newText = SplitterRewrite.renderJSON(newEntry)
        } else {
            do {
                newText = try SplitterRewrite.rewrite(document, applying: change)
            } catch {
                throw StoreError.refused("\(store.label): \(error)")
            }
        }
        let diff = origin == .apiReply
            ? LineDiff.unified(from: SplitterRewrite.renderJSON(entry), to: newText, oldLabel: "\(store.label) (now)", newLabel: "\(store.label) (new)")
            : LineDiff.unified(from: snapshot.text, to: newText, oldLabel: store.label, newLabel: store.label)
        return ChangePlan(
            operation: operation, base: snapshot, document: document, change: change, newText: newText,
            diff: diff, warnings: issues, reason: reason, stable: stableChoice)
    }

    /// Writes `plan` over its base snapshot, applies it, and journals the outcome.
    /// Any failure is journaled too and then thrown; a conflict writes nothing.
    public func commit(_ plan: ChangePlan) async throws -> ChangeResult {
        var consulIndex: UInt64?
        if apply == .api, let consul, !(store is ConsulSplitterStore) {
            consulIndex = try await currentIndex(consul, name: plan.document.entry.name)
        }
        let written: SplitterSnapshot
        do {
            written = try await store.write(plan.newText, over: plan.base)
        } catch {
            try? journal?.append(entry(for: plan, result: "not written: \(error)", after: nil))
            throw error
        }
        var commandResult: ApplyCommand.Result?
        var failure: StoreError?
        switch apply {
        case .file:
            break
        case .command(let command):
            let path = (store as? FileSplitterStore)?.path ?? store.label
            do {
                let result = try command.run(for: path)
                commandResult = result
                if !result.succeeded {
                    failure = .commandFailed(status: result.timedOut ? -1 : result.status,
                                             output: result.timedOut ? "timed out after \(command.timeout) s" : Self.oneLine(result.output))
                }
            } catch let error as StoreError {
                failure = error
            }
        case .api:
            if let consul, !(store is ConsulSplitterStore) {
                do {
                    let ok = try await consul.writeConfigEntry(json: SplitterRewrite.renderJSON(plan.newEntry), cas: consulIndex ?? 0)
                    if !ok {
                        failure = .conflict("service-splitter/\(plan.document.entry.name) changed in Consul since it was read; the file was written but Consul was not")
                    }
                } catch let error as StoreError {
                    failure = error
                }
            }
        }
        let result = failure.map { "written; apply failed: \($0)" } ?? "ok"
        let line = entry(for: plan, result: result, after: written)
        try? journal?.append(line)
        if let failure { throw failure }
        return ChangeResult(plan: plan, written: written, command: commandResult, journalEntry: line)
    }

    /// Journals a decision that changes nothing (`guard-cancel`: the operator stopped an
    /// automatic rollback), with the weights as they are now on both sides.
    public func record(_ operation: String, reason: String) async throws {
        let (snapshot, document) = try await load()
        let names = SplitNames(entry: document.entry, resolver: resolver).names
        let weights = zip(names, document.entry.weights).map { ($0, $1.hundredths) }
        try journal?.append(JournalEntry(
            time: now(), operatorName: operatorName, operation: operation, target: store.label, before: weights,
            after: weights, apply: "none", result: "nothing written", versionBefore: snapshot.version.description,
            versionAfter: nil, reason: reason))
    }

    private func currentIndex(_ consul: ConsulClient, name: String) async throws -> UInt64 {
        do {
            let reply = try await consul.configEntry(kind: "service-splitter", name: name)
            guard case .modifyIndex(let index) = try ConsulSplitterStore.snapshot(from: reply).version else { return 0 }
            return index
        } catch StoreError.consul(status: 404, _) {
            return 0
        }
    }

    private func entry(for plan: ChangePlan, result: String, after: SplitterSnapshot?) -> JournalEntry {
        let names = plan.change.names
        return JournalEntry(
            time: now(), operatorName: operatorName, operation: plan.operation.name, target: store.label,
            before: zip(names, plan.change.before).map { ($0, $1.hundredths) },
            after: zip(names, plan.change.after).map { ($0, $1.hundredths) },
            apply: apply.name, result: result, versionBefore: plan.base.version.description,
            versionAfter: after?.version.description, reason: plan.reason)
    }

    static func oneLine(_ text: String) -> String {
        TerminalSafe.clean(text, limit: 300)
    }
}
