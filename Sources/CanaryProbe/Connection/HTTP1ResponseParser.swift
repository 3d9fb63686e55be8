import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads HTTP/1.x responses from the bytes of a connection: the status, whether the connection
/// stays open, and the body — nothing else a probe needs, so no header is kept.
///
/// Framing follows RFC 9112 §6: 1xx interim responses are skipped, 204 and 304 have no body,
/// `Transfer-Encoding: chunked` wins over `Content-Length`, and a response with neither is
/// read until the connection closes. Keep-alive is HTTP/1.1's default unless
/// `Connection: close`, and HTTP/1.0's only with `Connection: keep-alive`. Body bytes are
/// handed out as slices of the input, never copied. Feed it bytes in any pieces:
///
/// ```swift
/// var parser = HTTP1ResponseParser()
/// while let event = try parser.next(&buffer) { … }   // .head, .body(slice)…, .end
/// // at EOF: try parser.finish()                      // .end for a read-until-close body
/// ```
struct HTTP1ResponseParser: Sendable {
    /// What the bytes held.
    enum Event: Sendable, Equatable {
        /// A final (non-1xx) response's status line and headers were read.
        case head(status: Int, keepAlive: Bool)
        /// Some of the body.
        case body(ByteBuffer)
        /// The response is complete.
        case end
    }

    /// Why the bytes are not an HTTP/1.x response.
    enum Failure: Error, Sendable, Equatable {
        /// Not HTTP/1.x, or broken framing; the text says what.
        case malformed(String)
        /// The connection closed before the response was complete.
        case truncated
    }

    /// The longest status line plus headers accepted, and the longest chunk-size or trailer line.
    static let maxHeadBytes = 64 * 1024

    private enum State: Sendable {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    private var state: State = .head

    /// Whether the parser is between responses (nothing of a response read yet).
    var isIdle: Bool {
        if case .head = state { return true }
        return false
    }

