import CanaryTesting
import ConsulStandIn
import Foundation
import Testing

/// The built binary on a fake cluster (`FakeCluster`, a fake kubectl acting as the consul-k8s
/// controller) and a stand-in serving the controller's entries: what each path of `split` exits
/// with and says, and that no direct write reaches a consul-k8s entry. Every run has a deadline.
@Suite(.sharedMachine) struct KubernetesCommandTests {
    static let deadline = 60.0

    /// A stand-in holding the workshop's entries as consul-k8s (dc1) writes them, and a cluster.
    private func withCluster(
        _ resources: [String] = [FakeCluster.payments()], variant: String = "ok",
        _ body: (ConsulStandIn, FakeCluster, [String: String]) async throws -> Void
    ) async throws {
        let consul = try await ConsulStandIn.start()
        do {
            try consul.seed(json: FakeCluster.resolverJSON, consulK8s: "dc1")
            try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
            let cluster = try FakeCluster(resources: resources, variant: variant, consul: consul.address)
            defer { cluster.remove() }
            var environment = ProcessInfo.processInfo.environment
            environment["CONSUL_HTTP_ADDR"] = consul.address
            try await body(consul, cluster, environment)
        } catch {
            await consul.shutdown()
            throw error
        }
        await consul.shutdown()
    }

    private func run(_ arguments: [String], _ environment: [String: String]) async throws -> ChildProcess.End {
        let child = try ChildProcess(Canarytop.binary.path, arguments, environment: environment)
        let end = await child.wait(deadline: Self.deadline)
        #expect(end.exitedOnItsOwn, "canarytop \(arguments.joined(separator: " ")) did not end within \(Self.deadline) s")
        return end
    }

    private func consulWeights(_ consul: ConsulStandIn) throws -> [Double] {
        let text = try #require(consul.entry(kind: "service-splitter", name: "payments"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (object["Splits"] as? [[String: Any]] ?? []).map { ($0["Weight"] as? NSNumber)?.doubleValue ?? 0 }
    }

