import CanaryCore
import Foundation
import Synchronization

/// `--apply kubectl`: the consul-k8s `ServiceSplitter` a Consul entry is copied from, read and
/// written with the user's `kubectl`, seen as the Consul entry it becomes.
///
/// A snapshot's text is that entry's JSON (the resource's splits, with the live entry's `Meta`),
/// versioned by the resource's `metadata.resourceVersion`, so the editor plans on it as on any
/// Consul entry. A write is a `kubectl patch --type=merge` carrying that resourceVersion and
/// every split with all its fields, only the weights changed (``SplitterMergePatch``); it is
/// refused unless the resource is `Synced=True`. On a 409 the resource is read again: if only
/// its status moved (same generation and splits) the patch is sent once more, otherwise nothing
/// is written and the message says who changed what. A write returns only once the controller
/// has synced it (a newer `lastSyncedTime`, `Synced=True`) and Consul shows the new weights;
/// past ``KubernetesTarget/syncTimeout`` it fails as ``StoreError/notConfirmed(_:)``.
public final class KubectlSplitterStore: SplitterStore {
    public let name: String
    public let target: KubernetesTarget
    /// Where the change must show up.
    public let consul: ConsulClient
    private let kubectl: Kubectl
    /// The namespace once found, and each resource read, by resourceVersion (a write is based on one).
    private let state = Mutex<(namespace: String?, read: [String: ServiceSplitterResource])>((nil, [:]))

    public init(name: String, target: KubernetesTarget, consul: ConsulClient) throws {
        self.name = name
        self.target = target
        self.consul = consul
        kubectl = try Kubectl(target)
        state.withLock { $0.namespace = target.namespace }
    }

    public var label: String {
        let namespace = state.withLock { $0.namespace }
        return "kubectl ServiceSplitter \(namespace.map { "\($0)/" } ?? "")\(name)"
    }

    public var origin: EntryOrigin { .apiReply }
    public var localPath: String? { nil }

    public func load() async throws -> SplitterSnapshot {
        let resource = try await read()
        let meta = try await consulEntry()?.meta ?? []
        var entry = resource.entry
        entry.meta = meta
        let version = resource.metadata.resourceVersion ?? ""
        state.withLock { $0.read[version] = resource }
        return SplitterSnapshot(text: SplitterRewrite.renderJSON(entry), version: .resourceVersion(version))
    }

    public func cautions(over base: SplitterSnapshot) -> [String] {
        (resource(at: base)?.otherOwners ?? []).map(\.warning)
    }

