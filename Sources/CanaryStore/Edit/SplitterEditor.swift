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

    private var origin: EntryOrigin { store.origin }

    /// Reads and parses the current config.
    public func load() async throws -> (SplitterSnapshot, SplitterDocument) {
        let snapshot = try await store.load()
        do {
            return (snapshot, try ConfigFile.splitter(snapshot.text, label: store.label, origin: origin))
        } catch {
            throw StoreError.refused("\(error)")
        }
    }

    /// Works out `operation` against the current config without writing anything.
    public func plan(_ operation: WeightEdit, reason: String? = nil) async throws -> ChangePlan {
        let (snapshot, document) = try await load()
        return try plan(operation, on: snapshot, document: document, reason: reason)
    }

    /// Works out `operation` against a given snapshot (the dashboard keeps one).
    public func plan(
        _ operation: WeightEdit, on snapshot: SplitterSnapshot, document: SplitterDocument, reason: String?
    ) throws -> ChangePlan {
        let entry = document.entry
        let stableChoice: StableChoice?
        let change: WeightChange
        do {
            stableChoice = operation == .rollback
                ? try StableChoice.choose(in: entry, resolver: resolver, explicit: stable) : nil
            change = try operation.apply(to: entry, resolver: resolver, stable: stable)
        } catch {
            throw StoreError.refused("\(store.label): \(error)")
        }
        let newEntry = entry.withWeights(change.after)
        let issues = SplitterValidation.validate(newEntry, resolver: resolver).map(\.message)
        if !issues.isEmpty, operation != .rollback {
            throw StoreError.refused("\(store.label): \(issues.joined(separator: "; "))")
        }
        if let refusal = DirectWrite.manifestRefusal(document, apply: apply) { throw StoreError.refused(refusal) }
        if case .kubectl = apply, !change.isNoChange,
           let refusal = KubectlSplitterStore.webhookRefusal(change.after, protected: change.changedIndices) {
            throw StoreError.refused("\(store.label): \(refusal)")
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
            diff: diff, warnings: issues, wasInvalid: SplitterValidation.validate(entry, resolver: resolver).map(\.message),
            reason: reason, stable: stableChoice,
            cautions: store.cautions(over: snapshot)
                + [DirectWrite.uncheckedOwnerCaution(document, store: store, apply: apply, consulConfigured: consul != nil)].compactMap { $0 })
    }

    /// Writes `plan` over its base snapshot, applies it, and journals the outcome.
    /// Any failure is journaled too and then thrown; a conflict writes nothing.
    public func commit(_ plan: ChangePlan) async throws -> ChangeResult {
        var consulIndex: UInt64?
        let owner: DirectWrite.LiveEntry?
        do {
            // What Consul holds now, when canarytop is about to write it directly: whose it is,
            // and (a file with `--apply api`) the ModifyIndex the write is conditional on.
            owner = try await DirectWrite.liveEntry(plan, store: store, apply: apply, consul: consul)
            consulIndex = owner?.modifyIndex
            if let refusal = DirectWrite.refusal(plan, store: store, apply: apply, live: owner, consulConfigured: consul != nil) {
                throw StoreError.refused(refusal)
            }
        } catch {
            try? journal?.append(entry(for: plan, result: "not written: \(error)", after: nil))
            throw error
        }
        let written: SplitterSnapshot
        do {
            written = try await store.write(plan.newText, over: plan.base)
        } catch StoreError.notConfirmed(let message) {
            // Written where the splitter is owned, not yet seen where traffic is decided.
            try? journal?.append(entry(for: plan, result: "written; not confirmed: \(message)", after: nil))
            throw StoreError.notConfirmed(message)
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
            let path = store.localPath ?? store.label
            do {
                let result = try await command.run(for: path)
                commandResult = result
                if !result.succeeded {
                    failure = .commandFailed(status: result.timedOut ? -1 : result.status,
                                             output: result.timedOut ? "timed out after \(command.timeout) s" : Self.oneLine(result.output))
                }
            } catch let error as StoreError {
                failure = error
            }
        case .kubectl:
            break   // the store patched the resource and saw the change reach Consul
        case .api:
            if let consul, store.origin == .file {
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
        var journalFailure: String?
        do {
            try journal?.append(line)
        } catch {
            journalFailure = "\(error)"
        }
        if let failure {
            guard let journalFailure else { throw failure }
            throw StoreError.refused("\(failure); and the change is not journaled: \(journalFailure)")
        }
        return ChangeResult(plan: plan, written: written, command: commandResult, journalEntry: line, journalFailure: journalFailure)
    }

    /// Why a direct write (`--apply api` or `command`) would be refused now, checked on a
    /// rollback of what is there: nil when writes may go ahead (or are not direct). A Consul that
    /// cannot be asked whose the entry is refuses too: every write would fail the same way.
    public func directWriteRefusal() async -> String? {
        guard DirectWrite.isDirect(apply), let plan = try? await plan(.rollback) else { return nil }
        let live: DirectWrite.LiveEntry?
        do {
            live = try await DirectWrite.liveEntry(plan, store: store, apply: apply, consul: consul)
        } catch {
            return "\(store.label): cannot ask Consul whose service-splitter \(GoQuote.quote(plan.document.entry.name)) is,"
                + " so no change could be written: \(error); nothing written"
        }
        return DirectWrite.refusal(plan, store: store, apply: apply, live: live, consulConfigured: consul != nil)
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
