import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing
@testable import CanaryStore

/// No direct write (`--apply api`, `--apply command`) reaches an entry another system owns, for
/// any operation; nothing is written, nothing is run, and the message names the way that works.
@Suite(.sharedMachine) struct DirectWriteTests {
    static let hcl = """
        kind = "service-splitter"
        name = "payments"
        splits = [
          { weight = 50, service_subset = "blue" },
          { weight = 50, service_subset = "green" },
        ]
        """

    private func editor(_ store: any SplitterStore, _ apply: ApplyMode, consul: ConsulClient?) -> SplitterEditor {
        SplitterEditor(store: store, apply: apply, journal: nil, resolver: nil, stable: "blue", consul: consul,
                       operatorName: "test", now: { "2026-12-02T10:00:00Z" })
    }

    private func puts(_ consul: ConsulStandIn) -> [String] { consul.requestLog.filter { $0.hasPrefix("PUT") } }

    /// Every Meta case, for the live entry written through the API: refused or allowed.
    @Test(arguments: [
        (#"{"consul.hashicorp.com/source-datacenter":"dc1","external-source":"kubernetes"}"#, "managed by consul-k8s (dc1)"),
        (#"{"consul.hashicorp.com/source-datacenter":"dc2"}"#, "managed by consul-k8s (dc2)"),
        (#"{"external-source":"terraform"}"#, #"managed elsewhere (Meta external-source = "terraform")"#),
        (#"{"external-source":"","consul.hashicorp.com/source-datacenter":""}"#, nil),
        (#"{"team":"payments"}"#, nil),
    ] as [(String, String?)])
    func theLiveEntrysMetaDecides(meta: String, refusal: String?) async throws {
        try await withStandIn { consul, client in
            try consul.seed(json: #"{"Kind":"service-splitter","Name":"payments","Meta":\#(meta),"Splits":[{"Weight":50,"ServiceSubset":"blue"},{"Weight":50,"ServiceSubset":"green"}]}"#)
            let editor = self.editor(ConsulSplitterStore(client: client, name: "payments"), .api, consul: client)
            for operation in [WeightEdit.rollback, .set("green", to: Weight(hundredths: 1000)), .promote("green")] {
                let plan = try await editor.plan(operation, reason: nil)
                let text = await message { _ = try await editor.commit(plan) }
                if let refusal {
                    #expect(text?.contains(refusal) == true, "\(text ?? "written")")
                    #expect(puts(consul).isEmpty)
                } else {
                    #expect(text == nil)
                }
            }
            if refusal == nil { #expect(puts(consul).count == 3) }
        }
    }

    @Test func aRollbackOfAConsulK8sEntryNamesTheResourceAndKubectl() async throws {
        try await withStandIn { consul, client in
            try consul.seed(json: FakeCluster.splitterJSON(blue: 10, green: 90), consulK8s: "dc1")
            let editor = self.editor(ConsulSplitterStore(client: client, name: "payments"), .api, consul: client)
            #expect(await editor.directWriteRefusal() != nil)
            let plan = try await editor.plan(.rollback, reason: nil)
            let text = await message { _ = try await editor.commit(plan) }
            #expect(text == #"refusing to roll back (use --apply kubectl): service-splitter "payments" is managed by consul-k8s"#
                + #" (dc1), which copies it from the ServiceSplitter resource "payments" and would put back a write made in"#
                + " Consul at its next reconcile (a write without its Meta stops the sync instead)")
            #expect(puts(consul).isEmpty)
        }
    }

    @Test func aFileWrittenToAnOwnedEntryIsRefusedAndTheFileIsKept() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("payments.hcl", Self.hcl)
        try await withStandIn { consul, client in
            try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
            let editor = self.editor(FileSplitterStore(path: path), .api, consul: client)
            let plan = try await editor.plan(.rollback, reason: nil)
            let text = await message { _ = try await editor.commit(plan) }
            #expect(text?.hasPrefix("refusing to roll back (use --apply kubectl): service-splitter \"payments\" is managed by consul-k8s (dc1)") == true)
            #expect(try dir.read("payments.hcl") == Self.hcl)
            #expect(puts(consul).isEmpty)
        }
    }

    @Test func consulConfigWriteIsNotRunForAnOwnedEntryNorForAFileCarryingTheControllersMeta() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let marker = dir.file("ran")
        let command = ApplyMode.command(ApplyCommand(template: "touch \(marker) # {file}", timeout: 10))
        // The live entry is the controller's.
        let plain = try dir.write("plain.hcl", Self.hcl)
        try await withStandIn { consul, client in
            try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
            let editor = self.editor(FileSplitterStore(path: plain), command, consul: client)
            let text = await message { _ = try await editor.commit(try await editor.plan(.rollback, reason: nil)) }
            #expect(text?.contains("--apply kubectl") == true)
        }
        // No Consul to ask: the file's own Meta says whose the entry is.
        let owned = try dir.write("owned.hcl", Self.hcl + "\nmeta { \"consul.hashicorp.com/source-datacenter\" = \"dc1\" }\n")
        let editor = self.editor(FileSplitterStore(path: owned), command, consul: nil)
        let text = await message { _ = try await editor.commit(try await editor.plan(.rollback, reason: nil)) }
        #expect(text?.contains("managed by consul-k8s (dc1)") == true, "\(text ?? "ran")")
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try dir.read("plain.hcl") == Self.hcl)
    }

    /// `--apply command` without a Consul cannot ask whose the entry is: the plan says so (a
    /// caution, shown before the write); with a Consul, or for a manifest (kubectl applies it), not.
    @Test func applyCommandWithoutAConsulCautionsThatTheOwnerWasNotChecked() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("payments.hcl", Self.hcl)
        let manifest = try dir.write("payments.yaml", """
            apiVersion: consul.hashicorp.com/v1alpha1
            kind: ServiceSplitter
            metadata: {name: payments}
            spec:
              splits: [{weight: 50, serviceSubset: blue}, {weight: 50, serviceSubset: green}]

            """)
        let command = ApplyMode.command(ApplyCommand(template: "true {file}", timeout: 30))
        let unchecked = try await editor(FileSplitterStore(path: path), command, consul: nil).plan(.rollback, reason: nil)
        #expect(unchecked.cautions == [
            #"could not check who owns service-splitter "payments" in Consul (no Consul configured: --http-addr or CONSUL_HTTP_ADDR);"#
                + " if consul-k8s manages it, its controller puts the resource's weights back at its next reconcile:"
                + " change the resource with --apply kubectl instead",
        ])
        #expect(try await editor(FileSplitterStore(path: manifest), command, consul: nil).plan(.rollback, reason: nil).cautions.isEmpty)
        #expect(try await editor(FileSplitterStore(path: path), .file, consul: nil).plan(.rollback, reason: nil).cautions.isEmpty)
        try await withStandIn { _, client in
            let checked = try await editor(FileSplitterStore(path: path), command, consul: client).plan(.rollback, reason: nil)
            #expect(checked.cautions.isEmpty)
        }
    }