    /// The next event from `buffer`, consuming what it used; `nil` when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws(Failure) -> Event? {
        while true {
            switch state {
            case .head:
                guard let head = try readHead(&buffer) else { return nil }
                if (100..<200).contains(head.status) { continue }  // interim: the real response follows
                if head.status == 204 || head.status == 304 || (!head.chunked && head.length == 0) {
                    state = .fixed(remaining: 0)
                } else if head.chunked {
                    state = .chunkSize
                } else if let length = head.length {
                    state = .fixed(remaining: length)
                } else {
                    state = .untilClose
                }
                return .head(status: head.status, keepAlive: head.keepAlive)
            case .fixed(let remaining):
                if remaining == 0 {
                    state = .head
                    return .end
                }
                guard buffer.readableBytes > 0 else { return nil }
                let take = min(remaining, buffer.readableBytes)
                state = .fixed(remaining: remaining - take)
                return .body(buffer.readSlice(length: take)!)
            case .untilClose:
                guard buffer.readableBytes > 0 else { return nil }
                return .body(buffer.readSlice(length: buffer.readableBytes)!)
            case .chunkSize:
                guard let line = try readLine(&buffer) else { return nil }
                let digits = line.prefix { $0 != UInt8(ascii: ";") }.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
                guard !digits.isEmpty, digits.count <= 15, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
                    throw .malformed("bad chunk size")
                }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard buffer.readableBytes > 0 else { return nil }
                let take = min(remaining, buffer.readableBytes)
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                return .body(buffer.readSlice(length: take)!)
            case .chunkDataEnd:
                guard let line = try readLine(&buffer) else { return nil }
                guard line.isEmpty else { throw .malformed("chunk not followed by CRLF") }
                state = .chunkSize
            case .trailers:
                guard let line = try readLine(&buffer) else { return nil }
                if line.isEmpty {
                    state = .head
                    return .end
                }
            }
        }
    }

    /// The connection closed: `.end` if the body ran until the close, `nil` if no response was
    /// under way; throws ``Failure/truncated`` when one was cut short.
    mutating func finish() throws(Failure) -> Event? {
        switch state {
        case .head: return nil
        case .untilClose:
            state = .head
            return .end
        default:
            throw .truncated
        }
    }

    /// Reads the status line and headers once they are all there; `nil` until then.
    private func readHead(_ buffer: inout ByteBuffer) throws(Failure) -> Head? {
        let result: Result<(Head, Int)?, Failure> = buffer.withUnsafeReadableBytes { bytes in
            // The limit holds however the head arrives: in pieces, or whole in one read.
            guard let end = Self.headEnd(in: UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.maxHeadBytes + 4))) else {
                return bytes.count > Self.maxHeadBytes ? .failure(.malformed("response head too large")) : .success(nil)
            }
            return Self.parseHead(UnsafeRawBufferPointer(rebasing: bytes[..<end])).map { ($0, end) }
        }
        guard let (head, consumed) = try result.get() else { return nil }
        buffer.moveReaderIndex(forwardBy: consumed)
        return head
    }

    /// The index just past the blank line ending the head, if it has arrived. Looks only at the
    /// line feeds (`memchr`), not at every byte.
    private static func headEnd(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i + 1 < count {
            guard let found = memchr(base + i, Int32(UInt8(ascii: "\n")), count - 1 - i) else { return nil }
            let newline = base.distance(to: UnsafeRawPointer(found))
            if bytes[newline + 1] == UInt8(ascii: "\n") { return newline + 2 }
            if bytes[newline + 1] == UInt8(ascii: "\r"), newline + 2 < count, bytes[newline + 2] == UInt8(ascii: "\n") {
                return newline + 3
            }
            i = newline + 1
        }
        return nil
    }

    private struct Head {
        var status: Int
        var keepAlive: Bool
        var length: Int?
        var chunked: Bool
    }

    /// Parses `HTTP/1.x SSS reason` and the header lines that matter for framing.
    private static func parseHead(_ bytes: UnsafeRawBufferPointer) -> Result<Head, Failure> {
        var lines = HeadLines(bytes)
        guard let statusLine = lines.next(), statusLine.count >= 12,
            statusLine.starts(with: "HTTP/1.".utf8), statusLine[7] == UInt8(ascii: "0") || statusLine[7] == UInt8(ascii: "1"),
            statusLine[8] == UInt8(ascii: " ")
        else { return .failure(.malformed("not an HTTP/1.x status line")) }
        var status = 0
        for i in 9..<12 {
            let d = statusLine[i]
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return .failure(.malformed("bad status code")) }
            status = status * 10 + Int(d - UInt8(ascii: "0"))
        }
        guard statusLine.count == 12 || statusLine[12] == UInt8(ascii: " ") else {
            return .failure(.malformed("bad status code"))
        }
        var head = Head(status: status, keepAlive: statusLine[7] == UInt8(ascii: "1"), length: nil, chunked: false)
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                return .failure(.malformed("bad header line"))
            }
            let name = line[..<colon]
            let value = Self.trimmed(line[(colon + 1)...])
            if Self.equalsLowercased(name, "content-length") {
                guard !value.isEmpty, value.count <= 15, value.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                    let n = Int(String(decoding: value, as: UTF8.self)), head.length == nil || head.length == n
                else { return .failure(.malformed("bad Content-Length")) }
                head.length = n
            } else if Self.equalsLowercased(name, "transfer-encoding") {
                head.chunked = Self.lastToken(of: value).map { Self.equalsLowercased($0, "chunked") } ?? false
            } else if Self.equalsLowercased(name, "connection") {
                for token in value.split(separator: UInt8(ascii: ",")) {
                    let t = Self.trimmed(token)
                    if Self.equalsLowercased(t, "close") { head.keepAlive = false }
                    if Self.equalsLowercased(t, "keep-alive"), statusLine[7] == UInt8(ascii: "0") { head.keepAlive = true }
                }
            }
        }
        if !head.chunked && head.length == nil && head.status >= 200 && head.status != 204 && head.status != 304 {
            head.keepAlive = false  // read until close: the connection cannot carry another request
        }
        return .success(head)
    }

    /// One CRLF- (or LF-) terminated line, without its terminator; `nil` until it has arrived.
    private func readLine(_ buffer: inout ByteBuffer) throws(Failure) -> [UInt8]? {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxHeadBytes { throw .malformed("line too long") }
            return nil
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readBytes(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }

    private static func trimmed<C: BidirectionalCollection>(_ s: C) -> C.SubSequence where C.Element == UInt8 {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
            return s[s.endIndex...]
        }
        return s[first...last]
    }

    private static func lastToken<C: BidirectionalCollection>(of value: C) -> C.SubSequence? where C.Element == UInt8 {
        guard let token = value.split(separator: UInt8(ascii: ",")).last else { return nil }
        return trimmed(token)
    }

    /// Whether `bytes` equals `lowercase` ignoring ASCII case.
    private static func equalsLowercased<C: Collection>(_ bytes: C, _ lowercase: StaticString) -> Bool where C.Element == UInt8 {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { a, b in (a >= 65 && a <= 90 ? a | 0x20 : a) == b }
        }
    }
}

/// The lines of a response head (CRLF or LF), without terminators, stopping at the blank line.
private struct HeadLines {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func next() -> Slice<UnsafeRawBufferPointer>? {
        guard position < bytes.count, let base = bytes.baseAddress else { return nil }
        var end = bytes.count
        if let found = memchr(base + position, Int32(UInt8(ascii: "\n")), bytes.count - position) {
            end = base.distance(to: UnsafeRawPointer(found))
        }
        var lineEnd = end
        if lineEnd > position, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let line = bytes[position..<lineEnd]
        position = end + 1
        return line.isEmpty ? nil : line
    }
}
