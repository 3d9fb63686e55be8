import CanaryCore
import NIOCore

/// The last handler of a probe connection: sends one request at a time and collects its reply.
///
/// It reads the connection's bytes itself with ``HTTP1ResponseParser`` (no HTTP handlers in
/// between: the probe needs only status, keep-alive and body) and writes the request as bytes
/// encoded once. The body is gathered into a buffer that is reused from one reply to the next (a body that
/// arrives in one piece is not copied at all) and capped at `maxBody` bytes. Each request ends
/// in exactly one call of ``onReply``, ``onFault`` or ``onRetry``; the connection is closed after a fault,
/// after a reply without keep-alive, and after a reply nobody asked for. ``onClosed`` says
/// the connection is gone, so its owner stops offering it. The decisions are
/// ``ExchangeStateMachine``'s; this class only carries them out.
final class ResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A complete reply: status, body, and whether the connection may carry another request.
    var onReply: (_ status: Int, _ body: ByteBuffer, _ keepAlive: Bool) -> Void = { _, _, _ in }
    /// The request failed without a reply.
    var onFault: (ProbeFault) -> Void = { _ in }
    /// The server closed this reused connection before answering: send the request again on a
    /// fresh connection (see ``ExchangeStateMachine/Action/retry``).
    var onRetry: () -> Void = {}
    /// The connection closed (after any ``onFault`` for a request it carried).
    var onClosed: () -> Void = {}

    private var machine: ExchangeStateMachine
    private var parser = HTTP1ResponseParser()
    /// Bytes read and not yet parsed.
    private var unparsed = ByteBuffer()
    private var context: ChannelHandlerContext?
    /// The first body part, kept as it came.
    private var firstPart: ByteBuffer?
    /// Used only when the body comes in several parts.
    private var gathered: ByteBuffer
    private var closeReported = false

    init(maxBody: Int, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        machine = ExchangeStateMachine(maxBody: maxBody)
        gathered = allocator.buffer(capacity: 0)
    }

    /// Whether a request may be sent now.
    var isIdle: Bool { machine.isIdle && context != nil }

    /// Whether a request is outstanding.
    var isBusy: Bool { machine.isBusy }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes `request` (a whole GET, see ``ProbeTarget/requestText``) and flushes. The
    /// connection must be idle.
    func send(_ request: ByteBuffer) {
        guard let context else { return }
        machine.sent()
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    /// Fails the outstanding request with a timeout and closes the connection.
    func timeOut() {
        perform(machine.timedOut())
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if incoming.readableBytes > 0 { machine.received() }
        if unparsed.readableBytes == 0 {
            unparsed = incoming
        } else {
            unparsed.writeBuffer(&incoming)
        }
        while machine.state != .closed {
            let event: HTTP1ResponseParser.Event?
            do {
                event = try parser.next(&unparsed)
            } catch {
                perform(machine.error(FaultClassifier.classify(error)))
                return
            }
            guard let event else { return }
            handle(event)
        }
    }

    private func handle(_ event: HTTP1ResponseParser.Event) {
        switch event {
        case .head(let status, let keepAlive):
            perform(machine.head(status: status, keepAlive: keepAlive))
        case .body(let part):
            let action = machine.body(count: part.readableBytes)
            if action == .keepBody {
                keep(part)
            } else {
                perform(action)
            }
        case .end:
            perform(machine.end())
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        perform(machine.error(FaultClassifier.classify(error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A body that runs until the close ends here; anything else cut short is a reset.
        if machine.isBusy, (try? parser.finish()) == .end { handle(.end) }
        perform(machine.closed())
        if !closeReported {
            closeReported = true
            onClosed()
        }
        context.fireChannelInactive()
    }

    private func keep(_ part: ByteBuffer) {
        if firstPart == nil && gathered.readableBytes == 0 {
            firstPart = part
            return
        }
        if var first = firstPart {
            gathered.writeBuffer(&first)
            firstPart = nil
        }
        var part = part
        gathered.writeBuffer(&part)
    }

    private func perform(_ action: ExchangeStateMachine.Action) {
        switch action {
        case .none, .keepBody:
            return
        case .reply(let status, let keepAlive):
            do {
                let body = firstPart ?? gathered
                firstPart = nil
                onReply(status, body, keepAlive)
            }
            gathered.clear()
            if !keepAlive { context?.close(promise: nil) }
        case .fault(let fault):
            firstPart = nil
            gathered.clear()
            onFault(fault)
            context?.close(promise: nil)
        case .retry:
            firstPart = nil
            gathered.clear()
            onRetry()
            context?.close(promise: nil)
        case .close:
            context?.close(promise: nil)
        }
    }
}