    /// The old bug: `--apply api` for a file without a Consul wrote the file only and journaled "api".
    @Test func applyAPIWithoutAConsulIsRefusedNotWrittenToTheFileAlone() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("payments.hcl", Self.hcl)
        let editor = SplitterEditor(store: FileSplitterStore(path: path), apply: .api, journal: Journal(path: dir.file("j")),
                                    resolver: nil, stable: "blue", consul: nil, operatorName: "test", now: { "t" })
        let text = await message { _ = try await editor.commit(try await editor.plan(.rollback, reason: nil)) }
        #expect(text == "\(path): --apply api writes the entry to Consul, but no Consul is configured (--http-addr or CONSUL_HTTP_ADDR); nothing written")
        #expect(try dir.read("payments.hcl") == Self.hcl)
        #expect(try dir.read("j").contains(#""result":"not written: "#))
    }

    @Test func aManifestIsNeverSentToConsulsAPI() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let yaml = """
            apiVersion: consul.hashicorp.com/v1alpha1
            kind: ServiceSplitter
            metadata:
              name: payments
            spec:
              splits:
                - weight: 50
                  serviceSubset: blue
                - weight: 50
                  serviceSubset: green

            """
        let path = try dir.write("payments.yaml", yaml)
        try await withStandIn { consul, client in
            let editor = self.editor(FileSplitterStore(path: path), .api, consul: client)
            let text = await message { _ = try await editor.plan(.rollback, reason: nil) }
            #expect(text?.hasPrefix("\(path): a ServiceSplitter manifest is applied by Kubernetes") == true)
            #expect(puts(consul).isEmpty)
            // With --apply file it is rewritten, weights only.
            let fileEditor = self.editor(FileSplitterStore(path: path), .file, consul: nil)
            _ = try await fileEditor.commit(try await fileEditor.plan(.rollback, reason: nil))
            #expect(try dir.read("payments.yaml") == yaml.replacingOccurrences(of: "- weight: 50\n      serviceSubset: blue", with: "- weight: 100\n      serviceSubset: blue")
                .replacingOccurrences(of: "- weight: 50\n      serviceSubset: green", with: "- weight: 0\n      serviceSubset: green"))
        }
    }
}
