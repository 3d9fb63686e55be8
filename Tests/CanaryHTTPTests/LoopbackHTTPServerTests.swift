import CanaryTesting
import AsyncHTTPClient
import CanaryHTTP
import NIOCore
import Synchronization
import Testing

/// The loopback server: keep-alive, request targets, and a shutdown that leaves nothing open.
@Suite(.sharedMachine) struct LoopbackHTTPServerTests {
    private func withServer(
        _ handler: @escaping LoopbackHTTPServer.Handler, _ body: (LoopbackHTTPServer, HTTPClient) async throws -> Void
    ) async throws {
        let server = try await LoopbackHTTPServer.start(handler: handler)
        var config = HTTPClient.Configuration()
        config.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        do {
            try await body(server, client)
        } catch {
            try? await client.shutdown()
            await server.shutdown()
            throw error
        }
        try? await client.shutdown()
        await server.shutdown()
    }

    private static let echo: LoopbackHTTPServer.Handler = { request, respond in
        let query = request.query.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        respond(.init(status: .ok, contentType: "text/plain", text: "\(request.method.rawValue) \(request.path) \(query)"))
    }

    @Test func keepAliveCarriesManyRequestsOnOneConnection() async throws {
        try await withServer(Self.echo) { server, client in
            for i in 0..<20 {
                let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/n/\(i)"), timeout: .seconds(10))
                #expect(response.headers.first(name: "Connection") == "keep-alive")
                #expect(String(buffer: try await response.body.collect(upTo: 1024)) == "GET /n/\(i) ")
            }
            #expect(server.acceptedConnections == 1)
            #expect(server.openConnections == 1)
        }
    }

    @Test func targetsArePercentDecoded() async throws {
        try await withServer(Self.echo) { server, client in
            let url = "http://127.0.0.1:\(server.port)/v1/health/service/pay%20ments?filter=Service.Meta.version%20%3D%3D%203&passing&x=a+b"
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            #expect(String(buffer: try await response.body.collect(upTo: 1024))
                == "GET /v1/health/service/pay ments filter=Service.Meta.version == 3,passing=,x=a b")
        }
        #expect(RequestTarget.split("/a?b=%zz&c") .1.map { "\($0.0)=\($0.1)" } == ["b=%zz", "c="])
    }

    @Test func shutdownClosesIdleAndWaitingConnections() async throws {
        // Answers /slow never: the request waits until the server shuts down.
        let arrived = Arrived()
        let handler: LoopbackHTTPServer.Handler = { request, respond in
            if request.path == "/slow" { arrived.flag.withLock { $0 = true } } else { Self.echo(request, respond) }
        }
        let server = try await LoopbackHTTPServer.start(handler: handler)
        var config = HTTPClient.Configuration()
        config.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/"), timeout: .seconds(10))
        let port = server.port
        let waiting = Task { try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/slow"), timeout: .seconds(60)) }
        while !arrived.flag.withLock({ $0 }) { await Task.yield() }
        await server.shutdown()
        await #expect(throws: (any Error).self) { _ = try await waiting.value }
        #expect(server.openConnections == 0)
        // The port is free again.
        let again = try await LoopbackHTTPServer.start(port: port, handler: Self.echo)
        await again.shutdown()
        try await client.shutdown()
    }

    private final class Arrived: Sendable {
        let flag = Mutex(false)
    }
}
