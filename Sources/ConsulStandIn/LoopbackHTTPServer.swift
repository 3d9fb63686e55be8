import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server with keep-alive, answering each request with an async handler.
///
/// Built on SwiftNIO's async channels. It binds to loopback (or any given host) and an
/// optional port (0 picks a free one; ``port`` tells which).
public final class LoopbackHTTPServer: Sendable {
    /// One request, fully read.
    public struct Request: Sendable {
        public var method: HTTPMethod
        /// The path without the query (`/v1/config`).
        public var path: String
        /// Query items in order, percent-decoded (`cas=12` → `("cas", "12")`; `passing` → `("passing", "")`).
        public var query: [(String, String)]
        public var headers: HTTPHeaders
        public var body: [UInt8]

        /// The first query value named `name`.
        public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    }

    /// What to answer.
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: HTTPResponseStatus, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public init(status: HTTPResponseStatus, contentType: String, text: String, headers: [(String, String)] = []) {
            self.init(status: status, headers: [("Content-Type", contentType)] + headers, body: Array(text.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) async -> Response

    /// The bound port.
    public let port: Int
    public let host: String
    private let serverChannel: Channel
    private let acceptTask: Task<Void, Never>

    private init(host: String, port: Int, serverChannel: Channel, acceptTask: Task<Void, Never>) {
        self.host = host
        self.port = port
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
    }

    /// Binds and starts serving. Requests larger than `maxBody` bytes get 413.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, maxBody: Int = 8 << 20, handler: @escaping Handler
    ) async throws -> LoopbackHTTPServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let boundPort = server.channel.localAddress?.port ?? port
        let channel = server.channel
        let task = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await serve(connection, maxBody: maxBody, handler: handler) }
                        }
                    }
                } catch {
                    // The listening socket closed: shutdown.
                }
            }
        }
        return LoopbackHTTPServer(host: host, port: boundPort, serverChannel: channel, acceptTask: task)
    }

    /// Stops accepting, closes the listener, and waits for the accept loop to end.
    public func shutdown() async {
        try? await serverChannel.close()
        acceptTask.cancel()
        await acceptTask.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, maxBody: Int, handler: Handler
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            var tooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body = []
                    tooLarge = false
                case .body(var buffer):
                    if body.count + buffer.readableBytes > maxBody {
                        tooLarge = true
                    } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                        body += bytes
                    }
                case .end:
                    guard let h = head else { continue }
                    let response: Response
                    if tooLarge {
                        response = Response(status: .payloadTooLarge, contentType: "text/plain", text: "Request body too large")
                    } else {
                        let (path, query) = splitTarget(h.uri)
                        response = await handler(Request(method: h.method, path: path, query: query, headers: h.headers, body: body))
                    }
                    var headers = HTTPHeaders(response.headers)
                    headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                    let keepAlive = h.isKeepAlive && !tooLarge
                    headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
                    try await outbound.write(.head(HTTPResponseHead(version: h.version, status: response.status, headers: headers)))
                    if !response.body.isEmpty {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                    }
                    try await outbound.write(.end(nil))
                    if !keepAlive { return }
                    head = nil
                }
            }
        }
    }

    /// `/v1/config?cas=3&passing` → (`/v1/config`, [("cas","3"), ("passing","")]).
    static func splitTarget(_ uri: String) -> (String, [(String, String)]) {
        guard let q = uri.firstIndex(of: "?") else { return (percentDecode(uri), []) }
        let path = percentDecode(String(uri[..<q]))
        let items = uri[uri.index(after: q)...].split(separator: "&").map { item -> (String, String) in
            if let eq = item.firstIndex(of: "=") {
                return (percentDecode(String(item[..<eq])), percentDecode(String(item[item.index(after: eq)...]), plusIsSpace: true))
            }
            return (percentDecode(String(item)), "")
        }
        return (path, items)
    }

    static func percentDecode(_ s: String, plusIsSpace: Bool = false) -> String {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2,
                let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else if plusIsSpace, b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
