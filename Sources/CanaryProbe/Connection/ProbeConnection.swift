import CanaryCore
import NIOCore
import NIOPosix
import NIOSSL

/// One kept-alive connection of a lane, carrying one request at a time.
///
/// Created with the request that needs it: it connects (TLS too, for `https`), sends that
/// request, and afterwards takes further requests while the server keeps it open. Every
/// request it accepts ends in exactly one call of ``onResult``. Lives on its lane's event loop.
final class ProbeConnection {
    /// How one request ended.
    enum Result {
        case reply(status: Int, body: ByteBuffer, keepAlive: Bool)
        case fault(ProbeFault)
        /// The server closed this reused connection before answering anything: the request is
        /// to be sent again on a fresh connection (once; see ``ExchangeStateMachine``).
        case stale
    }

    /// The request being carried.
    struct Exchange {
        /// When it was meant to go out (latency is measured from here).
        var intended: Double
        /// When it was handed to this connection.
        var started: Double
        /// When it times out; a retry keeps it, so a request never takes longer than its timeout.
        var deadline: Double
        /// Whether this is the request's second attempt, after a stale kept-alive connection.
        var retried = false
    }

    /// Called when the request in ``exchange`` ends; the connection is idle again afterwards
    /// when ``isReusable``.
    var onResult: (ProbeConnection, Exchange, Result) -> Void = { _, _, _ in }
    /// Called once when the connection is gone.
    var onClosed: (ProbeConnection) -> Void = { _ in }

    private(set) var exchange: Exchange?
    private var collector: ResponseCollector?
    private var channel: (any Channel)?
    private var closed = false
    private var closeReported = false
    private let request: ByteBuffer

    /// A connection that sends `request` (the whole request's bytes) each time.
    init(request: ByteBuffer) {
        self.request = request
    }

    /// Whether the connection is open, connected and carrying nothing.
    var isReusable: Bool { !closed && exchange == nil && (collector?.isIdle ?? false) }

    /// Connects with `bootstrap` to the target, then sends `exchange`'s request.
    func connect(
        _ bootstrap: ClientBootstrap, host: String, port: Int, tls: NIOSSLContext?, maxBody: Int, exchange: Exchange,
        eventLoop: any EventLoop
    ) {
        self.exchange = exchange
        let sslHost = host
        bootstrap.connect(host: host, port: port).hop(to: eventLoop).assumeIsolated().whenComplete { result in
            switch result {
            case .failure(let error):
                // Deliver on a later turn of the loop: a refused connect can fail at once,
                // and a closed loop would otherwise recurse once per request.
                eventLoop.assumeIsolated().execute {
                    self.closed = true
                    self.finish(.fault(FaultClassifier.classify(error)))
                    self.reportClosed()
                }
            case .success(let channel):
                self.attach(channel, tls: tls, serverHostname: sslHost, maxBody: maxBody)
            }
        }
    }

    /// Sends `exchange`'s request on this idle connection.
    func send(_ exchange: Exchange) {
        precondition(isReusable, "send on a connection that is not idle")
        self.exchange = exchange
        collector?.send(request)
    }

    /// Fails the request with a timeout if its deadline is before `now`.
    func checkDeadline(now: Double) {
        guard let exchange, exchange.deadline <= now else { return }
        if let collector {
            collector.timeOut()
        } else {
            // Still connecting: give up on this request; the channel is closed when it arrives.
            closed = true
            finish(.fault(.timeout))
            reportClosed()
        }
    }

    /// Closes the connection; a request in flight ends as a reset.
    func close() {
        closed = true
        channel?.close(promise: nil)
    }

    private func attach(_ channel: any Channel, tls: NIOSSLContext?, serverHostname: String, maxBody: Int) {
        guard !closed else {
            channel.close(promise: nil)
            return
        }
        self.channel = channel
        let collector = ResponseCollector(maxBody: maxBody, allocator: channel.allocator)
        // Weak: the channel may outlive the lane that made this connection.
        collector.onReply = { [weak self] status, body, keepAlive in
            self?.finish(.reply(status: status, body: body, keepAlive: keepAlive))
        }
        collector.onFault = { [weak self] fault in
            self?.closed = true
            self?.finish(.fault(fault))
        }
        collector.onRetry = { [weak self] in
            self?.closed = true
            self?.finish(.stale)
        }
        collector.onClosed = { [weak self] in
            self?.closed = true
            self?.reportClosed()
        }
        do {
            let pipeline = channel.pipeline.syncOperations
            if let tls {
                let isAddress = (try? SocketAddress(ipAddress: serverHostname, port: 0)) != nil
                let name = isAddress ? nil : serverHostname
                try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: name))
            }
            try pipeline.addHandler(collector)
        } catch {
            closed = true
            channel.close(promise: nil)
            finish(.fault(FaultClassifier.classify(error)))
            reportClosed()
            return
        }
        self.collector = collector
        if channel.isActive {
            collector.send(request)
        } else {
            closed = true
            finish(.fault(.reset))
            reportClosed()
        }
    }

    private func reportClosed() {
        guard !closeReported else { return }
        closeReported = true
        onClosed(self)
    }

    private func finish(_ result: Result) {
        guard let exchange else { return }
        self.exchange = nil
        if case .reply(_, _, false) = result { closed = true }
        onResult(self, exchange, result)
    }
}