    public func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        guard let resource = resource(at: base) else {
            throw StoreError.refused("\(label): a kubectl write needs a resourceVersion this store read")
        }
        let weights: [Weight]
        do {
            weights = try SplitterDocument(text: text, label: label, origin: .apiReply).entry.weights
        } catch {
            throw StoreError.refused("\(label): \(error)")
        }
        if let reason = resource.status.notSyncedReason {
            throw StoreError.refused("\(label) is not in sync with Consul (\(reason)); nothing written: fix the resource first")
        }
        if let refusal = Self.webhookRefusal(weights) { throw StoreError.refused("\(label): \(refusal)") }
        let namespace = resource.metadata.namespace
        var sent = resource
        for attempt in 1...2 {
            let body: String
            do {
                body = try SplitterMergePatch.body(for: sent, weights: weights)
            } catch {
                throw StoreError.refused("\(label): \(error)")
            }
            guard let failure = try await kubectl.patch(name, namespace: namespace, body: body) else { break }
            guard case .conflict = failure else { throw Self.error(failure, label: label, namespace: namespace) }
            let now = try await read()
            guard attempt == 1, resource.hasSameSpec(as: now) else {
                throw StoreError.conflict(Self.whoChanged(from: resource, to: now, label: label))
            }
            // Only the status moved (the controller's own write): once more on the new version.
            sent = now
        }
        return try await waitForConsul(weights, after: resource)
    }

    /// Why the consul-k8s webhook would refuse these weights, with the nearest split it admits;
    /// nil when it admits them.
    public static func webhookRefusal(_ weights: [Weight], protected: [Int] = []) -> String? {
        guard !ServiceSplitterWebhook.admits(weights) else { return nil }
        let sum = String(format: "%.6f", Double(ServiceSplitterWebhook.sum(weights.map(ServiceSplitterWebhook.float32))))
        let asked = weights.map(\.description).joined(separator: "/")
        var text = "the consul-k8s webhook would refuse \(asked): its float32 sum is \(sum), not 100; nothing sent"
        if let nearest = NearestPassingSplit.nearest(to: weights, protected: protected) {
            text += "; the nearest split it admits is " + nearest.map(\.description).joined(separator: "/")
        }
        return text
    }

    // MARK: - Reading

    private func resource(at base: SplitterSnapshot) -> ServiceSplitterResource? {
        guard case .resourceVersion(let version) = base.version else { return nil }
        return state.withLock { $0.read[version] }
    }

    /// The resource as it is now; the first read finds its namespace when none was given.
    private func read() async throws -> ServiceSplitterResource {
        if let namespace = state.withLock({ $0.namespace }) { return try await kubectl.get(name, namespace: namespace) }
        let found = try await kubectl.find(name)
        guard found.count == 1 else {
            let places = found.map { TerminalSafe.clean($0.metadata.qualifiedName) }.joined(separator: ", ")
            throw StoreError.refused(found.isEmpty
                ? "no ServiceSplitter named \(GoQuote.quote(name)) in any namespace kubectl can see"
                : "\(found.count) ServiceSplitters are named \(GoQuote.quote(name)) (\(places)): choose one with --k8s-namespace")
        }
        state.withLock { $0.namespace = found[0].metadata.namespace }
        return found[0]
    }

    private func consulEntry() async throws -> SplitterEntry? {
        let reply: ConsulClient.Reply
        do {
            reply = try await consul.configEntry(kind: SplitterEntry.kind, name: name)
        } catch StoreError.consul(status: 404, _) {
            return nil
        }
        do {
            return try SplitterDocument(text: reply.body, label: "consul \(SplitterEntry.kind)/\(name)", origin: .apiReply).entry
        } catch {
            throw StoreError.refused("\(error)")
        }
    }

    // MARK: - After the patch

    /// Waits until the controller has synced the patch and Consul holds `weights`.
    private func waitForConsul(_ weights: [Weight], after before: ServiceSplitterResource) async throws -> SplitterSnapshot {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(target.syncTimeout * 1000))
        var last = before
        var consulWeights: [Weight]?
        while true {
            last = try await read()
            let synced = last.status.isSynced && (before.status.lastSyncedTime.map { old in
                last.status.lastSyncedTime.map { $0 > old } ?? false
            } ?? (last.status.lastSyncedTime != nil))
            if synced {
                consulWeights = try await consulEntry()?.weights
                if consulWeights == weights { return try await load() }
            }
            if clock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(Int64(target.pollInterval * 1000)))
        }
        let status = last.status.notSyncedReason
            ?? (consulWeights.map { "Synced=True, but Consul still has \($0.map(\.description).joined(separator: "/"))" }
                ?? "not synced again since the patch (lastSyncedTime \(last.status.lastSyncedTime?.text ?? "none"))")
        throw StoreError.notConfirmed("\(label): applied to Kubernetes, not yet in Consul after \(target.syncTimeout) s: \(status)")
    }

    // MARK: - Messages

    static func error(_ failure: KubectlFailure, label: String, namespace: String) -> StoreError {
        switch failure {
        case .forbidden:
            return .refused("\(failure.message(resource: label, namespace: namespace)); nothing written")
        default:
            return .refused("\(label): \(failure.message(resource: label, namespace: namespace)); nothing written")
        }
    }

    /// `… was changed by someone else since it was read (generation 3 → 4): blue 90 → 50, green
    /// 10 → 50; spec.splits last written by "kubectl-edit" at …; nothing written`.
    static func whoChanged(from old: ServiceSplitterResource, to new: ServiceSplitterResource, label: String) -> String {
        var changes: [String] = []
        let names = new.entry.splits.map { TerminalSafe.clean($0.serviceSubset.isEmpty ? $0.service : $0.serviceSubset) }
        if old.entry.splits.count == new.entry.splits.count {
            for (index, (a, b)) in zip(old.entry.splits, new.entry.splits).enumerated() where a != b {
                let what = a.weight != b.weight ? "\(a.weight) → \(b.weight)" : "other fields changed"
                changes.append("\(names[index].isEmpty ? "split \(index + 1)" : names[index]) \(what)")
            }
        } else {
            changes.append("\(old.entry.splits.count) splits → \(new.entry.splits.count)")
        }
        let generations = "generation \(old.metadata.generation.map(String.init) ?? "?") → \(new.metadata.generation.map(String.init) ?? "?")"
        var text = "\(label) was changed by someone else since it was read (\(generations))"
        if !changes.isEmpty { text += ": " + changes.joined(separator: ", ") }
        if let writer = OtherOwner.splitsWriters(new.metadata).max(by: { $0.time < $1.time }) {
            text += "; spec.splits last written by \(GoQuote.quote(TerminalSafe.clean(writer.manager)))"
                + (writer.time.isEmpty ? "" : " at \(TerminalSafe.clean(writer.time))")
        }
        return text + "; nothing written — reload and decide again"
    }
}
