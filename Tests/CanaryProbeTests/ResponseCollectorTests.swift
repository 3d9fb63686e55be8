import CanaryCore
@testable import CanaryProbe
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

/// The collector on an `EmbeddedChannel`: what it writes, what it hands over, when it closes.
@Suite struct ResponseCollectorTests {
    final class Seen {
        var replies: [(Int, String, Bool)] = []
        var faults: [ProbeFault] = []
        var closed = 0
    }

    private func make(maxBody: Int = 1000) throws -> (EmbeddedChannel, ResponseCollector, Seen) {
        let collector = ResponseCollector(maxBody: maxBody)
        let seen = Seen()
        collector.onReply = { status, body, keepAlive in seen.replies.append((status, String(buffer: body), keepAlive)) }
        collector.onFault = { seen.faults.append($0) }
        collector.onClosed = { seen.closed += 1 }
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(collector)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        return (channel, collector, seen)
    }

    private func head(_ status: HTTPResponseStatus, keepAlive: Bool = true) -> HTTPClientResponsePart {
        var headers = HTTPHeaders()
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))
    }

    @Test func sendsOneGetAndGathersABodyInParts() throws {
        let (channel, collector, seen) = try make()
        let request = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/x")
        collector.send(request)
        #expect(try channel.readOutbound(as: HTTPClientRequestPart.self) == .head(request))
        #expect(try channel.readOutbound(as: HTTPClientRequestPart.self) == .end(nil))
        #expect(!collector.isIdle)
        try channel.writeInbound(head(.ok))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "{\"name\":")))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: " \"web\"}")))
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
        #expect(seen.replies.count == 1)
        #expect(seen.replies.first?.0 == 200)
        #expect(seen.replies.first?.1 == "{\"name\": \"web\"}")
        #expect(collector.isIdle)

        // The gathering buffer is reused: the next reply holds only its own bytes.
        collector.send(request)
        try channel.writeInbound(head(.serviceUnavailable))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "no")))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: " trace")))
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
        #expect(seen.replies.last?.1 == "no trace")
        #expect(seen.replies.last?.0 == 503)
        #expect(channel.isActive)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    @Test func oversizedBodyIsAFaultAndClosesTheConnection() throws {
        let (channel, collector, seen) = try make(maxBody: 8)
        collector.send(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"))
        try channel.writeInbound(head(.ok))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "12345")))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "67890")))
        #expect(seen.faults == [.oversized])
        #expect(seen.replies.isEmpty)
        #expect(!channel.isActive)
        #expect(seen.closed == 1)
    }

    @Test func closeMidReplyIsAResetAndReportedOnce() throws {
        let (channel, collector, seen) = try make()
        collector.send(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"))
        try channel.writeInbound(head(.ok))
        try channel.close().wait()
        #expect(seen.faults == [.reset])
        #expect(seen.closed == 1)
    }

    @Test func replyWithConnectionCloseIsDeliveredThenTheConnectionCloses() throws {
        let (channel, collector, seen) = try make()
        collector.send(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"))
        try channel.writeInbound(head(.ok, keepAlive: false))
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
        #expect(seen.replies.count == 1)
        #expect(seen.replies.first?.2 == false)
        #expect(seen.faults.isEmpty)
        #expect(!channel.isActive)
    }

    @Test func timeoutFailsTheRequestAndCloses() throws {
        let (channel, collector, seen) = try make()
        collector.send(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"))
        collector.timeOut()
        #expect(seen.faults == [.timeout])
        #expect(!channel.isActive)
    }
}
