import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server with keep-alive whose handlers run on SwiftNIO's event loops.
///
/// Handlers never wait on Swift's cooperative thread pool, so the server keeps answering even
/// while that pool is busy (a test suite hammering both cores, a dashboard redrawing). A handler
/// answers through its ``Responder`` — at once, or later (a blocking read).
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

    /// Sends the answer to one request; call it exactly once, from any thread.
    public struct Responder: Sendable {
        let send: @Sendable (Response) -> Void
        /// The event loop of the connection (for timers).
        public let eventLoop: any EventLoop
        public func callAsFunction(_ response: Response) { send(response) }
    }

    public typealias Handler = @Sendable (Request, Responder) -> Void

    /// The bound port.
    public let port: Int
    public let host: String
    private let channel: Channel

    private init(host: String, port: Int, channel: Channel) {
        self.host = host
        self.port = port
        self.channel = channel
    }

    /// Binds and starts serving. Requests larger than `maxBody` bytes get 413.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, maxBody: Int = 8 << 20, handler: @escaping Handler
    ) async throws -> LoopbackHTTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(maxBody: maxBody, handler: handler))
                }
            }
            .bind(host: host, port: port).get()
        return LoopbackHTTPServer(host: host, port: channel.localAddress?.port ?? port, channel: channel)
    }

    /// Stops accepting and closes the listener (open connections finish on their own).
    public func shutdown() async {
        try? await channel.close()
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

/// Reads one request at a time (NIO's pipeline handler queues pipelined ones) and writes the answer.
private final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let maxBody: Int
    private let handler: LoopbackHTTPServer.Handler
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(maxBody: Int, handler: @escaping LoopbackHTTPServer.Handler) {
        self.maxBody = maxBody
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
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
            guard let h = head else { return }
            head = nil
            let keepAlive = h.isKeepAlive && !tooLarge
            let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
            let send: @Sendable (LoopbackHTTPServer.Response) -> Void = { response in
                bound.eventLoop.execute {
                    let (context, handler) = bound.value
                    handler.write(response, version: h.version, keepAlive: keepAlive, context: context)
                }
            }
            let responder = LoopbackHTTPServer.Responder(send: send, eventLoop: context.eventLoop)
            if tooLarge {
                responder(.init(status: .payloadTooLarge, contentType: "text/plain", text: "Request body too large"))
                return
            }
            let (path, query) = LoopbackHTTPServer.splitTarget(h.uri)
            handler(.init(method: h.method, path: path, query: query, headers: h.headers, body: body), responder)
        }
    }

    private func write(_ response: LoopbackHTTPServer.Response, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: response.status, headers: headers))), promise: nil)
        if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
