import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing
@testable import CanaryStore

/// `--apply kubectl` on a fake cluster: the resource found, patched with its resourceVersion and
/// every split, conflicts triaged, and a change counted only once Consul shows it.
@Suite(.sharedMachine) struct KubectlSplitterStoreTests {
    @Test func theResourceIsFoundByNameAndReadAsTheConsulEntryItBecomes() async throws {
        try await withFakeCluster([FakeCluster.payments(namespace: "shop")]) { _, cluster, editor in
            let (snapshot, document) = try await editor.load()
            #expect(snapshot.version == .resourceVersion("100"))
            #expect(document.entry.weights == [Weight(hundredths: 5000), Weight(hundredths: 5000)])
            #expect(EntryOwner(meta: document.entry.meta) == .consulK8s(datacenter: "dc1"))
            #expect(editor.store.label == "kubectl ServiceSplitter shop/payments")
            let calls = try cluster.calls().map(\.arguments)
            #expect(calls.first == ["get", "servicesplitters.consul.hashicorp.com", "-A", "-o", "json"])
            #expect(calls.dropFirst().allSatisfy { $0.contains("-n") && $0.contains("shop") })
        }
    }

    @Test func twoResourcesOfTheNameAreRefusedNamingBoth() async throws {
        try await withFakeCluster([FakeCluster.payments(namespace: "a"), FakeCluster.payments(namespace: "b")]) { _, _, editor in
            let text = await message { _ = try await editor.load() }
            #expect(text == #"2 ServiceSplitters are named "payments" (a/payments, b/payments): choose one with --k8s-namespace"#)
        }
    }

