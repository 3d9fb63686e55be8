import CanaryTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A loopback HTTP/1.1 server that answers each request as a script says, counting what it did.
///
/// Besides ordinary replies it can misbehave the ways a probe must classify: cut a reply off
/// mid-body and close, close without answering, never answer, answer later. Requests are
/// numbered from 0 in arrival order across all connections, and from 0 on each connection.
/// With a TLS context it speaks https.
final class ScriptedServer: ShutsDown {
    /// What to do with one request.
    enum Action: Sendable {
        /// Answer with `status` and `body`.
        case reply(status: Int, body: String)
        /// Answer with `status` and `body` at `deadline` (or at once, if it has passed).
        case replyAt(NIODeadline, status: Int, body: String)
        /// Send the head and part of the body, then close the connection.
        case cutMidBody
        /// Close the connection without answering.
        case close
        /// Close the connection without answering, at `deadline`.
        case closeAt(NIODeadline)
        /// Never answer (the connection stays open).
        case silent
    }

    typealias Script = @Sendable (_ index: Int) -> Action
    /// A script that also sees the request's number on its own connection.
    typealias ConnectionScript = @Sendable (_ index: Int, _ onConnection: Int) -> Action

    let port: Int
    private let channel: any Channel
    private let state: Mutex<[String: Int]>

    private let scheme: String

    /// `http://127.0.0.1:<port>/` (`https://` with TLS).
    var url: String { "\(scheme)://127.0.0.1:\(port)/" }

    /// How many requests got each kind of action: `"reply 200"`, `"reply 503"`, `"cut"`, `"close"`, `"silent"`.
    var counts: [String: Int] { state.withLock { $0 } }

    /// Every request, counted once.
    var requests: Int { counts.values.reduce(0, +) }

    private init(port: Int, channel: any Channel, scheme: String) {
        self.port = port
        self.scheme = scheme
        self.channel = channel
        self.state = Mutex([:])
    }

    static func start(script: @escaping Script) async throws -> ScriptedServer {
        try await start(tls: nil) { index, _ in script(index) }
    }

    static func start(
        tls: NIOSSLContext? = nil, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        script: @escaping ConnectionScript
    ) async throws -> ScriptedServer {
        let counter = Counter()
        let box = StateBox()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptHandler(script: script, counter: counter, note: { box.note($0) }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = ScriptedServer(port: channel.localAddress?.port ?? 0, channel: channel, scheme: tls == nil ? "http" : "https")
        box.server = server
        return server
    }

    func shutdown() async {
        try? await channel.close()
    }

    fileprivate func note(_ kind: String) {
        state.withLock { $0[kind, default: 0] += 1 }
    }
}

/// Numbers requests across connections.
private final class Counter: Sendable {
    let next = Atomic<Int>(0)
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Lets handlers reach the server object, which exists only after binding.
private final class StateBox: @unchecked Sendable {
    private let lock = Mutex<ScriptedServer?>(nil)
    var server: ScriptedServer? {
        get { lock.withLock { $0 } }
        set { lock.withLock { $0 = newValue } }
    }
    func note(_ kind: String) { server?.note(kind) }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let script: ScriptedServer.ConnectionScript
    let counter: Counter
    let note: @Sendable (String) -> Void
    /// Requests seen on this connection.
    private var onConnection = 0

    init(script: @escaping ScriptedServer.ConnectionScript, counter: Counter, note: @escaping @Sendable (String) -> Void) {
        self.script = script
        self.counter = counter
        self.note = note
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let local = onConnection
        onConnection += 1
        switch script(counter.take(), local) {
        case .reply(let status, let body):
            note("reply \(status)")
            reply(context, status: status, body: body)
        case .replyAt(let deadline, let status, let body):
            note("reply \(status)")
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: deadline) {
                let (handler, context) = bound.value
                handler.reply(context, status: status, body: body)
            }
        case .cutMidBody:
            note("cut")
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "500")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            let part = context.channel.allocator.buffer(string: "{\"name\": \"web\", \"up")
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(part))), promise: nil)
            context.close(promise: nil)
        case .close:
            note("close")
            context.close(promise: nil)
        case .closeAt(let deadline):
            note("close")
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: deadline) { bound.value.close(promise: nil) }
        case .silent:
            note("silent")
        }
    }

    func reply(_ context: ChannelHandlerContext, status: Int, body: String) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
