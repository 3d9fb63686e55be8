import NIOCore
import NIOPosix
import Synchronization

/// A loopback server that answers GETs byte for byte as a script says — including the ways real
/// and hostile servers misbehave: stall, close, send garbage, stream a body that never ends or
/// is 50 MB long. Requests are numbered from 0 in arrival order across all connections, and
/// from 0 on each connection. Runs on event loops of its own, so a probe at full speed in the
/// same process cannot starve it (or other tests) of loop time.
public final class HostileServer: Sendable {
    /// What to do with one request.
    public enum Reply: Sendable {
        /// A well-formed keep-alive reply with `Content-Length`.
        case answer(status: Int, body: [UInt8])
        /// As ``answer(status:body:)``, then close the connection (no `Connection: close` said).
        case answerThenClose(status: Int, body: [UInt8])
        /// These bytes, as they are, then keep the connection open.
        case raw([UInt8])
        /// These bytes, then close.
        case rawThenClose([UInt8])
        /// A `200` head with `Content-Length: size`, then `size` bytes of `fill` (streamed).
        case huge(size: Int, fill: UInt8)
        /// A `200` head without a length, then `chunk` again and again until the client goes.
        case endless(chunk: [UInt8])
        /// Nothing, ever; the connection stays open.
        case stall
        /// Close the connection without answering.
        case close
    }

    public typealias Script = @Sendable (_ index: Int, _ onConnection: Int) -> Reply

    public let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let counter: Counter

    /// `http://127.0.0.1:<port>/`.
    public var url: String { "http://127.0.0.1:\(port)/" }

    /// Requests seen so far.
    public var requests: Int { counter.count }

    private init(port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup, counter: Counter) {
        self.port = port
        self.channel = channel
        self.group = group
        self.counter = counter
    }

    public static func start(_ script: @escaping Script) async throws -> HostileServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counter = Counter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HostileHandler(script: script, counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return HostileServer(port: channel.localAddress?.port ?? 0, channel: channel, group: group, counter: counter)
    }

    /// Stops listening and closes every connection.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// A reply with `status` and `body` as text.
    public static func text(_ status: Int, _ body: String) -> Reply { .answer(status: status, body: Array(body.utf8)) }

    static func head(status: Int, length: Int?) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Type: text/plain\r\n"
        if let length { text += "Content-Length: \(length)\r\n" }
        return Array((text + "\r\n").utf8)
    }
}

/// Numbers requests across connections.
private final class Counter: Sendable {
    private let next = Atomic<Int>(0)
    var count: Int { next.load(ordering: .relaxed) }
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Reads request heads (a GET has no body) and carries out the script for each.
private final class HostileHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let script: HostileServer.Script
    let counter: Counter
    private var pending = ByteBuffer()
    private var onConnection = 0
    /// Once a reply has taken the connection over (a stall, a stream), later bytes are ignored.
    private var done = false

    init(script: @escaping HostileServer.Script, counter: Counter) {
        self.script = script
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if pending.readableBytes == 0 {
            pending = incoming
        } else {
            pending.writeBuffer(&incoming)
        }
        while !done, let end = Self.headEnd(pending) {
            pending.moveReaderIndex(forwardBy: end)
            let reply = script(counter.take(), onConnection)
            onConnection += 1
            carryOut(reply, context)
        }
        if pending.readableBytes == 0 { pending.clear() }
    }

    /// The length of the request head at the start of `buffer` (through its blank line), if it
    /// is all there. A plain loop: this runs for every request of a full-speed probe.
    private static func headEnd(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 4 else { return nil }
            var i = 3
            while i < bytes.count {
                if bytes[i] == 10, bytes[i - 1] == 13, bytes[i - 2] == 10, bytes[i - 3] == 13 { return i + 1 }
                i += 1
            }
            return nil
        }
    }

    private func carryOut(_ reply: HostileServer.Reply, _ context: ChannelHandlerContext) {
        switch reply {
        case .answer(let status, let body):
            write(HostileServer.head(status: status, length: body.count) + body, context)
        case .answerThenClose(let status, let body):
            write(HostileServer.head(status: status, length: body.count) + body, context, thenClose: true)
        case .raw(let bytes):
            write(bytes, context)
        case .rawThenClose(let bytes):
            write(bytes, context, thenClose: true)
        case .huge(let size, let fill):
            done = true
            write(HostileServer.head(status: 200, length: size), context)
            stream(remaining: size, chunk: [UInt8](repeating: fill, count: 64 * 1024), context)
        case .endless(let chunk):
            done = true
            write(HostileServer.head(status: 200, length: nil), context)
            stream(remaining: nil, chunk: chunk, context)
        case .stall:
            done = true
        case .close:
            done = true
            context.close(promise: nil)
        }
    }

    private func write(_ bytes: [UInt8], _ context: ChannelHandlerContext, thenClose: Bool = false) {
        let future = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)))
        if thenClose {
            done = true
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            future.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    /// Writes `chunk` until `remaining` bytes are out (or for ever), one write at a time, so the
    /// client's reading paces it; stops when the connection goes.
    private func stream(remaining: Int?, chunk: [UInt8], _ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let size = remaining.map { min($0, chunk.count) } ?? chunk.count
        guard size > 0 else { return }
        let part = size == chunk.count ? chunk : Array(chunk[0..<size])
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: part))).whenSuccess {
            let (handler, context) = bound.value
            handler.stream(remaining: remaining.map { $0 - size }, chunk: chunk, context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
