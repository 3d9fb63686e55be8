import CanaryTesting
import AsyncHTTPClient
import CanaryCore
import CanaryHTTP
import Foundation
import Testing
@testable import CanaryDemo

/// The demo mesh over real HTTP on loopback: traces, the workshop's bug, routing by the
/// splitter file, the Consul stand-in, and a clean shutdown.
@Suite(.sharedMachine) struct DemoMeshTests {
    @Test(arguments: TraceStyle.allCases)
    func servesValidFakeServiceTraces(style: TraceStyle) async throws {
        let h = try await DemoMeshHarness.start(style: style)
        do {
            for _ in 0..<4 {
                let reply = try await h.get()
                #expect(reply.status == 200)
                #expect(reply.contentType == "text/plain; charset=utf-8")
                #expect(reply.connection == "keep-alive")
                #expect(reply.text.hasSuffix("}\n"))
                // Byte for byte what fake-service would write for the same content.
                let model = try #require(FakeTraceReader.read(reply.body))
                #expect(FakeTraceEncoder.encode(model, style: style) == reply.text)
                #expect(reply.text.contains(style == .current ? "\"upstream_calls\": {" : "\"upstream_calls\": ["))

                let trace = try #require(reply.trace)
                #expect(trace.root.name == "web")
                #expect(trace.root.ipAddresses == [DemoTopology.webAddress])
                #expect(trace.root.body == "Hello World")
                let payments = try #require(trace.root.upstreamCalls.first)
                #expect(payments.name == "payments")
                #expect(payments.uri == DemoTopology.sidecarURI)
                #expect(payments.key == (style == .current ? DemoTopology.sidecarURI : nil))
                #expect(payments.header("Content-Type") == "text/plain; charset=utf-8")
                #expect([[DemoTopology.blueAddress], [DemoTopology.greenAddress]].contains(payments.ipAddresses))
                #expect(payments.duration != nil)
                let currency = try #require(payments.upstreamCalls.first)
                #expect(currency.name == "currency")
                #expect(currency.code == 200)
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test func greenCarriesTheWorkshopsTimeout() async throws {
        let h = try await DemoMeshHarness.start(bug: .timeout, greenTimeout: 0.2)
        do {
            var seen: Set<String> = []
            for _ in 0..<4 {
                let reply = try await h.get()
                let trace = try #require(reply.trace)
                let payments = try #require(trace.root.upstreamCalls.first)
                if payments.ipAddresses == [DemoTopology.greenAddress] {
                    seen.insert("green")
                    #expect(reply.status == 500)
                    #expect(trace.root.code == 500)
                    #expect(trace.root.body == nil)
                    #expect(payments.code == 500)
                    #expect(payments.error == "Error processing upstream request: http://localhost:9091/, expected code 200, got 500")
                    let noReply = try #require(payments.upstreamCalls.first)
                    #expect(noReply.name == nil && noReply.ipAddresses.isEmpty && noReply.durationText == nil)
                    #expect(noReply.code == -1)
                    #expect(noReply.error == #"Error communicating with upstream service: Get "http://localhost:9091/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"#)
                    // The hop lasted at least the client timeout: the call really waited.
                    #expect(try #require(payments.duration) >= 0.2)
                    #expect(trace.failingHop?.code == -1)
                } else {
                    seen.insert("blue")
                    #expect(reply.status == 200)
                }
            }
            #expect(seen == ["blue", "green"])
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test func greenErrorsAreInjectedAsFakeServiceDoes() async throws {
        let h = try await DemoMeshHarness.start(bug: .errors, errorRate: 0.5)
        do {
            // 50/50 alternates blue, green; green fails every second request it gets.
            let replies = try await (0..<8).asyncMap { _ in try await h.get() }
            let green = replies.filter { $0.trace?.root.upstreamCalls.first?.ipAddresses == [DemoTopology.greenAddress] }
            #expect(green.count == 4)
            #expect(green.map(\.status) == [200, 500, 200, 500])
            let failed = try #require(green[1].trace?.root.upstreamCalls.first)
            #expect(failed.name == "payments")
            #expect(failed.code == 500)
            #expect(failed.durationText == nil)
            #expect(failed.upstreamCalls.isEmpty)
            #expect(failed.error == "Error processing upstream request: http://localhost:9091/, expected code 200, got 500")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test func theSplitFollowsTheFileAndARollbackSendsNothingToGreen() async throws {
        let h = try await DemoMeshHarness.start(bug: .timeout, greenTimeout: 0.05, greenWeight: .zero)
        do {
            let idle = try await h.tally(20)
            #expect(idle == ["blue": 20])

            try h.writeSplitter(blue: 90, green: 10)
            try await h.mesh.watcher.waitUntil { $0.summary == "blue 90 / green 10" }
            let split = try await h.tally(300)
            #expect(withinBinomial(split["green", default: 0], of: 300, share: 0.10), "\(split)")
            #expect(split["green", default: 0] == split["status 500", default: 0])

            try h.writeSplitter(blue: 100, green: 0)
            try await h.mesh.watcher.waitUntil { $0.summary == "blue 100 / green 0" }
            let after = try await h.tally(300)
            #expect(after == ["blue": 300], "every reply fast and 200 after the rollback")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test func fiftyFiftyAsInTheWorkshop() async throws {
        let h = try await DemoMeshHarness.start()
        do {
            let counts = try await h.tally(400)
            #expect(withinBinomial(counts["blue", default: 0], of: 400, share: 0.5), "\(counts)")
            #expect(counts["blue", default: 0] + counts["green", default: 0] == 400)
            // Keep-alive: a handful of connections carried hundreds of requests on every hop.
            let accepted = h.mesh.acceptedConnections
            for role in ["web", "blue", "green", "currency"] {
                #expect(accepted[role, default: 0] <= 8, "\(role): \(accepted)")
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test func aCriticalInstanceIsDrainedAndItsShareGetsEnvoys503() async throws {
        let h = try await DemoMeshHarness.start()
        do {
            h.mesh.consul.setStatus(id: "payments-green-1", .critical)
            try await h.mesh.watcher.waitUntil { $0.targets.count == 2 && $0.targets[1].instances.isEmpty }
            let replies = try await (0..<2).asyncMap { _ in try await h.get() }
            let drained = try #require(replies.first { $0.status == 500 }?.trace?.root.upstreamCalls.first)
            #expect(drained.code == 503)
            #expect(drained.name == nil)
            #expect(drained.header("Server") == "envoy")
            #expect(drained.error == "Error processing upstream request: http://localhost:9091/, expected code 200, got 503")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test func shutdownFreesEveryPort() async throws {
        let h = try await DemoMeshHarness.start(bug: .timeout, greenTimeout: 30)
        let e = h.mesh.endpoints
        // The first request goes to blue; the second hangs on green's stalled call to currency.
        _ = try await h.get()
        let client = h.client, url = e.webURL + "/"
        let pending = Task { try? await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60)) }
        while h.mesh.acceptedConnections["stall", default: 0] == 0 { await Task.yield() }
        await h.stop()
        _ = await pending.value
        // Nothing of the mesh answers any more. (Rebinding the ports would race with other tests,
        // which may be handed the same free ports; a refused or foreign answer is what counts.)
        var config = HTTPClient.Configuration()
        config.connectionPool.retryConnectionEstablishment = false
        let probe = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        for port in [e.web, e.blue, e.green, e.currency, e.consul] {
            if let response = try? await probe.execute(HTTPClientRequest(url: "http://\(e.host):\(port)/v1/health/service/payments"), timeout: .seconds(5)),
               let body = try? await response.body.collect(upTo: 1 << 20) {
                let text = String(buffer: body)
                #expect(!text.contains("\"ip_addresses\"") && !text.contains("10.42.0."), "port \(port) still serves the mesh")
            }
        }
        try await probe.shutdown()
    }
}

extension Sequence {
    /// `map` with an async transform, one element at a time.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
