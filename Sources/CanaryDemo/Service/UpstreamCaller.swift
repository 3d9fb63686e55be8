import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Makes one upstream call over real HTTP/1.1 (keep-alive, AsyncHTTPClient on SwiftNIO) and
/// records it as fake-service records an upstream entry.
///
/// - A reply with a trace: the upstream's own fields, `uri` = the configured URI, `headers`
///   = what came back; a status other than 200 replaces `code` and `error` (see ``TraceStyle``).
/// - A reply without a trace (Envoy's 503 text): `uri`, `headers`, `code`, and that error.
/// - No reply (refused, reset, the client timeout passed): `uri`, `code: -1` and Go's error text.
struct UpstreamCaller: Sendable {
    let http: HTTPClient
    let style: TraceStyle
    /// Wall-clock nanoseconds since the epoch, for the `Date` of a simulated Envoy reply.
    let wallClock: @Sendable () -> Int64

    /// Calls `upstream` once, giving up after `timeout` seconds; the future completes on `eventLoop`.
    func call(_ upstream: Upstream, timeout: Double, on eventLoop: any EventLoop) -> EventLoopFuture<FakeTrace> {
        switch upstream.route() {
        case .noHealthyUpstream:
            return eventLoop.makeSucceededFuture(envoyNoHealthyUpstream(upstream))
        case .endpoint(let host, let port):
            let target = Upstream.Target.endpoint(host: host, port: port)
            guard let tap = upstream.sidecar, let subset = tap.subset(target) else {
                return send(upstream, host: host, port: port, timeout: timeout, on: eventLoop).map(\.trace)
            }
            tap.stats.sent(to: subset)
            let start = NIODeadline.now()
            return send(upstream, host: host, port: port, timeout: timeout, on: eventLoop).map { result in
                let seconds = Double((NIODeadline.now() - start).nanoseconds) / 1e9
                switch result.failure {
                case .timeout?: tap.stats.finished(subset, .timeout)
                case .connect?: tap.stats.finished(subset, .connectFailure)
                case nil: tap.stats.finished(subset, .reply(status: result.trace.code, seconds: seconds))
                }
                return result.trace
            }
        }
    }

    /// Why a call got no reply, as the caller's sidecar would count it.
    private enum Failure { case timeout, connect }

    private func send(
        _ upstream: Upstream, host: String, port: Int, timeout: Double, on eventLoop: any EventLoop
    ) -> EventLoopFuture<(trace: FakeTrace, failure: Failure?)> {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: "http://\(host):\(port)/", method: .GET)
        } catch {
            return eventLoop.makeSucceededFuture((.noReply(uri: upstream.uri, error: "\(error)"), .connect))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout * 1e9))
        return http.execute(request: request, eventLoop: .delegate(on: eventLoop), deadline: deadline)
            .map { response in (record(upstream, response), nil) }
            .recover { error in
                let timedOut = (error as? HTTPClientError).map { $0 == .deadlineExceeded || $0 == .readTimeout } ?? false
                return (.noReply(uri: upstream.uri, error: goError(error, upstream)), timedOut ? .timeout : .connect)
            }
    }

    private func record(_ upstream: Upstream, _ response: HTTPClient.Response) -> FakeTrace {
        let status = Int(response.status.code)
        let body = response.body.map { Array($0.readableBytesView) } ?? []
        var entry = FakeTraceReader.read(body) ?? FakeTrace(code: status)
        entry.uri = upstream.uri
        entry.headers = Self.canonical(response.headers)
        if status != 200 {
            entry.code = status
            entry.error = style.upstreamStatusError(url: upstream.requestURL, code: status)
        }
        return entry
    }

    /// What a caller records when its sidecar answers 503 `no healthy upstream` (no trace).
    private func envoyNoHealthyUpstream(_ upstream: Upstream) -> FakeTrace {
        FakeTrace(
            uri: upstream.uri,
            headers: [
                "Content-Length": "19", "Content-Type": "text/plain",
                "Date": HTTPDate.text(nanosecondsSinceEpoch: wallClock()), "Server": "envoy",
            ],
            code: 503, error: style.upstreamStatusError(url: upstream.requestURL, code: 503))
    }

    /// Go's error text for a call that got no reply.
    private func goError(_ error: any Error, _ upstream: Upstream) -> String {
        let url = upstream.requestURL
        if let e = error as? HTTPClientError, e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
            return style.timeoutError(url: url)
        }
        if let e = error as? HTTPClientError, e == .remoteConnectionClosed {
            return style.closedError(url: url)
        }
        let text = String(describing: error)
        if text.contains("refused") || text.contains("ECONNREFUSED") {
            return style.refusedError(url: url, hostPort: upstream.dialAddress)
        }
        return "Get \(style == .current ? "\"\(url)\"" : url): \(text)"
    }

    /// The first value of each header under Go's canonical name (`content-type` → `Content-Type`),
    /// without the hop-by-hop `Connection` and `Keep-Alive`.
    static func canonical(_ headers: HTTPHeaders) -> [String: String] {
        var out: [String: String] = [:]
        for (name, value) in headers {
            let key = name.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: "-")
            if key == "Connection" || key == "Keep-Alive" || out[key] != nil { continue }
            out[key] = value
        }
        return out
    }
}
