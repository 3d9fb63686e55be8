import CanaryApp
import CanaryCore
import CanaryTesting
import Dispatch
import Foundation
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.sharedMachine) struct MetricsEndpointTests {
    static let loopback = MetricsAddress(host: "127.0.0.1", port: 0)

    /// blue 2 × 200, green 1 × 503, and epoch 2.
    static func sample() -> MetricsSample {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        tallies.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.02), at: 1)
        tallies.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.03), at: 1)
        tallies.record(Observation(subset: "green", status: 503, body: .trace, latency: 0.5), at: 1)
        return MetricsSample(run: tallies.snapshot(at: 2).sinceEpoch, epoch: 2, service: "payments", weights: [], verdicts: [])
    }

    static func withEndpoint(
        sample: @escaping @Sendable () -> MetricsSample = MetricsEndpointTests.sample, _ body: (MetricsEndpoint) async throws -> Void
    ) async throws {
        let endpoint = try await MetricsEndpoint.start(loopback, sample: sample)
        do {
            try await body(endpoint)
        } catch {
            await endpoint.shutdown()
            throw error
        }
        await endpoint.shutdown()
    }

    @Test func servesTheTextFormatByDefaultAndOpenMetricsWhenAsked() async throws {
        try await Self.withEndpoint { endpoint in
            let text = try await PlainHTTP.get(port: endpoint.address.port, path: "/metrics")
            #expect(text.status == 200)
            #expect(text.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(text.body == MetricsExposition.render(Self.sample(), format: .text))
            let open = try await PlainHTTP.get(
                port: endpoint.address.port, path: "/metrics", headers: [("Accept", "application/openmetrics-text;version=1.0.0")])
            #expect(open.headers["content-type"] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
            #expect(open.body == MetricsExposition.render(Self.sample(), format: .openMetrics))
            #expect(open.body.hasSuffix("# EOF\n"))
        }
    }

    @Test func otherPathsAreNotFound() async throws {
        try await Self.withEndpoint { endpoint in
            let root = try await PlainHTTP.get(port: endpoint.address.port, path: "/")
            let near = try await PlainHTTP.get(port: endpoint.address.port, path: "/metricsx")
            #expect(root.status == 404 && near.status == 404)
        }
    }

    @Test func anAddressInUseIsOneLineNamingTheOption() async throws {
        try await Self.withEndpoint { first in
            let taken = MetricsAddress(host: "127.0.0.1", port: first.address.port)
            do {
                let second = try await MetricsEndpoint.start(taken, sample: Self.sample)
                await second.shutdown()
                Issue.record("a second endpoint bound \(taken)")
            } catch let error as RunError {
                #expect(error.description == "--metrics-addr \(taken): the address is already in use (is another canarytop or exporter on it?)")
            }
        }
    }

    @Test func manyScrapesAtOnceAllGetTheWholeText() async throws {
        try await Self.withEndpoint { endpoint in
            let expected = MetricsExposition.render(Self.sample(), format: .text)
            let port = endpoint.address.port
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 { group.addTask { try await PlainHTTP.get(port: port, path: "/metrics").body } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(bodies.count == 64 && bodies.allSatisfy { $0 == expected })
        }
    }

    @Test func aClientThatNeverSendsHoldsNothingUp() async throws {
        try await Self.withEndpoint { endpoint in
            let idle = try (0..<8).map { _ in try PlainHTTP.connectIdle(port: endpoint.address.port) }
            defer { idle.forEach { close($0) } }
            let reply = try await PlainHTTP.get(port: endpoint.address.port, path: "/metrics", timeout: 30)
            #expect(reply.status == 200 && reply.body.contains("canarytop_epoch 2"))
        }
    }

    /// While a scrape is stuck taking its sample, every event loop the probe shares still runs.
    @Test func aSlowSampleNeverHoldsAnEventLoop() async throws {
        let release = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        try await Self.withEndpoint(sample: {
            entered.signal()
            release.wait()
            return Self.sample()
        }) { endpoint in
            let port = endpoint.address.port
            // The scrape is held until the loops have answered (or the deadline passed): its own
            // timeout is longer than that deadline.
            let scrape = Task { try await PlainHTTP.get(port: port, path: "/metrics", timeout: 60) }
            await withCheckedContinuation { continuation in
                Thread { entered.wait(); continuation.resume() }.start()
            }
            let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
            let ran = try await Deadline.within(30, "a task on every event loop") {
                var count = 0
                for loop in loops { count += try await loop.submit { 1 }.get() }
                return count
            } onTimeout: { release.signal() }
            #expect(ran == loops.count)
            release.signal()
            let reply = try await scrape.value
            #expect(reply.status == 200)
        }
    }
}
