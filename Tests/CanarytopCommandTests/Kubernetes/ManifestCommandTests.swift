import CanaryTesting
import ConsulStandIn
import Foundation
import Testing

/// `split …` and `watch` on ServiceSplitter / ServiceResolver manifests kept in Git: read as
/// the resources they are, rewritten weight by weight (the core's golden files), never sent to
/// Consul's API.
@Suite(.sharedMachine) struct ManifestCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CanaryCoreTests/Fixtures/Kubernetes")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    private func run(_ arguments: [String]) async throws -> ChildProcess.End {
        let child = try ChildProcess(Canarytop.binary.path, arguments)
        let end = await child.wait(deadline: 60)
        #expect(end.exitedOnItsOwn)
        return end
    }

    @Test func aManifestIsRewrittenWeightByWeightAsTheGoldenFileSays() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("payments.yaml", try Self.fixture("workshop.yaml"))
        let end = try await run(["split", "set", path, "green=10", "--resolver", path, "--journal", dir.file("j")])
        #expect(end.status == 0, "\(end.stderr)")
        #expect(try dir.read("payments.yaml") == (try Self.fixture("golden/workshop.90-10.yaml")))
        #expect(try dir.read("j").contains(#""apply":"file""#))
    }

    @Test func showReadsTheResolverOfTheSameFileAndNamesTheStableSubset() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Any name: the content tells a manifest.
        let path = try dir.write("payments.k8s", try Self.fixture("workshop.yaml"))
        let end = try await run(["split", "show", path, "--resolver", path])
        #expect(end.status == 0, "\(end.stderr)")
        #expect(end.stdout.contains(#"service-splitter "payments" (yaml, sha256:"#), "\(end.stdout)")
        #expect(end.stdout.contains("blue        50 %  (stable)"), "\(end.stdout)")
    }

    @Test func aManifestWithApplyAPIIsRefusedAndKept() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try Self.fixture("workshop.yaml")
        let path = try dir.write("payments.yml", text)
        var environment = ProcessInfo.processInfo.environment
        environment["CONSUL_HTTP_ADDR"] = "127.0.0.1:1"
        let child = try ChildProcess(Canarytop.binary.path, ["split", "rollback", path, "--apply", "api"], environment: environment)
        let end = await child.wait(deadline: 60)
        #expect(end.status == 1)
        #expect(end.stderr.contains("a ServiceSplitter manifest is applied by Kubernetes"), "\(end.stderr)")
        #expect(try dir.read("payments.yml") == text)
    }

    /// `--apply kubectl` patches the live resource; a manifest in Git is refused in one line that
    /// names the way that works for it, for `split` and `watch`, the file kept.
    @Test func aManifestWithApplyKubectlIsRefusedInOneLineNamingKubectlApply() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try Self.fixture("workshop.yaml")
        let path = try dir.write("payments.yaml", text)
        for arguments in [["split", "set", path, "green=10", "--apply", "kubectl"],
                          ["watch", "http://127.0.0.1:9/", "--splitter", path, "--apply", "kubectl"]] {
            let end = try await run(arguments)
            #expect(end.status == 1, "\(arguments): \(end.stderr)")
            #expect(end.stderr.contains("\(path): --apply kubectl patches the live ServiceSplitter (--consul-entry <name>), not a manifest;"
                + " to change this file and apply it, use --apply command --command 'kubectl apply -f {file}'"), "\(end.stderr)")
            #expect(end.stderr.split(separator: "\n").count == 1, "\(end.stderr)")
        }
        #expect(try dir.read("payments.yaml") == text)
    }

    /// The way that works: the manifest rewritten weight by weight, then `kubectl apply -f` (here
    /// a command that records the file it is given). The file is the resource, not a Consul
    /// entry: nothing is asked of Consul's config API, nothing refused, no ownership caution.
    @Test func aManifestAppliedWithKubectlApplyIsRewrittenAndHandedToTheCommand() async throws {
        try await withStandIn { consul, _ in
            try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
            for configured in [true, false] {
                let dir = try TemporaryDirectory()
                defer { dir.remove() }
                let path = try dir.write("payments.yaml", try Self.fixture("workshop.yaml"))
                var environment = ProcessInfo.processInfo.environment
                environment["CONSUL_HTTP_ADDR"] = configured ? consul.address : nil
                let child = try ChildProcess(Canarytop.binary.path, [
                    "split", "set", path, "green=10", "--resolver", path, "--journal", dir.file("j"),
                    "--apply", "command", "--command", "cp {file} \(dir.file("applied.yaml"))",
                ], environment: environment)
                let end = await child.wait(deadline: 60)
                #expect(end.status == 0, "\(end.stderr)")
                #expect(!end.stderr.contains("could not check who owns"), "\(end.stderr)")
                let golden = try Self.fixture("golden/workshop.90-10.yaml")
                #expect(try dir.read("payments.yaml") == golden)
                #expect(try dir.read("applied.yaml") == golden)
                #expect(try dir.read("j").contains(#""apply":"command""#))
            }
            #expect(consul.requestLog.allSatisfy { !$0.contains("/v1/config/service-splitter") }, "\(consul.requestLog)")
        }
    }
}
