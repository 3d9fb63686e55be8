import CanaryTesting
import Foundation
import Testing
@testable import CanaryBench

/// `bench idle`'s floor: where a reply ends, and the raw prober against servers that answer,
/// refuse and close (its figures are exercised end to end by `CanarytopCommandTests`).
@Suite struct ReplyFramingTests {
    private func framing(_ text: String) -> ReplyFraming { ReplyFraming.length(of: Array(text.utf8)) }

    @Test func aReplyEndsAfterItsHeadAndContentLength() {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
        #expect(framing(head + "hello") == .complete(length: head.utf8.count + 5))
        #expect(framing(head + "hel") == .incomplete)
        #expect(framing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n") == .incomplete)
        #expect(framing("") == .incomplete)
        // Bytes past the reply are not part of it.
        #expect(framing(head + "hello" + "HTTP/1.1") == .complete(length: head.utf8.count + 5))
    }

    @Test func theHeaderNameIsCaseInsensitiveAndItsValueTrimmed() {
        let head = "HTTP/1.1 204 No Content\r\ncontent-LENGTH:   0  \r\n\r\n"
        #expect(framing(head) == .complete(length: head.utf8.count))
        let tab = "HTTP/1.1 200 OK\r\nContent-Length:\t2\r\n\r\nok"
        #expect(framing(tab) == .complete(length: tab.utf8.count))
    }

    @Test func aReplyWithoutALengthIsUnframed() {
        #expect(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") == .unframed)
        #expect(framing("HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello") == .unframed)
        #expect(framing("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n") == .unframed)
        #expect(framing("HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\n") == .unframed)
        // A header whose name only starts like it does not count.
        #expect(framing("HTTP/1.1 200 OK\r\nContent-Lengthy: 5\r\n\r\nhello") == .unframed)
    }
}

@Suite(.sharedMachine) struct FloorProberTests {
    @Test func everyRequestSentIsAnsweredAndCounted() async throws {
        let server = try await HostileServer.start { _, _ in HostileServer.text(200, "{\"name\":\"web\"}") }
        let prober = FloorProber(port: server.port, rate: 100)
        let counts = try prober.run(until: CPUTime.monotonic() + 0.5)
        await server.shutdown()
        // The timer's first expiry is one interval in; a request still in flight at the end is
        // sent and not counted.
        #expect(counts.sent >= 10 && counts.sent <= 51, "\(counts)")
        #expect(counts.replies >= counts.sent - 1 && counts.replies <= counts.sent, "\(counts)")
        #expect(counts.faults == 0 && counts.skipped == 0)
        #expect(counts.connections >= 1)
    }

    @Test func refusedAndClosedConnectionsAreFaultsNotCrashes() async throws {
        let refused = try FloorProber(port: 1, rate: 100).run(until: CPUTime.monotonic() + 0.2)
        #expect(refused.sent == 0 && refused.replies == 0 && refused.faults >= 5, "\(refused)")

        let server = try await HostileServer.start { _, _ in .close }
        let closed = try FloorProber(port: server.port, rate: 100).run(until: CPUTime.monotonic() + 0.3)
        await server.shutdown()
        #expect(closed.replies == 0 && closed.faults >= 5, "\(closed)")
        #expect(closed.faults <= closed.sent + 1, "\(closed)")
    }

    @Test func aChunkedReplyIsAFaultAndItsConnectionDropped() async throws {
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n".utf8)
        let server = try await HostileServer.start { _, _ in .raw(chunked) }
        let counts = try FloorProber(port: server.port, rate: 50).run(until: CPUTime.monotonic() + 0.3)
        await server.shutdown()
        #expect(counts.replies == 0 && counts.faults >= 3, "\(counts)")
        // Each fault drops its connection: a new one per request.
        #expect(counts.connections >= counts.faults, "\(counts)")
    }
}
