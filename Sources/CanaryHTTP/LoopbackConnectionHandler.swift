import NIOCore
import NIOHTTP1

/// Reads one request at a time (NIO's pipeline handler queues pipelined ones) and writes the answer.
final class LoopbackConnectionHandler: ChannelInboundHandler {
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
            let responder = LoopbackHTTPServer.Responder(eventLoop: context.eventLoop, send: send)
            if tooLarge {
                responder(.init(status: .payloadTooLarge, contentType: "text/plain", text: "Request body too large"))
                return
            }
            let (path, query) = RequestTarget.split(h.uri)
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
