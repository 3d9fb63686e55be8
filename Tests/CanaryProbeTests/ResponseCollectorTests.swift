import CanaryCore
@testable import CanaryProbe
import NIOCore
import NIOEmbedded
import Testing

/// The collector on an `EmbeddedChannel`: what it writes, what it hands over, when it closes.
@Suite struct ResponseCollectorTests {
    final class Seen {
        var replies: [(Int, String, Bool)] = []
        var faults: [ProbeFault] = []
        var closed = 0
    }

    static let request = ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: web\r\n\r\n")

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

    private func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    @Test func sendsTheRequestAndGathersABodyInParts() throws {
        let (channel, collector, seen) = try make()
        collector.send(Self.request)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == Self.request)
        #expect(!collector.isIdle)
        try feed(channel, "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"name\":")
        try feed(channel, " \"web\"}")
        #expect(seen.replies.count == 1)
        #expect(seen.replies.first?.0 == 200)
        #expect(seen.replies.first?.1 == "{\"name\": \"web\"}")
        #expect(seen.replies.first?.2 == true)
        #expect(collector.isIdle)

        // The gathering buffer is reused: the next reply holds only its own bytes.
        collector.send(Self.request)
        try feed(channel, "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n")
        try feed(channel, "6\r\n trace\r\n0\r\n\r\n")
        #expect(seen.replies.last?.1 == "no trace")
        #expect(seen.replies.last?.0 == 503)
        #expect(channel.isActive)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    @Test func oversizedBodyIsAFaultAndClosesTheConnection() throws {
        let (channel, collector, seen) = try make(maxBody: 8)
        collector.send(Self.request)
        try feed(channel, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345")
        try feed(channel, "67890")
        #expect(seen.faults == [.oversized])
        #expect(seen.replies.isEmpty)
        #expect(!channel.isActive)
        #expect(seen.closed == 1)
    }

    @Test func closeMidReplyIsAResetAndReportedOnce() throws {
        let (channel, collector, seen) = try make()
        collector.send(Self.request)
        try feed(channel, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n123")
        try channel.close().wait()
        #expect(seen.faults == [.reset])
        #expect(seen.closed == 1)
    }

    @Test func aBodyThatRunsUntilTheCloseIsAReply() throws {
        let (channel, collector, seen) = try make()
        collector.send(Self.request)
        try feed(channel, "HTTP/1.0 200 OK\r\n\r\nall of it")
        try channel.close().wait()
        #expect(seen.faults.isEmpty)
        #expect(seen.replies.first?.1 == "all of it")
        #expect(seen.replies.first?.2 == false)
    }

    @Test func replyWithConnectionCloseIsDeliveredThenTheConnectionCloses() throws {
        let (channel, collector, seen) = try make()
        collector.send(Self.request)
        try feed(channel, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        #expect(seen.replies.count == 1)
        #expect(seen.replies.first?.2 == false)
        #expect(seen.faults.isEmpty)
        #expect(!channel.isActive)
    }

    @Test func garbageIsAFault() throws {
        let (channel, collector, seen) = try make()
        collector.send(Self.request)
        try feed(channel, "SSH-2.0-OpenSSH_9.2\r\n\r\n")
        #expect(seen.faults == [.other])
        #expect(!channel.isActive)
    }

    @Test func timeoutFailsTheRequestAndCloses() throws {
        let (channel, collector, seen) = try make()
        collector.send(Self.request)
        collector.timeOut()
        #expect(seen.faults == [.timeout])
        #expect(!channel.isActive)
    }
}
