#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server with keep-alive whose handlers run on SwiftNIO's event loops.
///
/// Handlers never wait on Swift's cooperative thread pool, so the server keeps answering even
/// while that pool is busy (a test suite hammering both cores, a dashboard redrawing). A handler
/// answers through its ``Responder`` — at once, or later (a blocking read, a simulated delay),
/// or never (a stalled upstream; the answer is dropped when the connection closes).
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

        public init(method: HTTPMethod, path: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: [UInt8] = []) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }

        /// The first query value named `name`.
        public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

        /// Whether the query names `name`, with or without a value (`?passing`).
        public func hasQueryItem(_ name: String) -> Bool { query.contains { $0.0 == name } }
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

    /// Sends the answer to one request; call it at most once, from any thread.
    public struct Responder: Sendable {
        let send: @Sendable (Response) -> Void
        /// The event loop of the connection (for timers, and for futures that should complete there).
        public let eventLoop: any EventLoop

        public init(eventLoop: any EventLoop, send: @escaping @Sendable (Response) -> Void) {
            self.eventLoop = eventLoop
            self.send = send
        }

        public func callAsFunction(_ response: Response) { send(response) }
    }

    public typealias Handler = @Sendable (Request, Responder) -> Void

    /// The bound port.
    public let port: Int
    public let host: String
    private let channel: any Channel
    private let connections: ConnectionSet

    private init(host: String, port: Int, channel: any Channel, connections: ConnectionSet) {
        self.host = host
        self.port = port
        self.channel = channel
        self.connections = connections
    }

    /// Binds and starts serving. Requests larger than `maxBody` bytes get 413.
    /// Throws when the address is taken (see ``isAddressInUse(_:)``).
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, maxBody: Int = 8 << 20, handler: @escaping Handler
    ) async throws -> LoopbackHTTPServer {
        let connections = ConnectionSet()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.insert(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(LoopbackConnectionHandler(maxBody: maxBody, handler: handler))
                }
            }
            .bind(host: host, port: port).get()
        return LoopbackHTTPServer(
            host: host, port: channel.localAddress?.port ?? port, channel: channel, connections: connections)
    }

    /// Stops accepting, then closes every open connection (idle keep-alive ones and those
    /// waiting on an answer alike), so no socket outlives the server.
    public func shutdown() async {
        try? await channel.close()
        await connections.closeAll()
    }

    /// How many connections are open right now.
    public var openConnections: Int { connections.count }

    /// How many connections were accepted since the start (with keep-alive, far fewer than requests).
    public var acceptedConnections: Int { connections.accepted }

    /// Whether `error` (from ``start(host:port:maxBody:handler:)``) says the address is already in use.
    public static func isAddressInUse(_ error: any Error) -> Bool {
        if let io = error as? IOError { return io.errnoCode == EADDRINUSE }
        return "\(error)".contains("Address already in use")
    }
}

/// The accepted connections of one server, so shutdown can close them.
///
/// A connection leaves the set when its close completes (the callback registered first on its
/// close future), so ``closeAll()`` waits for each close future, not only for the close call:
/// once it returns, ``count`` is zero. One accepted while the server was shutting down (its
/// initializer ran after the listening socket closed) is closed as it arrives.
final class ConnectionSet: Sendable {
    private let state = Mutex<(channels: [ObjectIdentifier: any Channel], closing: Bool)>(([:], false))
    private let total = Mutex(0)

    func insert(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let closing = state.withLock { state in
            state.channels[id] = channel
            return state.closing
        }
        total.withLock { $0 += 1 }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.channels.removeValue(forKey: id) }
        }
        if closing { channel.close(promise: nil) }
    }

    var count: Int { state.withLock { $0.channels.count } }
    var accepted: Int { total.withLock { $0 } }

    func closeAll() async {
        let open = state.withLock { state in
            state.closing = true
            return Array(state.channels.values)
        }
        for channel in open {
            try? await channel.close()
            // Its removal from the set ran first among the close future's callbacks.
            try? await channel.closeFuture.get()
        }
    }
}
