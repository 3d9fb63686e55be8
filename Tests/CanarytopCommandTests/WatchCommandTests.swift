import CanaryHTTP
import CanaryTesting
import ConsulStandIn
import Foundation
import NIOHTTP1
import Synchronization
import Testing

/// `canarytop watch --headless` end to end: the built binary against loopback servers.
@Suite(.sharedMachine) struct WatchCommandTests {
    static let blueIP = "10.42.0.10"
    static let greenIP = "10.42.0.19"

    static func trace(_ ip: String) -> String {
        #"{"name":"web","uri":"/","type":"HTTP","ip_addresses":["10.42.0.14"],"duration":"1ms","upstream_calls":{"http://payments":{"name":"api-v1","uri":"http://payments","type":"HTTP","ip_addresses":["\#(ip)"],"duration":"1ms","code":200}},"code":200}"#
    }

    /// A server cycling through blue and green traces, Envoy's 503 text and empty 503s, counting each.
    final class Mesh: Sendable {
        final class Ledger: Sendable {
            let served = Mutex<[String: Int]>([:])
            let next = Atomic<Int>(0)
        }
        let ledger: Ledger
        let server: LoopbackHTTPServer
        var url: String { "http://127.0.0.1:\(server.port)/" }
        subscript(_ kind: String) -> Int { ledger.served.withLock { $0[kind] ?? 0 } }

        init() async throws {
            let ledger = Ledger()
            self.ledger = ledger
            server = try await LoopbackHTTPServer.start { _, respond in
                let kinds = ["blue", "blue", "green", "envoy", "blue", "green", "empty"]
                let kind = kinds[ledger.next.wrappingAdd(1, ordering: .relaxed).oldValue % kinds.count]
                ledger.served.withLock { $0[kind, default: 0] += 1 }
                switch kind {
                case "blue": respond(.init(status: .ok, contentType: "text/plain", text: WatchCommandTests.trace(WatchCommandTests.blueIP)))
                case "green": respond(.init(status: .ok, contentType: "text/plain", text: WatchCommandTests.trace(WatchCommandTests.greenIP)))
                case "envoy": respond(.init(status: .serviceUnavailable, contentType: "text/plain", text: "upstream connect error or disconnect/reset before headers. reset reason: connection failure"))
                default: respond(.init(status: .serviceUnavailable))
                }
            }
        }
    }

    static let rules = ["--subset", "blue=ip:\(blueIP)", "--subset", "green=ip:\(greenIP)"]

