import CanaryCore
import CanaryTesting
import Foundation
import Testing
@testable import ConsulStandIn

/// The stand-in serves entries as the consul-k8s controller writes them, and canarytop's client
/// reads the owner from every reply.
@Suite(.sharedMachine) struct OwnedEntryTests {
    @Test func aSeededConsulK8sEntryCarriesTheControllersMetaOnEveryRead() async throws {
        try await withStandIn { consul, client in
            try consul.seed(json: #"{"Kind":"service-splitter","Name":"payments","Meta":{"team":"pay"},"Splits":[{"Weight":100,"ServiceSubset":"blue"}]}"#,
                            consulK8s: "dc1")
            let reply = try await client.configEntry(kind: "service-splitter", name: "payments")
            let entry = try SplitterDocument(text: reply.body, label: "reply", origin: .apiReply).entry
            #expect(EntryOwner(meta: entry.meta) == .consulK8s(datacenter: "dc1"))
            #expect(entry.meta.contains(KeyValue("external-source", "kubernetes")))
            #expect(entry.meta.contains(KeyValue("team", "pay")))
            // A write that keeps the Meta is taken, as Consul takes it (Consul checks neither key).
            #expect(try await client.writeConfigEntry(json: SplitterRewrite.renderJSON(entry), cas: nil))
            let again = try SplitterDocument(text: try await client.configEntry(kind: "service-splitter", name: "payments").body,
                                             label: "reply", origin: .apiReply).entry
            #expect(EntryOwner(meta: again.meta) == .consulK8s(datacenter: "dc1"))
        }
    }
}
