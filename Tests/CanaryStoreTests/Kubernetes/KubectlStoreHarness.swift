import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing
@testable import CanaryStore

/// A stand-in with the workshop's entries as consul-k8s wrote them, a fake cluster holding
/// `resources` (the workshop's ServiceSplitter by default), and an editor steering
/// `payments` through `--apply kubectl`; all closed however `body` ends, within a deadline (a
/// hang catcher: each fake kubectl call starts a python3, which takes seconds on a loaded machine,
/// and a test makes several; one took over 60 s in a full suite beside two builds).
func withFakeCluster(
    _ resources: [String] = [FakeCluster.payments()], variant: String = "ok", namespace: String? = nil,
    syncTimeout: Double = 20, journal: String? = nil, resolver resolverJSON: String = FakeCluster.resolverJSON,
    _ body: @escaping @Sendable (ConsulStandIn, FakeCluster, SplitterEditor) async throws -> Void
) async throws {
    try await withStandIn { consul, client in
        try consul.seed(json: resolverJSON, consulK8s: "dc1")
        try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
        let cluster = try FakeCluster(resources: resources, variant: variant, consul: consul.address)
        defer { cluster.remove() }
        let target = KubernetesTarget(kubectl: cluster.kubectl, namespace: namespace, syncTimeout: syncTimeout,
                                      pollInterval: 0.05, callTimeout: 20)
        let store = try KubectlSplitterStore(name: "payments", target: target, consul: client)
        let resolver = try ResolverEntry(text: resolverJSON, label: "resolver", origin: .apiReply)
        let editor = SplitterEditor(store: store, apply: .kubectl(target), journal: journal.map(Journal.init(path:)),
                                    resolver: resolver, stable: nil, consul: client, operatorName: "test",
                                    now: { "2026-12-02T10:00:00Z" })
        try await Deadline.within(150, "the kubectl store test") { try await body(consul, cluster, editor) }
    }
}

/// The weights the stand-in's service-splitter holds now.
func consulWeights(_ consul: ConsulStandIn) throws -> [Double] {
    let text = try #require(consul.entry(kind: "service-splitter", name: "payments"))
    let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    return (object["Splits"] as? [[String: Any]] ?? []).map { ($0["Weight"] as? NSNumber)?.doubleValue ?? 0 }
}

/// What the error says (a StoreError's one line).
func message(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        return "\(error)"
    }
}