    private func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    private func subset(_ report: [String: Any], _ name: String) -> [String: Any]? {
        (report["subsets"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test func headlessJSONCountsEqualWhatTheServerServed() async throws {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let r = try await Canarytop.runAsync(
            ["watch", mesh.url, "--headless", "--requests", "61", "--rate", "500", "--json"] + Self.rules)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try object(r.stdout)
        #expect(report["requests"] as? Int == 61)
        #expect(subset(report, "blue")?["requests"] as? Int == mesh["blue"])
        #expect(subset(report, "green")?["requests"] as? Int == mesh["green"])
        #expect(subset(report, "blue")?["http_5xx"] as? Int == 0)
        let unattributed = try #require(report["unattributed"] as? [String: Any])
        #expect(unattributed["requests"] as? Int == mesh["envoy"] + mesh["empty"])
        #expect(unattributed["http_5xx"] as? Int == mesh["envoy"] + mesh["empty"])
        #expect((report["probe_errors"] as? [String: Any])?["requests"] as? Int == 0)
        let latency = try #require(subset(report, "blue")?["latency_ms"] as? [String: Any])
        for key in ["p50", "p90", "p99", "max"] { #expect(latency[key] is Double || latency[key] is Int) }
        #expect((subset(report, "green")?["share"] as? [String: Any])?["lower"] is Double)
        #expect(mesh["blue"] + mesh["green"] + mesh["envoy"] + mesh["empty"] == 61)
    }

    @Test func headlessTextIsATable() async throws {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let r = try await Canarytop.runAsync(["watch", mesh.url, "--headless", "--requests", "14", "--rate", "max", "--concurrency", "2"] + Self.rules)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("14 requests"))
        #expect(r.stdout.contains("(unattributed)"))
        #expect(r.stdout.contains("probe errors: 0"))
        let blueLine = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("blue") })
        #expect(blueLine.contains(" 6 "))
    }

    /// `--threads N` spreads the run over N lanes; the summary still counts every reply once.
    @Test func threadsSpreadTheRunAndCountEveryReply() async throws {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let r = try await Canarytop.runAsync(
            ["watch", mesh.url, "--headless", "--requests", "40", "--rate", "max", "--concurrency", "6", "--threads", "3", "--json"]
                + Self.rules)
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try object(r.stdout)
        #expect(summary["requests"] as? Int == 40)
        #expect(subset(summary, "blue")?["requests"] as? Int == mesh["blue"])
        #expect(subset(summary, "green")?["requests"] as? Int == mesh["green"])
        #expect(mesh["blue"] + mesh["green"] + mesh["envoy"] + mesh["empty"] == 40)
    }

    @Test(arguments: ["0", "-2", "100000"])
    func threadsOutOfRangeAreRefusedInOneLine(threads: String) async throws {
        let r = try await Canarytop.runAsync(["watch", "http://127.0.0.1:9/", "--headless", "--requests", "1", "--threads", threads])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--threads"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func reportEveryPrintsJSONLinesWhileRunning() async throws {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let r = try await Canarytop.runAsync(
            ["watch", mesh.url, "--headless", "--duration", "1s", "--rate", "40", "--report-every", "100ms", "--json"] + Self.rules)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("{\"requests\"") }
        #expect(lines.count >= 2, "\(r.stdout)")
        for line in lines { #expect(try object(String(line))["subsets"] != nil) }
        let summary = try object(String(r.stdout[r.stdout.range(of: "\n{\n")!.lowerBound...]))
        #expect(summary["requests"] as? Int == mesh["blue"] + mesh["green"] + mesh["envoy"] + mesh["empty"])
    }

    @Test func configuredWeightsStandBesideTheShares() async throws {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let splitter = try dir.write("s.hcl", try SplitCommandTests.fixture("payments_splitter.hcl"))
        let resolver = try dir.write("r.hcl", try SplitCommandTests.fixture("payments_resolver.hcl"))
        let r = try await Canarytop.runAsync(
            ["watch", mesh.url, "--headless", "--requests", "7", "--rate", "200", "--json", "--splitter", splitter, "--resolver", resolver]
                + Self.rules)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try object(r.stdout)
        #expect(subset(report, "blue")?["weight"] as? Double == 50)
        #expect(subset(report, "green")?["weight"] as? Double == 50)
        #expect((report["epoch"] as? [String: Any])?["number"] as? Int == 1)
    }

