import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing

/// `canarytop split … --apply api` against the loopback Consul stand-in.
@Suite(.sharedMachine) struct SplitConsulTests {
    static let splitter = #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":50,"ServiceSubset":"blue"},{"Weight":50,"ServiceSubset":"green"}]}"#
    static let resolver = #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{"Filter":"Service.Meta.version == 2"},"green":{"Filter":"Service.Meta.version == 3"}}}"#

    private func env(_ consul: ConsulStandIn, token: String? = nil) -> [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["CONSUL_HTTP_ADDR"] = consul.address
        e["CONSUL_HTTP_TOKEN"] = token
        return e
    }

    private func weights(_ consul: ConsulStandIn) throws -> [Double] {
        let text = try #require(consul.entry(kind: "service-splitter", name: "payments"))
        let o = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (o["Splits"] as? [[String: Any]] ?? []).map { ($0["Weight"] as? NSNumber)?.doubleValue ?? -1 }
    }

    @Test func rollbackOfTheLiveEntryUsesCASAndTheResolversDefault() async throws {
        let consul = try await ConsulStandIn.start()
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: Self.resolver)
        let index = try consul.seed(json: Self.splitter)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try await Canarytop.runAsync(
            ["split", "rollback", "--consul-entry", "payments", "--apply", "api", "--journal", dir.file("j")],
            environment: env(consul))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try weights(consul) == [100, 0])
        #expect(consul.requestLog.contains("PUT /v1/config?cas=\(index)"))
        #expect(try dir.read("j").contains("\"apply\":\"api\""))
    }

    @Test func invalidChangeIsRefusedInConsulsWords() async throws {
        let consul = try await ConsulStandIn.start()
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{"Filter":"Service.Meta.version == 2"}}}"#)
        try consul.seed(json: Self.splitter.replacingOccurrences(of: "\"green\"", with: "\"blue2\""))
        let r = try await Canarytop.runAsync(["split", "set", "--consul-entry", "payments", "--apply", "api", "blue=90", "blue2=10", "--journal", "/dev/null"],
                                  environment: env(consul))
        #expect(r.status != 0)
        #expect(r.stderr.contains(#"does not have a subset named "blue2""#), "\(r.stderr)")
    }

    @Test func wrongTokenIsAOneLineErrorWithoutTheToken() async throws {
        let consul = try await ConsulStandIn.start(requiredToken: "s3cret")
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: Self.splitter)
        let r = try await Canarytop.runAsync(["split", "rollback", "--consul-entry", "payments", "--apply", "api", "--journal", "/dev/null"],
                                  environment: env(consul, token: "guess"))
        #expect(r.status != 0)
        #expect(r.stderr.contains("403"))
        #expect(r.stderr.contains("ACL not found"))
        #expect(!r.stderr.contains("guess"))
        #expect(try weights(consul) == [50, 50])
    }

    @Test func fileWithApplyAPIWritesBothAndConsulValidates() async throws {
        let consul = try await ConsulStandIn.start()
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: Self.resolver)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("s.hcl", try SplitCommandTests.fixture("payments_splitter.hcl"))
        let r = try await Canarytop.runAsync(["split", "set", file, "green=10", "--apply", "api"], environment: env(consul))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try dir.read("s.hcl").contains("weight = 90,"))
        #expect(try weights(consul) == [90, 10])
    }

    @Test func consulDownIsAOneLineErrorAndNothingChanges() async throws {
        let consul = try await ConsulStandIn.start()
        let address = consul.address
        await consul.shutdown()
        var e = ProcessInfo.processInfo.environment
        e["CONSUL_HTTP_ADDR"] = address
        let r = try await Canarytop.runAsync(["split", "rollback", "--consul-entry", "payments", "--apply", "api"], environment: e)
        #expect(r.status != 0)
        #expect(r.stderr.contains("unreachable"))
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    /// The Consul CLI's flags win over its variables: `--http-addr` over a `CONSUL_HTTP_ADDR` that
    /// points nowhere, `--token`, and `--datacenter` sent as `?dc=`.
    @Test func theConsulCLIsFlagsReachConsul() async throws {
        let consul = try await ConsulStandIn.start(requiredToken: "s3cret")
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: Self.resolver)
        let index = try consul.seed(json: Self.splitter)
        var e = ProcessInfo.processInfo.environment
        e["CONSUL_HTTP_ADDR"] = "127.0.0.1:1"
        e["CONSUL_HTTP_TOKEN"] = "wrong"
        let r = try await Canarytop.runAsync(
            ["split", "rollback", "--consul-entry", "payments", "--apply", "api", "--journal", "/dev/null",
             "--http-addr", consul.address, "--token", "s3cret", "--datacenter", "dc1"], environment: e)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try weights(consul) == [100, 0])
        #expect(consul.requestLog.contains("PUT /v1/config?cas=\(index)&dc=dc1"))
        #expect(consul.requestLog.contains("GET /v1/config/service-resolver/payments?dc=dc1"))
    }

    @Test func anotherDatacenterOrANamespaceIsConsulsOwnRefusal() async throws {
        let consul = try await ConsulStandIn.start()
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: Self.splitter)
        for (flag, words) in [(["--datacenter", "dc2"], "Consul answered 500: No path to datacenter"),
                              (["--namespace", "team"], "Namespaces are a Consul Enterprise feature"),
                              (["--partition", "team"], "Partitions are a Consul Enterprise feature")] {
            let r = try await Canarytop.runAsync(
                ["split", "show", "--consul-entry", "payments", "--apply", "api"] + flag, environment: env(consul))
            #expect(r.status != 0)
            #expect(r.stderr.contains(words), "\(r.stderr)")
        }
        #expect(try weights(consul) == [50, 50])
    }

    /// `split --consul <addr>`, the old spelling of `--http-addr`, still works for one release.
    @Test func theOldConsulAddressSpellingStillWorks() async throws {
        let consul = try await ConsulStandIn.start()
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: Self.splitter)
        var e = ProcessInfo.processInfo.environment
        e["CONSUL_HTTP_ADDR"] = "127.0.0.1:1"
        let r = try await Canarytop.runAsync(
            ["split", "rollback", "--consul-entry", "payments", "--apply", "api", "--journal", "/dev/null", "--consul", consul.address],
            environment: e)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try weights(consul) == [100, 0])
        #expect(r.stderr.contains("note: split --consul <addr> is now --http-addr"))
    }
}
