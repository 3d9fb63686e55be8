import CanaryTesting
import ConsulStandIn
import Foundation
import Testing

/// `--apply command` on an HCL file asks Consul whose the live entry is only when a Consul is
/// configured; without one, `split` says it could not check, before the write, in one line.
@Suite(.sharedMachine) struct ApplyCommandOwnerCheckTests {
    private func split(_ dir: TemporaryDirectory, consul: String?) async throws -> ChildProcess.End {
        let path = try dir.write("payments.hcl", DirectWriteFixture.hcl)
        var environment = ProcessInfo.processInfo.environment
        environment["CONSUL_HTTP_ADDR"] = consul
        let child = try ChildProcess(Canarytop.binary.path, [
            "split", "set", path, "green=10", "--stable", "blue", "--journal", dir.file("j"),
            "--apply", "command", "--command", "touch \(dir.file("ran")) {file}",
        ], environment: environment)
        let end = await child.wait(deadline: 60)
        #expect(end.exitedOnItsOwn)
        return end
    }

    @Test func withoutAConsulTheOutputSaysTheOwnerWasNotChecked() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let end = try await split(dir, consul: nil)
        #expect(end.status == 0, "\(end.stderr)")
        let cautions = end.stderr.split(separator: "\n").filter { $0.contains("could not check who owns") }
        #expect(cautions == [
            Substring("warning: \(dir.file("payments.hcl")): could not check who owns service-splitter \"payments\" in Consul"
                + " (no Consul configured: --http-addr or CONSUL_HTTP_ADDR); if consul-k8s manages it, its controller puts"
                + " the resource's weights back at its next reconcile: change the resource with --apply kubectl instead"),
        ], "\(end.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("ran")))
        #expect(try dir.read("payments.hcl").contains("weight = 10, service_subset = \"green\""))
    }

    @Test func withAConsulTheLiveEntryIsAskedAndNoCautionIsPrinted() async throws {
        try await withStandIn { consul, _ in
            try consul.seed(json: FakeCluster.splitterJSON())
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let end = try await split(dir, consul: consul.address)
            #expect(end.status == 0, "\(end.stderr)")
            #expect(!end.stderr.contains("could not check who owns"), "\(end.stderr)")
            #expect(consul.requestLog.contains { $0.hasPrefix("GET /v1/config/service-splitter/payments") }, "\(consul.requestLog)")
            #expect(FileManager.default.fileExists(atPath: dir.file("ran")))
        }
    }
}

/// An HCL splitter with no owner of its own.
enum DirectWriteFixture {
    static let hcl = """
        kind = "service-splitter"
        name = "payments"
        splits = [
          { weight = 50, service_subset = "blue" },
          { weight = 50, service_subset = "green" },
        ]

        """
}
