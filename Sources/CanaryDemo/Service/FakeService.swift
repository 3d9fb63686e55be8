import AsyncHTTPClient
import CanaryCore
import CanaryHTTP
import NIOCore
import NIOHTTP1
import Synchronization

/// One fake-service look-alike: answers every path with its trace after calling its upstreams.
///
/// Runs entirely on SwiftNIO's event loops (the server's and AsyncHTTPClient's futures, timers
/// for the timing floor), never on Swift's cooperative pool. Per request, as fake-service does:
/// count it against `ERROR_RATE` (an injected failure answers at once with only the error);
/// draw a latency from the timing knobs; call each upstream in turn; answer no sooner than the
/// drawn latency after the request arrived — 200 with `body` when every upstream answered 200,
/// else 500 without it. `/health` and `/ready` answer `OK`.
public final class FakeService: Sendable {
    public let behaviour: ServiceBehaviour
    public let upstreams: [Upstream]
    public let style: TraceStyle
    private let caller: UpstreamCaller
    private let errors: ErrorInjector
    private let rng: Mutex<SeededGenerator>
    private let wallClock: @Sendable () -> Int64

    /// - Parameters:
    ///   - http: the client for upstream calls (shared by the mesh; keep-alive pooled).
    ///   - seed: seeds the latency draws.
    ///   - wallClock: nanoseconds since the epoch, for timestamps.
    public init(
        behaviour: ServiceBehaviour, upstreams: [Upstream], style: TraceStyle, http: HTTPClient, seed: UInt64,
        wallClock: @escaping @Sendable () -> Int64
    ) {
        self.behaviour = behaviour
        self.upstreams = upstreams
        self.style = style
        self.caller = UpstreamCaller(http: http, style: style, wallClock: wallClock)
        self.errors = ErrorInjector(rate: behaviour.errorRate)
        self.rng = Mutex(SeededGenerator(seed: seed))
        self.wallClock = wallClock
    }

    /// The server handler.
    public func handle(_ request: LoopbackHTTPServer.Request, _ respond: LoopbackHTTPServer.Responder) {
        if request.path == "/health" || request.path == "/ready" {
            return respond(.init(status: .ok, contentType: "text/plain; charset=utf-8", text: "OK"))
        }
        let startWall = wallClock()
        let start = NIODeadline.now()
        if errors.nextFails() {
            let trace = FakeTrace(
                name: behaviour.name, uri: request.path, type: "HTTP", ipAddresses: behaviour.ipAddresses,
                code: behaviour.errorCode, error: "Service error automatically injected")
            return respond(reply(trace))
        }
        let floor = start + .nanoseconds(Int64(rng.withLock { behaviour.timing.sample(using: &$0) } * 1e9))
        let eventLoop = respond.eventLoop
        callAll(from: 0, done: [], on: eventLoop).whenSuccess { [self] calls in
            let finish: @Sendable () -> Void = { [self] in
                let ok = calls.allSatisfy { $0.code == 200 }
                let elapsed = NIODeadline.now() - start
                let trace = FakeTrace(
                    name: behaviour.name, uri: request.path, type: "HTTP", ipAddresses: behaviour.ipAddresses,
                    startTime: TraceTimestamp.text(nanosecondsSinceEpoch: startWall),
                    endTime: TraceTimestamp.text(nanosecondsSinceEpoch: startWall + elapsed.nanoseconds),
                    duration: GoDuration.text(nanoseconds: elapsed.nanoseconds),
                    body: ok ? behaviour.message : nil, upstreamCalls: calls, code: ok ? 200 : 500)
                respond(reply(trace))
            }
            if NIODeadline.now() < floor {
                eventLoop.scheduleTask(deadline: floor, finish)
            } else {
                finish()
            }
        }
    }

    /// Calls the upstreams one after another (fake-service's default of one worker).
    private func callAll(from index: Int, done: [FakeTrace], on eventLoop: any EventLoop) -> EventLoopFuture<[FakeTrace]> {
        guard index < upstreams.count else { return eventLoop.makeSucceededFuture(done) }
        return caller.call(upstreams[index], timeout: behaviour.clientTimeout, on: eventLoop).flatMap { [self] entry in
            callAll(from: index + 1, done: done + [entry], on: eventLoop)
        }
    }

    private func reply(_ trace: FakeTrace) -> LoopbackHTTPServer.Response {
        .init(
            status: HTTPResponseStatus(statusCode: trace.code),
            contentType: "text/plain; charset=utf-8", text: FakeTraceEncoder.encode(trace, style: style),
            headers: [("Date", HTTPDate.text(nanosecondsSinceEpoch: wallClock()))])
    }
}