    @Test func everyDirectWriteToAConsulK8sEntryIsRefusedWithExitOneAndNoPUT() async throws {
        try await withCluster { consul, _, environment in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let marker = dir.file("ran")
            let file = try dir.write("payments.hcl", """
                Kind = "service-splitter"
                Name = "payments"
                Splits = [
                  { Weight = 50, ServiceSubset = "blue" },
                  { Weight = 50, ServiceSubset = "green" },
                ]

                """)
            let runs: [[String]] = [
                ["split", "rollback", "--consul-entry", "payments", "--apply", "api"],
                ["split", "set", "--consul-entry", "payments", "--apply", "api", "green=10"],
                ["split", "promote", "--consul-entry", "payments", "--apply", "api", "--to", "green"],
                ["split", "rollback", file, "--apply", "api"],
                ["split", "rollback", file, "--apply", "command", "--command", "touch \(marker) {file}"],
            ]
            for arguments in runs {
                let end = try await run(arguments + ["--journal", dir.file("journal")], environment)
                #expect(end.status == 1, "\(arguments): \(end.stderr)")
                #expect(end.stderr.contains(#"is managed by consul-k8s (dc1), which copies it from the ServiceSplitter resource "payments""#),
                        "\(end.stderr)")
                #expect(end.stderr.contains("(use --apply kubectl): service-splitter \"payments\" is managed by consul-k8s"))
                #expect(end.stderr.split(separator: "\n").count == 1, "\(end.stderr)")
            }
            #expect(consul.requestLog.allSatisfy { !$0.hasPrefix("PUT") })
            #expect(!FileManager.default.fileExists(atPath: marker))
            #expect(try dir.read("payments.hcl").contains("Weight = 50, ServiceSubset = \"blue\""))
        }
    }

    @Test func splitShowSaysWhoManagesTheEntry() async throws {
        try await withCluster { _, _, environment in
            let end = try await run(["split", "show", "--consul-entry", "payments", "--apply", "api"], environment)
            #expect(end.status == 0, "\(end.stderr)")
            #expect(end.stdout.contains("  managed by consul-k8s (dc1) (change it with --apply kubectl, not in Consul)"), "\(end.stdout)")
            let json = try await run(["split", "show", "--consul-entry", "payments", "--apply", "api", "--json"], environment)
            #expect(json.stdout.contains(#""managed_by": "managed by consul-k8s (dc1)""#), "\(json.stdout)")
        }
    }

    @Test func applyKubectlPatchesTheResourceAndReturnsOnceConsulHasIt() async throws {
        try await withCluster { consul, cluster, environment in
            let end = try await run(["split", "set", "--consul-entry", "payments", "--apply", "kubectl", "--kubectl", cluster.kubectl,
                                     "green=10", "--journal", "/dev/null"], environment)
            #expect(end.status == 0, "\(end.stderr)")
            #expect(end.stdout.contains("kubectl ServiceSplitter default/payments: set green=10: blue 50→90, green 50→10 (resourceVersion 102)"),
                    "\(end.stdout)")
            #expect(try consulWeights(consul) == [90, 10])
            #expect(try cluster.patchBodies() == [
                #"{"metadata":{"resourceVersion":"100"},"spec":{"splits":[{"serviceSubset":"blue","weight":90},{"serviceSubset":"green","weight":10}]}}"#,
            ])
            #expect(try cluster.calls().allSatisfy { !$0.arguments.contains("--context") })
            let show = try await run(["split", "show", "--consul-entry", "payments", "--apply", "kubectl", "--kubectl", cluster.kubectl,
                                      "--k8s-namespace", "default", "--k8s-context", "kind-shop"], environment)
            #expect(show.stdout.contains("  managed by consul-k8s (dc1)\n"), "\(show.stdout)")
            #expect(try cluster.calls().last?.arguments.prefix(2) == ["--context", "kind-shop"])
        }
    }

    /// Without `--kubectl`, the `kubectl` found on `PATH` is the one run — the user's own.
    @Test func withoutKubectlFlagTheKubectlOnPathIsRun() async throws {
        try await withCluster { consul, cluster, environment in
            var environment = environment
            let directory = URL(fileURLWithPath: cluster.kubectl).deletingLastPathComponent().path
            environment["PATH"] = directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            let end = try await run(["split", "rollback", "--consul-entry", "payments", "--apply", "kubectl", "--journal", "/dev/null"],
                                    environment)
            #expect(end.status == 0, "\(end.stderr)")
            #expect(try cluster.patchBodies().count == 1)
            #expect(try consulWeights(consul) == [100, 0])
        }
    }

    @Test func eachKubectlFailureIsOneLineAndExitOne() async throws {
        let cases: [(variant: String, resources: [String], words: String)] = [
            ("forbidden", [FakeCluster.payments()], "your Kubernetes identity cannot patch servicesplitters in default; nothing written"),
            ("webhook", [FakeCluster.payments()], "the consul-k8s webhook refused the change: "),
            ("stale", [FakeCluster.payments()], "applied to Kubernetes, not yet in Consul after 0.5 s: not synced again since the patch"),
            ("conflict-spec", [FakeCluster.payments()], "was changed by someone else since it was read (generation 2 → 3)"),
            ("ok", [FakeCluster.payments(synced: false)], "is not in sync with Consul (Synced=False, ExternallyManagedConfigError: config entry already exists in Consul)"),
            ("ok", [FakeCluster.payments(namespace: "a"), FakeCluster.payments(namespace: "b")],
             #"2 ServiceSplitters are named "payments" (a/payments, b/payments): choose one with --k8s-namespace"#),
        ]
        for c in cases {
            try await withCluster(c.resources, variant: c.variant) { consul, cluster, environment in
                let end = try await run(["split", "rollback", "--consul-entry", "payments", "--apply", "kubectl",
                                         "--kubectl", cluster.kubectl, "--sync-timeout", "0.5", "--journal", "/dev/null"], environment)
                #expect(end.status == 1, "\(c.variant): \(end.stderr)")
                #expect(end.stderr.contains(c.words), "\(c.variant): \(end.stderr)")
                #expect(end.stderr.split(separator: "\n").count == 1, "\(end.stderr)")
                #expect(try consulWeights(consul) == [50, 50])
            }
        }
    }

    @Test func kubectlFlagsAreRefusedWithoutItsModeAndTheModeNeedsAnEntry() async throws {
        let environment = ProcessInfo.processInfo.environment
        for (arguments, words) in [
            (["split", "rollback", "s.hcl", "--kubectl", "/bin/true"], "--kubectl is used only with --apply kubectl"),
            (["split", "rollback", "s.hcl", "--apply", "kubectl"], "--apply kubectl needs --consul-entry <name>"),
            (["split", "rollback", "--consul-entry", "payments", "--apply", "kubectl", "--sync-timeout", "0"], "--sync-timeout"),
            (["watch", "http://127.0.0.1:9/", "--apply", "kubectl", "--splitter", "s.hcl"], "--apply kubectl needs --consul-entry <name>"),
        ] {
            let end = try await run(arguments, environment)
            #expect(end.status != 0)
            #expect(end.stderr.contains(words), "\(arguments): \(end.stderr)")
        }
    }
}
