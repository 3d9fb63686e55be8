import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 requests over a plain loopback socket, for tests that must see exactly what a
/// server sends (status, headers, body) with nothing in between, and a connection that stays
/// open without sending a byte. Every read and write has a timeout, so a silent server fails
/// the test instead of hanging it.
public enum PlainHTTP {
    /// A reply, read to the end of the connection.
    public struct Reply: Sendable {
        public var status: Int
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `GET path` with `Connection: close` and `headers`, on a thread of its own. The timeout is
    /// for a hang, not a speed limit: the whole suite on two busy cores can take seconds to answer.
    public static func get(
        port: Int, path: String, headers: [(String, String)] = [], host: String = "127.0.0.1", timeout: Double = 60
    ) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try getBlocking(port: port, path: path, headers: headers, host: host, timeout: timeout) })
            }.start()
        }
    }

    /// A connected socket that sends nothing; close it with `close(_:)`.
    public static func connectIdle(port: Int, host: String = "127.0.0.1") throws -> Int32 {
        try connect(host: host, port: port, timeout: 10)
    }

    /// A loopback port free a moment ago (bound to port 0, then closed): for a child process
    /// that must be told its port up front.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func getBlocking(port: Int, path: String, headers: [(String, String)], host: String, timeout: Double) throws -> Reply {
        let fd = try connect(host: host, port: port, timeout: timeout)
        defer { close(fd) }
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            sent += n
        }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "no reply from 127.0.0.1:\(port)\(path) within \(timeout) s (\(String(cString: strerror(errno))))") }
            data += buffer[0..<n]
        }
        return try parse(data)
    }

    private static func connect(host: String, port: Int, timeout: Double) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "connect to \(host):\(port): \(why)")
        }
        return fd
    }

    /// A chunked body's data: `<hex size>[;ext]\r\n<data>\r\n` … up to the size 0 chunk.
    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = (index..<max(index, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else {
                throw Failure(description: "a chunked body cut short")
            }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw Failure(description: "bad chunk size \(sizeText)")
            }
            index = lineEnd + 2
            if size == 0 { return out }
            guard index + size <= bytes.count else { throw Failure(description: "a chunk cut short") }
            out += bytes[index..<index + size]
            index += size + 2
        }
    }

    /// Status line, headers, and the body (by Content-Length when given).
    private static func parse(_ data: [UInt8]) throws -> Reply {
        let crlf: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == crlf }) else {
            throw Failure(description: "no complete header in \(data.count) bytes")
        }
        let head = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = head.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else { throw Failure(description: "bad status line: \(head.first ?? "")") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init), length < body.count {
            body = Array(body.prefix(length))
        }
        return Reply(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }
}