    @Test func aSetIsOneMergePatchWithTheResourceVersionAndEverySplitAndCountsOnceConsulHasIt() async throws {
        try await withFakeCluster(namespace: "default") { consul, cluster, editor in
            let plan = try await editor.plan(.set("green", to: Weight(hundredths: 1000)), reason: "test")
            let result = try await editor.commit(plan)
            #expect(try cluster.patchBodies() == [
                #"{"metadata":{"resourceVersion":"100"},"spec":{"splits":[{"serviceSubset":"blue","weight":90},{"serviceSubset":"green","weight":10}]}}"#,
            ])
            #expect(try consulWeights(consul) == [90, 10])
            #expect(try cluster.weights("payments") == [90, 10])
            // The snapshot after the write is the resource as synced: a newer resourceVersion.
            #expect(result.written.version == .resourceVersion("102"))
            #expect(result.journalEntry.apply == "kubectl")
            // Consul's entry still carries the controller's Meta (it wrote it, not canarytop).
            #expect(consul.entry(kind: "service-splitter", name: "payments")?.contains("source-datacenter") == true)
        }
    }

    @Test func aConflictFromTheControllersStatusWriteIsRetriedOnceOnTheNewVersion() async throws {
        try await withFakeCluster(variant: "conflict-status", namespace: "default") { consul, cluster, editor in
            let plan = try await editor.plan(.rollback, reason: "test")
            _ = try await editor.commit(plan)
            let bodies = try cluster.patchBodies()
            #expect(bodies.count == 2)
            #expect(bodies.first?.contains(#""resourceVersion":"100""#) == true)
            #expect(bodies.last?.contains(#""resourceVersion":"101""#) == true)
            #expect(bodies.last?.contains(#"{"serviceSubset":"green","weight":0}"#) == true)
            #expect(try consulWeights(consul) == [100, 0])
        }
    }

    @Test func aConflictFromSomeoneElsesWeightsWritesNothingAndSaysWhoChangedWhat() async throws {
        try await withFakeCluster([FakeCluster.payments(blue: 90, green: 10)], variant: "conflict-spec",
                                  namespace: "default") { consul, cluster, editor in
            let plan = try await editor.plan(.set("green", to: Weight(hundredths: 2000)), reason: "test")
            let text = await message { _ = try await editor.commit(plan) }
            #expect(text == "conflict: kubectl ServiceSplitter default/payments was changed by someone else since it was read"
                + #" (generation 2 → 3): blue 90 → 50, green 10 → 50; spec.splits last written by "kubectl-edit" at"#
                + " 2026-12-02T10:04:30Z; nothing written — reload and decide again")
            #expect(try cluster.patchBodies().count == 1)
            #expect(try cluster.weights("payments") == [50, 50])
            #expect(try consulWeights(consul) == [50, 50])
        }
    }

    @Test func aPatchTheControllerNeverSyncsIsAppliedToKubernetesNotYetInConsul() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await withFakeCluster(variant: "stale", namespace: "default", syncTimeout: 0.5,
                                  journal: dir.file("journal")) { consul, cluster, editor in
            let plan = try await editor.plan(.set("green", to: Weight(hundredths: 1000)), reason: "test")
            let text = await message { _ = try await editor.commit(plan) }
            #expect(text == "kubectl ServiceSplitter default/payments: applied to Kubernetes, not yet in Consul after 0.5 s:"
                + " not synced again since the patch (lastSyncedTime 2026-12-02T10:00:00Z)")
            #expect(try cluster.weights("payments") == [90, 10])
            #expect(try consulWeights(consul) == [50, 50])
            #expect(try dir.read("journal").contains(#""result":"written; not confirmed: "#))
        }
    }

    @Test func aResourceThatIsNotSyncedIsRefusedWithItsReasonBeforeAnyPatch() async throws {
        try await withFakeCluster([FakeCluster.payments(synced: false)], namespace: "default") { _, cluster, editor in
            let plan = try await editor.plan(.rollback, reason: "test")
            let text = await message { _ = try await editor.commit(plan) }
            #expect(text == "kubectl ServiceSplitter default/payments is not in sync with Consul (Synced=False,"
                + " ExternallyManagedConfigError: config entry already exists in Consul); nothing written: fix the resource first")
            #expect(try cluster.patchBodies().isEmpty)
        }
    }

    @Test func forbiddenAndWebhookDenialsAreOneLineEach() async throws {
        for (variant, expected) in [
            ("forbidden", "your Kubernetes identity cannot patch servicesplitters in default; nothing written"),
            ("webhook", "kubectl ServiceSplitter default/payments: the consul-k8s webhook refused the change: "
                + #"ServiceSplitter.consul.hashicorp.com "payments" is invalid: spec.splits: Invalid value: "[]": the sum"#
                + " of weights across all splits must add up to 100 percent, but adds up to 95.000000; nothing written"),
        ] {
            try await withFakeCluster(variant: variant, namespace: "default") { consul, _, editor in
                let plan = try await editor.plan(.rollback, reason: "test")
                let text = await message { _ = try await editor.commit(plan) }
                #expect(text == expected)
                #expect(try consulWeights(consul) == [50, 50])
            }
        }
    }

    @Test func aSplitTheWebhookWouldRefuseIsRefusedBeforeItIsSentWithTheNearestThatPasses() async throws {
        let three = FakeCluster.payments(blue: 50, green: 25, more: [("red", 25)])
        let resolver = FakeCluster.resolverJSON.replacingOccurrences(
            of: #"}}}"#, with: #"},"red":{"Filter":"Service.Meta.version == 4"}}}"#)
        try await withFakeCluster([three], namespace: "default", resolver: resolver) { _, cluster, editor in
            let (_, document) = try await editor.load()
            #expect(document.entry.splits.count == 3)
            let change = WeightEdit.setAll(["blue": Weight(hundredths: 1675), "green": Weight(hundredths: 5201),
                                            "red": Weight(hundredths: 3124)])
            let text = await message { _ = try await editor.plan(change, reason: nil) }
            #expect(text?.contains("the consul-k8s webhook would refuse 16.75/52.01/31.24: its float32 sum is 99.999992, not 100;"
                + " nothing sent; the nearest split it admits is ") == true, "\(text ?? "")")
            #expect(try cluster.patchBodies().isEmpty)
        }
    }

    @Test func argoCDAndHelmAreCautionsBeforeTheFirstWrite() async throws {
        let owned = FakeCluster.payments(annotations: ["argocd.argoproj.io/tracking-id": "shop:consul.hashicorp.com/ServiceSplitter:default/payments"],
                                         labels: ["app.kubernetes.io/managed-by": "Helm"])
        try await withFakeCluster([owned], namespace: "default") { _, _, editor in
            let plan = try await editor.plan(.rollback, reason: nil)
            #expect(plan.cautions.count == 2)
            #expect(plan.cautions.first?.hasPrefix("Argo CD tracks this resource") == true)
            #expect(plan.cautions.last?.hasPrefix("Helm owns this resource") == true)
        }
    }
}
