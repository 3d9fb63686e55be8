import CanaryTesting
import ConsulStandIn
import Foundation
import Testing

/// `watch --headless --splitter FILE --apply api` with the guard: the demo's web to probe (green
/// fails the SLO), its splitter file, and a Consul stand-in of the test's own. With a Consul the
/// rollback is written through it — its live entry read first for its owner and ModifyIndex —
/// and the file too; an entry consul-k8s owns, or a Consul that cannot be asked, is refused in
/// one line before the run, nothing written anywhere.
@Suite(.sharedMachine) struct WatchApplyAPIFileTests {
    private func withDemo(_ body: (_ web: String, _ splitter: String, _ dir: TemporaryDirectory) async throws -> Void) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.file("demo"), "--port", "0", "--consul-port", "0", "--latency-scale", "0"])
        var failure: (any Error)?
        do {
            let web = try #require(demo.value("web"))
            try await body(web + "/", dir.file("demo/payments_splitter.hcl"), dir)
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    private func watch(
        _ web: String, _ splitter: String, _ dir: TemporaryDirectory, consul: String?,
        apply: [String] = ["--apply", "api"]
    ) async throws -> ChildProcess.End {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CONSUL_HTTP_ADDR")
        let arguments = ["watch", web, "--headless", "--until", "verdict", "--timeout", "60s", "--guard", "--slo", "1s", "--rate", "200",
                         "--splitter", splitter, "--stable", "blue", "--journal", dir.file("journal")]
            + apply + (consul.map { ["--http-addr", $0] } ?? []) + KubernetesWatchTests.rules
        let child = try ChildProcess(Canarytop.binary.path, arguments, environment: environment)
        let end = await child.wait(deadline: 90)
        #expect(end.exitedOnItsOwn, "the watch did not end within 90 s")
        return end
    }

    private static func weights(_ consul: ConsulStandIn) throws -> [Double] {
        let text = try #require(consul.entry(kind: "service-splitter", name: "payments"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (object["Splits"] as? [[String: Any]] ?? []).map { ($0["Weight"] as? NSNumber)?.doubleValue ?? 0 }
    }

    @Test func withAConsulTheGuardsRollbackIsWrittenThroughItAfterReadingItsOwner() async throws {
        let consul = try await ConsulStandIn.start()
        do {
            try consul.seed(json: FakeCluster.splitterJSON())
            try await withDemo { web, splitter, dir in
                let end = try await watch(web, splitter, dir, consul: consul.address)
                #expect(end.status == 2, "\(end.stderr)")
                #expect(try Self.weights(consul) == [100, 0])
                let text = try String(contentsOfFile: splitter, encoding: .utf8)
                #expect(text.contains("weight = 100,\n    service_subset = \"blue\""), "\(text)")
                let log = consul.requestLog.filter { $0.contains("/v1/config") }
                let put = try #require(log.firstIndex { $0.hasPrefix("PUT /v1/config") }, "\(log)")
                // The live entry was read (its owner, its ModifyIndex) before the write, which is conditional on it.
                #expect(log[..<put].contains { $0.hasPrefix("GET /v1/config/service-splitter/payments") }, "\(log)")
                #expect(log[put].contains("cas="), "\(log)")
                #expect(log.filter { $0.hasPrefix("PUT") }.count == 1, "\(log)")
                #expect(try dir.read("journal").contains(#""apply":"api","result":"ok""#))
            }
        } catch {
            await consul.shutdown()
            throw error
        }
        await consul.shutdown()
    }

    @Test func aConsulK8sEntryIsRefusedBeforeTheRunInOneLine() async throws {
        let consul = try await ConsulStandIn.start()
        do {
            try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
            try await withDemo { web, splitter, dir in
                let before = try String(contentsOfFile: splitter, encoding: .utf8)
                let end = try await watch(web, splitter, dir, consul: consul.address)
                #expect(end.status == 1, "\(end.stderr)")
                #expect(end.stderr.contains(#"refusing to roll back (use --apply kubectl): service-splitter "payments" is managed by consul-k8s (dc1)"#),
                        "\(end.stderr)")
                #expect(end.stderr.contains("(use --apply kubectl): service-splitter \"payments\" is managed by consul-k8s (dc1), which copies it from the ServiceSplitter resource"), "\(end.stderr)")
                #expect(end.stderr.split(separator: "\n").count == 1, "\(end.stderr)")
                #expect(try String(contentsOfFile: splitter, encoding: .utf8) == before)
                #expect(consul.requestLog.allSatisfy { !$0.hasPrefix("PUT") })
            }
        } catch {
            await consul.shutdown()
            throw error
        }
        await consul.shutdown()
    }

    @Test func withoutAConsulToAskTheWatchIsRefusedInOneLine() async throws {
        // A port nothing listens on: bound, then closed.
        let closed = try await ConsulStandIn.start()
        let address = closed.address
        await closed.shutdown()
        try await withDemo { web, splitter, dir in
            let before = try String(contentsOfFile: splitter, encoding: .utf8)
            let end = try await watch(web, splitter, dir, consul: address)
            #expect(end.status == 1, "\(end.stderr)")
            #expect(end.stderr.split(separator: "\n").count == 1, "\(end.stderr)")
            #expect(end.stderr.contains(address), "\(end.stderr)")
            #expect(try String(contentsOfFile: splitter, encoding: .utf8) == before)
        }
    }

    /// `--apply command` without a Consul: the guard's rollback runs the command, and the output
    /// says once, before that write, that whose the entry is could not be checked.
    @Test func applyCommandWithoutAConsulSaysTheOwnerWasNotCheckedBeforeTheGuardWrites() async throws {
        try await withDemo { web, splitter, dir in
            let end = try await watch(web, splitter, dir, consul: nil,
                                      apply: ["--apply", "command", "--command", "touch \(dir.file("ran")) {file}"])
            #expect(end.status == 2, "\(end.stderr)")
            let cautions = (end.stderr + end.stdout).split(separator: "\n").filter { $0.contains("could not check who owns") }
            #expect(cautions.count == 1, "\(end.stderr)")
            #expect(cautions.first?.contains(#"service-splitter "payments" in Consul (no Consul configured"#) == true)
            #expect(FileManager.default.fileExists(atPath: dir.file("ran")))
        }
    }
}
