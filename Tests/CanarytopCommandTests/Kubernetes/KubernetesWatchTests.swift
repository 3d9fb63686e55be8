import CanaryTesting
import Foundation
import Testing

/// `watch --headless` steering a consul-k8s splitter: the demo serving its entries as the
/// controller writes them (`demo --consul-k8s dc1`), a fake cluster whose controller writes the
/// demo's stand-in, and the guard and the steps going through `--apply kubectl` — every change
/// confirmed in Consul before it counts. A direct write is refused before the run starts.
@Suite(.sharedMachine) struct KubernetesWatchTests {
    static let rules = ["--subset", "blue=ip:10.42.0.10", "--subset", "green=ip:10.42.0.19"]

    private func withDemo(
        _ extra: [String], resource: String,
        _ body: (_ web: String, _ consul: String, _ cluster: FakeCluster, _ dir: TemporaryDirectory) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--latency-scale", "0",
             "--consul-k8s", "dc1"] + extra)
        var failure: (any Error)?
        do {
            let web = try #require(demo.value("web"))
            let consul = try #require(demo.value("consul"))
            let cluster = try FakeCluster(resources: [resource], consul: consul)
            defer { cluster.remove() }
            try await body(web + "/", consul, cluster, dir)
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    private func run(_ arguments: [String], consul: String) async throws -> ChildProcess.End {
        var environment = ProcessInfo.processInfo.environment
        environment["CONSUL_HTTP_ADDR"] = consul
        let child = try ChildProcess(Canarytop.binary.path, arguments, environment: environment)
        let end = await child.wait(deadline: 90)
        #expect(end.exitedOnItsOwn, "the watch did not end within 90 s")
        return end
    }

    private func consulWeights(_ consul: String) throws -> [Double] {
        let data = try Data(contentsOf: URL(string: "http://\(consul)/v1/config/service-splitter/payments")!)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (object["Splits"] as? [[String: Any]] ?? []).map { ($0["Weight"] as? NSNumber)?.doubleValue ?? 0 }
    }

    @Test func theGuardOnAConsulK8sEntryThroughTheAPIIsRefusedBeforeTheRun() async throws {
        try await withDemo([], resource: FakeCluster.payments()) { web, consul, _, dir in
            let end = try await run(["watch", web, "--headless", "--until", "verdict", "--timeout", "30s", "--guard",
                                     "--consul-entry", "payments", "--journal", dir.file("j")] + Self.rules, consul: consul)
            #expect(end.status == 1, "\(end.stderr)")
            #expect(end.stderr.contains(#"refusing to roll back (use --apply kubectl): service-splitter "payments" is managed by consul-k8s (dc1)"#), "\(end.stderr)")
            #expect(end.stderr.contains("--apply kubectl"))
            #expect(try consulWeights(consul) == [50, 50])
        }
    }

    @Test func theStepPlanWalksThroughKubectlWithEveryStepConfirmedInConsul() async throws {
        try await withDemo(["--green-bug", "none", "--green-weight", "0"], resource: FakeCluster.payments(blue: 100, green: 0)) {
            web, consul, cluster, dir in
            let end = try await run(
                ["watch", web, "--headless", "--until", "promoted", "--timeout", "60s", "--steps", "10,50,100",
                 "--step-every", "300ms", "--advance-on-inconclusive", "--rate", "200", "--max-p99-increase", "1000%",
                 "--consul-entry", "payments", "--apply", "kubectl", "--kubectl", cluster.kubectl,
                 "--journal", dir.file("j"), "--json"] + Self.rules, consul: consul)
            #expect(end.status == 0, "\(end.stderr)")
            let bodies = try cluster.patchBodies()
            #expect(bodies.count == 3, "\(bodies)")
            for (body, green) in zip(bodies, ["10", "50", "100"]) {
                // green had no weight (0 is left out), so its weight goes first, as SplitterMergePatch puts it.
                #expect(body.contains(#"{"weight":\#(green),"serviceSubset":"green"}"#), "\(body)")
            }
            #expect(try consulWeights(consul) == [0, 100])
            #expect(try cluster.weights("payments") == [0, 100])
            let journal = try dir.read("j")
            #expect(journal.split(separator: "\n").filter { $0.contains(#""apply":"kubectl""#) && $0.contains(#""result":"ok""#) }.count == 3)
            #expect(end.stderr.contains("managed by consul-k8s") == false)
        }
    }

    @Test func theGuardRollsBackThroughKubectlAndConsulShowsIt() async throws {
        try await withDemo([], resource: FakeCluster.payments()) { web, consul, cluster, dir in
            let end = try await run(
                ["watch", web, "--headless", "--until", "verdict", "--timeout", "60s", "--guard", "--slo", "1s", "--rate", "200",
                 "--consul-entry", "payments", "--apply", "kubectl", "--kubectl", cluster.kubectl, "--journal", dir.file("j")]
                    + Self.rules, consul: consul)
            #expect(end.status == 2, "\(end.stderr)")
            #expect(try consulWeights(consul) == [100, 0])
            #expect(try cluster.weights("payments") == [100, 0])
            #expect(try cluster.patchBodies().count == 1)
            #expect(try dir.read("j").contains(#""operation":"rollback""#))
        }
    }
}
