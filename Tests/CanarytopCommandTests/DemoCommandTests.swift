import AsyncHTTPClient
import CanaryCore
import CanaryTesting
import Foundation
import NIOCore
import Testing

/// `canarytop demo --serve-only` as a newcomer uses it: curl web, roll back, stop.
@Suite(.sharedMachine) struct DemoCommandTests {
    /// A fast demo: free ports, no added latency, green's timeout 100 ms instead of 5 s.
    static func fastArguments(_ dir: TemporaryDirectory, _ extra: [String] = []) -> [String] {
        ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--latency-scale", "0",
         "--green-timeout", "100ms"] + extra
    }

    /// Runs `body` against a started demo, then stops it with `signal` and checks it exits 0.
    private func withDemo(
        _ extra: [String] = [], environment: [String: String]? = nil, signal: Int32 = SIGTERM,
        _ body: (DemoProcess, TemporaryDirectory, HTTPClient) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(Self.fastArguments(dir, extra), environment: environment)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var failure: (any Error)?
        do {
            try await body(demo, dir, client)
        } catch {
            failure = error
        }
        try? await client.shutdown()
        let (status, stderr) = await demo.stop(signal: signal)
        if let failure { throw failure }
        #expect(status == 0, "\(stderr)")
        #expect(demo.lines.last == "stopped")
    }

    private func get(_ client: HTTPClient, _ url: String) async throws -> (Int, String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Which subset served a reply of web, by the payments hop's IP.
    private func subset(_ body: String) -> String? {
        let rules = [try! SubsetRule(parsing: "blue=ip:10.42.0.10"), try! SubsetRule(parsing: "green=ip:10.42.0.19")]
        return TraceDecoder.decode(body).trace.flatMap { Attributor(rules: rules).attribute($0).subset }
    }

    @Test func curlShowsTheWorkshopAndARollbackMakesEveryReplyGood() async throws {
        try await withDemo { demo, dir, client in
            let web = try #require(demo.value("web"))
            let splitter = try #require(demo.value("splitter"))
            #expect(splitter == dir.file("payments_splitter.hcl"))
            #expect(demo.value("resolver") == dir.file("payments_resolver.hcl"))
            #expect(demo.value("consul")?.hasPrefix("127.0.0.1:") == true)
            #expect(try String(contentsOfFile: splitter, encoding: .utf8).contains("weight = 50,"))

            var codes: [String: Int] = [:]
            for _ in 0..<6 {
                let (status, body) = try await get(client, web)
                let who = subset(body) ?? "?"
                codes[who] = status
                if who == "green" {
                    #expect(body.contains("\"code\": -1"))
                    #expect(body.contains("Client.Timeout exceeded while awaiting headers"))
                }
            }
            #expect(codes == ["blue": 200, "green": 500])

            let rollback = try await Canarytop.runAsync(["split", "rollback", splitter])
            #expect(rollback.status == 0, "\(rollback.stderr)")
            _ = try await demo.line { $0 == "split: blue 100 / green 0 (from payments_splitter.hcl)" }
            for _ in 0..<20 {
                let (status, body) = try await get(client, web)
                #expect(status == 200)
                #expect(subset(body) == "blue")
            }
        }
    }

    @Test func applyAPIAndTheCatalogWorkAgainstTheDemosStandIn() async throws {
        try await withDemo { demo, _, client in
            let consul = try #require(demo.value("consul"))
            let splitter = try #require(demo.value("splitter"))
            var env = ProcessInfo.processInfo.environment
            env["CONSUL_HTTP_ADDR"] = consul

            // The catalog answers the resolver's own filters, under the workshop's service name too.
            for service in ["payments", "payment"] {
                let (status, body) = try await get(client, "http://\(consul)/v1/health/service/\(service)?filter=Service.Meta.version%20%3D%3D%203&passing")
                #expect(status == 200)
                let list = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
                #expect(list.count == 1)
                let entry = try #require(list.first?["Service"] as? [String: Any])
                #expect(entry["Address"] as? String == "10.42.0.19")
                #expect(entry["Tags"] as? [String] == ["v3"])
            }

            // File and Consul together: canarytop writes both, CAS-checked; web follows.
            let set = try await Canarytop.runAsync(["split", "set", splitter, "green=10", "--apply", "api"], environment: env)
            #expect(set.status == 0, "\(set.stderr)")
            _ = try await demo.line { $0.hasPrefix("split: blue 90 / green 10") }
            let (_, entry) = try await get(client, "http://\(consul)/v1/config/service-splitter/payments")
            #expect(entry.contains("\"Weight\":90"))

            // Consul alone: the live entry changes, the file does not, and web still follows.
            let live = try await Canarytop.runAsync(
                ["split", "rollback", "--consul-entry", "payments", "--apply", "api", "--journal", "/dev/null"], environment: env)
            #expect(live.status == 0, "\(live.stderr)")
            _ = try await demo.line { $0 == "split: blue 100 / green 0 (from consul service-splitter/payments)" }
            #expect(try String(contentsOfFile: splitter, encoding: .utf8).contains("weight = 10,"))
        }
    }

    @Test func legacyTracesAreArraysAndSIGINTAlsoStopsCleanly() async throws {
        try await withDemo(["--legacy-traces", "--green-bug", "none"], signal: SIGINT) { demo, _, client in
            let (status, body) = try await get(client, try #require(demo.value("web")))
            #expect(status == 200)
            #expect(body.contains("\"upstream_calls\": [\n"))
            #expect(demo.value("traces")?.hasPrefix("legacy") == true)
        }
    }

    @Test func withoutATerminalItServesOnlyAndSaysSo() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let arguments = Self.fastArguments(dir).filter { $0 != "--serve-only" }
        let demo = try await DemoProcess.start(arguments)
        let (status, _) = await demo.stop()
        #expect(status == 0)
        #expect(demo.lines.contains { $0 == "note: no terminal on standard input/output, so no dashboard: serving only" })
        #expect(demo.lines.contains { $0.contains("split rollback \(dir.file("payments_splitter.hcl"))") })
        // Every port is free again.
        let web = try #require(demo.value("web").flatMap { URL(string: $0)?.port })
        var config = HTTPClient.Configuration()
        config.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        await #expect(throws: (any Error).self) { _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(web)/"), timeout: .seconds(5)) }
        try await client.shutdown()
    }

    @Test func aBrokenWorkingCopyIsRefusedInOneLine() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("payments_splitter.hcl", "kind = \"service-splitter\"\nname = \"payments\"\nsplits = [ { weight = 10 } ]\n")
        let r = try await Canarytop.runAsync(Self.fastArguments(dir))
        #expect(r.status != 0)
        #expect(r.stderr.contains("the sum of all split weights must be 100, not 10.000000"))
        #expect(r.stderr.contains("--reset"))
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test func aTakenExplicitPortIsAnError() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try await DemoProcess.start(Self.fastArguments(dir))
        let port = try #require(first.value("web").flatMap { URL(string: $0)?.port })
        let other = try TemporaryDirectory()
        defer { other.remove() }
        var arguments = Self.fastArguments(other)
        arguments[arguments.firstIndex(of: "--port")! + 1] = String(port)
        let second = try await Canarytop.runAsync(arguments)
        _ = await first.stop()
        #expect(second.status != 0)
        #expect(second.stderr.contains("127.0.0.1:\(port) is already in use"))
    }
}
