import CanaryCore
import CanaryHTTP
import Dispatch
import NIOHTTP1

/// `/metrics` on `--metrics-addr`: a ``LoopbackHTTPServer`` whose handler only hands the
/// request over. The sample is taken and rendered on a queue of its own, never on the event
/// loops the probe shares, and never on the dashboard's thread; the answer goes back to the
/// connection's loop to be written. Scrapes are served one after another, so a burst of them
/// cannot take more than one thread.
public final class MetricsEndpoint: Sendable {
    private let server: LoopbackHTTPServer
    /// Where it listens, with the port the system chose for port 0.
    public let address: MetricsAddress

    private init(server: LoopbackHTTPServer, address: MetricsAddress) {
        self.server = server
        self.address = address
    }

    /// Starts serving `sample()` at `address`; a refusal is one line naming `--metrics-addr`.
    public static func start(_ address: MetricsAddress, sample: @escaping @Sendable () -> MetricsSample) async throws -> MetricsEndpoint {
        let queue = DispatchQueue(label: "canarytop-metrics")
        do {
            let server = try await LoopbackHTTPServer.start(host: address.host, port: address.port, maxBody: 4096) { request, respond in
                queue.async { respond(answer(request, sample: sample)) }
            }
            return MetricsEndpoint(server: server, address: MetricsAddress(host: address.host, port: server.port))
        } catch {
            if LoopbackHTTPServer.isAddressInUse(error) {
                throw RunError("--metrics-addr \(address): the address is already in use (is another canarytop or exporter on it?)")
            }
            throw RunError("--metrics-addr \(address): cannot listen there: \(error)")
        }
    }

    /// The answer to one request: the metrics for `GET /metrics` (and `HEAD`), else 404 or 405.
    static func answer(_ request: LoopbackHTTPServer.Request, sample: () -> MetricsSample) -> LoopbackHTTPServer.Response {
        guard request.path == "/metrics" else {
            return .init(status: .notFound, contentType: "text/plain; charset=utf-8", text: "canarytop serves /metrics only\n")
        }
        guard request.method == .GET || request.method == .HEAD else {
            return .init(status: .methodNotAllowed, contentType: "text/plain; charset=utf-8", text: "GET /metrics\n", headers: [("Allow", "GET, HEAD")])
        }
        let format = MetricsFormat.negotiate(accept: request.headers["Accept"].isEmpty ? nil : request.headers["Accept"].joined(separator: ","))
        let text = MetricsExposition.render(sample(), format: format)
        return .init(status: .ok, contentType: format.contentType, text: request.method == .HEAD ? "" : text)
    }

    /// Keeps serving for `seconds` (a headless run's last counts, for a last scrape), or until
    /// SIGINT or SIGTERM.
    public func linger(_ seconds: Double) async {
        let (ended, finish) = AsyncStream<Void>.makeStream()
        let signals = Interrupts { finish.finish() }
        defer { signals.cancel() }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            finish.finish()
        }
        for await _ in ended {}
        timer.cancel()
    }

    /// Stops serving and closes every connection.
    public func shutdown() async {
        await server.shutdown()
    }
}