    /// `--consul-entry` uses Consul by itself (no `--catalog` needed), reached with `--http-addr`:
    /// the live entry's weights stand beside the shares, named by the live resolver.
    @Test func aLiveEntryIsFollowedThroughTheConsulOptions() async throws {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let consul = try await ConsulStandIn.start()
        defer { Task { await consul.shutdown() } }
        try consul.seed(json: SplitConsulTests.resolver)
        try consul.seed(json: SplitConsulTests.splitter)
        var env = ProcessInfo.processInfo.environment
        env["CONSUL_HTTP_ADDR"] = "127.0.0.1:1"
        let r = try await Canarytop.runAsync(
            ["watch", mesh.url, "--headless", "--requests", "7", "--rate", "200", "--json", "--consul-entry", "payments",
             "--http-addr", consul.address, "--datacenter", "dc1"] + Self.rules, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try object(r.stdout)
        #expect(subset(report, "blue")?["weight"] as? Double == 50)
        #expect(subset(report, "green")?["weight"] as? Double == 50)
        #expect(consul.requestLog.contains("GET /v1/config/service-splitter/payments?dc=dc1"))
        #expect(consul.requestLog.contains("GET /v1/config/service-resolver/payments?dc=dc1"))
    }

    /// A headless watch attributing by a fake catalog reached with `consul(catalog address)`,
    /// over a `CONSUL_HTTP_ADDR` that points nowhere; checks the counts and filters, returns stderr.
    private func watchByTheCatalog(_ consul: (String) -> [String]) async throws -> String {
        let mesh = try await Mesh()
        defer { Task { await mesh.server.shutdown() } }
        let catalog = try await FakeCatalog.start(service: "payments", instances: [
            "Service.Meta.version == 2": [.init(serviceAddress: Self.blueIP)],
            "Service.Meta.version == 3": [.init(serviceAddress: "", nodeAddress: Self.greenIP)],
        ])
        defer { Task { await catalog.shutdown() } }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let resolver = try dir.write("r.hcl", try SplitCommandTests.fixture("payments_resolver.hcl"))
        var env = ProcessInfo.processInfo.environment
        env["CONSUL_HTTP_ADDR"] = "127.0.0.1:1"
        let r = try await Canarytop.runAsync(
            ["watch", mesh.url, "--headless", "--requests", "14", "--rate", "200", "--json", "--resolver", resolver]
                + consul(catalog.address), environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try object(r.stdout)
        #expect(subset(report, "blue")?["requests"] as? Int == mesh["blue"])
        #expect(subset(report, "green")?["requests"] as? Int == mesh["green"])
        #expect(catalog.filtersAsked.prefix(2) == ["Service.Meta.version == 2", "Service.Meta.version == 3"])
        return r.stderr
    }

    /// `--catalog` and the Consul CLI's `--http-addr`.
    @Test func catalogAttributionUsesTheResolversFilters() async throws {
        let stderr = try await watchByTheCatalog { ["--catalog", "--http-addr", $0] }
        #expect(!stderr.contains("old spelling"))
    }

    /// The old spellings `--consul` and `--consul-addr` still work for one release, and say so.
    @Test func theOldConsulSpellingsStillAttributeByTheCatalog() async throws {
        let stderr = try await watchByTheCatalog { ["--consul", "--consul-addr", $0] }
        #expect(stderr.contains("note: --consul is now --catalog; the old spelling goes in the next release"))
        #expect(stderr.contains("note: --consul-addr is now --http-addr"))
    }

    @Test func consulFlagsNeedSomethingThatUsesConsul() async throws {
        for flag in [["--http-addr", "127.0.0.1:8500"], ["--datacenter", "dc1"], ["--consul-addr", "127.0.0.1:8500"]] {
            let r = try await Canarytop.runAsync(["watch", "http://127.0.0.1:1/", "--headless", "--requests", "1"] + flag)
            #expect(r.status != 0)
            #expect(r.stderr.contains("\(flag[0]) needs --catalog or --consul-entry"), "\(r.stderr)")
        }
    }

    /// A loopback port bound but not listening: connecting is refused, and no other test's
    /// server can take the port meanwhile (a freed port can be handed out again at once).
    final class ClosedPort {
        let fd: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = descriptor >= 0 && withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard bound else {
                if descriptor >= 0 { close(descriptor) }
                throw CocoaError(.fileWriteUnknown)
            }
            fd = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    @Test func anUnreachableTargetIsCountedNotFatal() async throws {
        let closed = try ClosedPort()
        let url = "http://127.0.0.1:\(closed.port)/"
        let r = try await Canarytop.runAsync(["watch", url, "--headless", "--requests", "3", "--rate", "100", "--json"])
        withExtendedLifetime(closed) {}
        #expect(r.status == 0, "\(r.stderr)")
        let faults = try #require(try object(r.stdout)["probe_errors"] as? [String: Any])
        #expect(faults["requests"] as? Int == 3)
        #expect((faults["by_class"] as? [String: Any])?["refused"] as? Int == 3)
    }

    @Test func headlessNeedsALimit() async throws {
        let r = try await Canarytop.runAsync(["watch", "http://127.0.0.1:9/", "--headless"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--requests"))
        let rate = try await Canarytop.runAsync(["watch", "http://127.0.0.1:9/", "--headless", "--requests", "1", "--rate", "fast"])
        #expect(rate.status != 0)
        #expect(rate.stderr.contains("--rate"))
    }

    @Test func benchProbeHasHelp() async throws {
        let r = try await Canarytop.runAsync(["bench", "probe", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("hey"))
        #expect(r.stdout.contains("--concurrency"))
    }
}
