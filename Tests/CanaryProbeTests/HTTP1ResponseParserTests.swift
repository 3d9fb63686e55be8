@testable import CanaryProbe
import NIOCore
import Testing

/// The response parser fed whole, one byte at a time, and with responses back to back.
@Suite struct HTTP1ResponseParserTests {
    typealias Event = HTTP1ResponseParser.Event

    /// Events from `text` fed in pieces of `step` bytes (0: all at once), bodies joined per response.
    private func parse(_ text: String, step: Int = 0, close: Bool = false) throws -> [String] {
        var parser = HTTP1ResponseParser()
        var out: [String] = []
        var body = ""
        func take(_ event: Event) {
            switch event {
            case .head(let status, let keepAlive): out.append("head \(status) \(keepAlive ? "keep" : "close")")
            case .body(let part): body += String(buffer: part)
            case .end:
                out.append("body \(body)")
                body = ""
            }
        }
        let bytes = Array(text.utf8)
        var buffer = ByteBuffer()
        var offset = 0
        while offset < bytes.count {
            let end = step == 0 ? bytes.count : min(bytes.count, offset + step)
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            while let event = try parser.next(&buffer) { take(event) }
        }
        if close, let event = try parser.finish() { take(event) }
        return out
    }

    /// The same events whether the bytes come whole or a byte at a time.
    private func expectSame(_ text: String, close: Bool = false, _ expected: [String]) throws {
        #expect(try parse(text, close: close) == expected)
        #expect(try parse(text, step: 1, close: close) == expected)
        #expect(try parse(text, step: 7, close: close) == expected)
    }

    @Test func contentLengthAndKeepAlive() throws {
        try expectSame("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 5\r\n\r\nhello", ["head 200 keep", "body hello"])
        try expectSame("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ["head 503 close", "body "])
        try expectSame("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", ["head 200 keep", "body ok"])
        try expectSame("HTTP/1.1 200\nContent-Length: 2\n\nok", ["head 200 keep", "body ok"])
    }

    @Test func chunkedWithExtensionsAndTrailers() throws {
        try expectSame(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 99\r\n\r\n5;x=y\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: 1\r\n\r\n",
            ["head 200 keep", "body hello, world!!!"])
    }

    @Test func responsesBackToBackAndInterimOnes() throws {
        try expectSame(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n",
            ["head 200 keep", "body a", "head 204 keep", "body ", "head 304 keep", "body "])
    }

    @Test func aBodyWithoutLengthRunsUntilTheClose() throws {
        try expectSame("HTTP/1.1 200 OK\r\n\r\nuntil the end", close: true, ["head 200 close", "body until the end"])
    }

    @Test func cutShortIsTruncatedAndGarbageIsMalformed() throws {
        for text in ["HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"] {
            #expect(throws: HTTP1ResponseParser.Failure.truncated) { try parse(text, close: true) }
        }
        for text in ["SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"] {
            #expect(throws: HTTP1ResponseParser.Failure.self) { try parse(text) }
        }
        #expect(try parse("", close: true) == [])
    }

    /// The head limit holds whether the head comes in pieces or whole in one read (whole, it
    /// used to be accepted: a 100 KB head with no length then waited for a close that never came).
    @Test func aHeadOverTheLimitIsMalformedHoweverItArrives() throws {
        let huge = "HTTP/1.1 200 OK\r\nX-Junk: " + String(repeating: "j", count: 100_000) + "\r\n\r\n"
        for step in [0, 4096] {
            #expect(throws: HTTP1ResponseParser.Failure.malformed("response head too large")) { try parse(huge, step: step) }
        }
        let atLimit = "HTTP/1.1 204 No Content\r\nX-Junk: " + String(repeating: "j", count: HTTP1ResponseParser.maxHeadBytes - 64) + "\r\n\r\n"
        #expect(try parse(atLimit) == ["head 204 keep", "body "])
    }
}
