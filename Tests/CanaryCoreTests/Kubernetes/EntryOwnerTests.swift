import CanaryCore
import Testing

/// Who owns a Consul entry, from its Meta, and the refusal of a direct write.
struct EntryOwnerTests {
    @Test func theDatacenterKeyAloneMeansConsulK8s() {
        let owner = EntryOwner(meta: [KeyValue("consul.hashicorp.com/source-datacenter", "dc1")])
        #expect(owner == .consulK8s(datacenter: "dc1"))
        #expect(owner.display == "managed by consul-k8s (dc1)")
        #expect(owner.forbidsDirectWrite)
    }

    @Test func bothKeysAsTheControllerWritesThem() {
        let owner = EntryOwner(meta: [KeyValue("external-source", "kubernetes"),
                                      KeyValue("consul.hashicorp.com/source-datacenter", "dc2")])
        #expect(owner == .consulK8s(datacenter: "dc2"))
    }

    @Test func externalSourceWithoutDatacenterIsManagedElsewhere() {
        #expect(EntryOwner(meta: [KeyValue("external-source", "kubernetes")]) == .external(source: "kubernetes"))
        let terraform = EntryOwner(meta: [KeyValue("external-source", "terraform")])
        #expect(terraform == .external(source: "terraform"))
        #expect(terraform.display == "managed by terraform (external-source)")
        #expect(terraform.forbidsDirectWrite)
    }

    @Test func noOwnerKeysMeansNobody() {
        #expect(EntryOwner(meta: []) == .none)
        #expect(EntryOwner(meta: [KeyValue("team", "payments"), KeyValue("Source-Datacenter", "dc1")]) == .none)
        #expect(EntryOwner(meta: []).display == nil)
        #expect(!EntryOwner(meta: []).forbidsDirectWrite)
    }

    /// The controller compares the value with its own datacenter name, which is never empty:
    /// an empty value is the same as no key.
    @Test func emptyValuesCountAsAbsent() {
        #expect(EntryOwner(meta: [KeyValue("consul.hashicorp.com/source-datacenter", "")]) == .none)
        #expect(EntryOwner(meta: [KeyValue("consul.hashicorp.com/source-datacenter", ""),
                                  KeyValue("external-source", "kubernetes")]) == .external(source: "kubernetes"))
    }

    @Test func keysAreCaseSensitiveAndTheLastOfARepeatedKeyCounts() {
        #expect(EntryOwner(meta: [KeyValue("External-Source", "kubernetes")]) == .none)
        let owner = EntryOwner(meta: [KeyValue("consul.hashicorp.com/source-datacenter", "dc1"),
                                      KeyValue("consul.hashicorp.com/source-datacenter", "dc9")])
        #expect(owner == .consulK8s(datacenter: "dc9"))
    }

    @Test func refusalNamesTheEntryTheResourceAndTheWayThatWorks() throws {
        let owner = EntryOwner.consulK8s(datacenter: "dc1")
        let message = try #require(owner.refusal(kind: "service-splitter", name: "payments", action: "roll back"))
        #expect(message == "refusing to roll back (use --apply kubectl): service-splitter \"payments\" is managed by consul-k8s"
            + " (dc1), which copies it from the ServiceSplitter resource \"payments\" and would put back a write made in"
            + " Consul at its next reconcile (a write without its Meta stops the sync instead)")
        // What to do fits the event line of a 120-column dashboard.
        #expect(message.prefix(60).contains("(use --apply kubectl)"))
        #expect(!message.contains("\n"))
    }

    @Test func refusalForOtherOwners() throws {
        let kubernetes = try #require(EntryOwner.external(source: "kubernetes")
            .refusal(kind: "service-splitter", name: "payments", action: "set green to 10"))
        #expect(kubernetes.hasPrefix("refusing to set green to 10: service-splitter \"payments\" is managed elsewhere"))
        #expect(kubernetes.hasSuffix("(for a consul-k8s resource: --apply kubectl)"))
        let terraform = try #require(EntryOwner.external(source: "terraform")
            .refusal(kind: "service-splitter", name: "payments", action: "promote green"))
        #expect(terraform.contains("Meta external-source = \"terraform\""))
        #expect(!terraform.contains("kubectl"))
        #expect(EntryOwner.none.refusal(kind: "service-splitter", name: "payments", action: "roll back") == nil)
    }

    /// Meta comes from the network: control characters never reach the terminal.
    @Test func metaTextIsCleaned() throws {
        let owner = EntryOwner(meta: [KeyValue("consul.hashicorp.com/source-datacenter", "dc1\u{1B}[2J")])
        #expect(owner.display?.contains("\u{1B}") == false)
        let refusal = try #require(owner.refusal(kind: "service-splitter", name: "pay\u{07}ments", action: "roll back"))
        #expect(!refusal.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func resourceKindsForConsulKinds() {
        #expect(KubernetesKind(consulKind: "service-splitter") == .serviceSplitter)
        #expect(KubernetesKind.serviceSplitter.resource == "servicesplitters.consul.hashicorp.com")
        #expect(KubernetesKind(consulKind: "service-resolver")?.kind == "ServiceResolver")
        #expect(KubernetesKind(consulKind: "service-router") == nil)
    }
}
