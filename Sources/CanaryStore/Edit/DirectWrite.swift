import CanaryCore

/// The rules for writing a splitter straight into Consul (`--apply api`, `--apply command`), which
/// the editor applies to every operation, rollback included, before anything is written.
///
/// - An entry another system owns (consul-k8s's `Meta`, any `external-source`) is never written
///   directly: its owner would silently put its own version back, or stop syncing. The owner is
///   read from what Consul holds now (and from a file's own `Meta`, which a write would carry).
/// - A Kubernetes manifest is not Consul's to read: it is never sent to Consul's API.
/// - `--apply api` for a file needs a Consul to write to; without one it is refused rather than
///   writing only the file and calling it `api`.
enum DirectWrite {
    /// What Consul holds for the entry now.
    struct LiveEntry {
        var meta: [KeyValue]
        /// `nil` when the store is the entry itself; 0 when Consul has none.
        var modifyIndex: UInt64?
    }

    static func isDirect(_ apply: ApplyMode) -> Bool {
        switch apply {
        case .api, .command: return true
        case .file, .kubectl: return false
        }
    }

    /// Refuses a manifest with `--apply api` (Kubernetes applies a manifest, not Consul).
    static func manifestRefusal(_ document: SplitterDocument, apply: ApplyMode) -> String? {
        guard document.format == .yaml, apply == .api else { return nil }
        return "\(document.label): a ServiceSplitter manifest is applied by Kubernetes (consul-k8s copies it into Consul),"
            + " never written to Consul's API; use --apply file (and commit it), --apply command --command"
            + " 'kubectl apply -f {file}', or --apply kubectl --consul-entry \(GoQuote.quote(document.entry.name))"
    }

    /// Reads what Consul holds for a direct write (nothing for other modes, or for a manifest).
    static func liveEntry(_ plan: ChangePlan, store: any SplitterStore, apply: ApplyMode,
                          consul: ConsulClient?) async throws -> LiveEntry? {
        guard isDirect(apply), plan.document.format != .yaml else { return nil }
        if store.origin == .apiReply { return LiveEntry(meta: plan.document.entry.meta, modifyIndex: nil) }
        guard let consul else { return nil }
        let name = plan.document.entry.name
        let reply: ConsulClient.Reply
        do {
            reply = try await consul.configEntry(kind: SplitterEntry.kind, name: name)
        } catch StoreError.consul(status: 404, _) {
            return LiveEntry(meta: [], modifyIndex: 0)
        }
        let snapshot = try ConsulSplitterStore.snapshot(from: reply)
        let entry: SplitterEntry
        do {
            entry = try SplitterDocument(text: reply.body, label: "consul \(SplitterEntry.kind)/\(name)", origin: .apiReply).entry
        } catch {
            throw StoreError.refused("\(error)")
        }
        guard case .modifyIndex(let index) = snapshot.version else { return LiveEntry(meta: entry.meta, modifyIndex: 0) }
        return LiveEntry(meta: entry.meta, modifyIndex: index)
    }

    /// `--apply command` on a file with no Consul configured: whose the live entry is could not be
    /// asked, so the write goes ahead on the file's own `Meta` alone — said before it is written.
    static func uncheckedOwnerCaution(_ document: SplitterDocument, store: any SplitterStore, apply: ApplyMode,
                                      consulConfigured: Bool) -> String? {
        guard case .command = apply, !consulConfigured, store.origin == .file, document.format != .yaml else { return nil }
        return "could not check who owns service-splitter \(GoQuote.quote(document.entry.name)) in Consul (no Consul configured:"
            + " --http-addr or CONSUL_HTTP_ADDR); if consul-k8s manages it, its controller puts the resource's weights back"
            + " at its next reconcile: change the resource with --apply kubectl instead"
    }

    /// Why this direct write must not happen; nil when it may.
    static func refusal(_ plan: ChangePlan, store: any SplitterStore, apply: ApplyMode, live: LiveEntry?,
                        consulConfigured: Bool) -> String? {
        guard isDirect(apply), plan.document.format != .yaml else { return nil }
        if apply == .api, store.origin == .file, !consulConfigured {
            return "\(store.label): --apply api writes the entry to Consul, but no Consul is configured"
                + " (--http-addr or CONSUL_HTTP_ADDR); nothing written"
        }
        let name = plan.document.entry.name
        let owners = [live.map { EntryOwner(meta: $0.meta) }, store.origin == .file ? EntryOwner(meta: plan.document.entry.meta) : nil]
        guard let owner = owners.compactMap({ $0 }).first(where: \.forbidsDirectWrite) else { return nil }
        let action = plan.operation == .rollback ? "roll back" : plan.operation.description
        return owner.refusal(kind: SplitterEntry.kind, name: name, action: action)
    }
}
