import CanaryCore
import CanaryHTTP
import NIOHTTP1
import Synchronization

/// The sidecar's admin listener as the demo serves it: `GET /stats/prometheus` (also
/// `/stats?format=prometheus`) with `usedonly` and `filter`, as Envoy answers them; and, for
/// tests and the curious, `GET /demo/ground-truth`, what web really got from each subset.
///
/// Anything but GET is refused (405) and counted: canarytop must never post here (Envoy's
/// `POST /reset_counters` would wipe what others count).
public final class SidecarAdmin: Sendable {
    public let sidecar: EnvoySidecar
    private let refused = Atomic<Int>(0)

    public init(sidecar: EnvoySidecar) {
        self.sidecar = sidecar
    }

    /// Requests with a method other than GET.
    public var nonGetRequests: Int { refused.load(ordering: .relaxed) }

    public func handle(_ request: LoopbackHTTPServer.Request, _ respond: LoopbackHTTPServer.Responder) {
        guard request.method == .GET else {
            refused.add(1, ordering: .relaxed)
            return respond(.init(status: .methodNotAllowed, contentType: "text/plain", text: "only GET\n"))
        }
        switch request.path {
        case "/stats" where request.queryValue("format") == "prometheus":
            fallthrough
        case "/stats/prometheus":
            let text = sidecar.prometheusText(usedOnly: request.hasQueryItem("usedonly"), filter: request.queryValue("filter"))
            respond(.init(status: .ok, contentType: "text/plain; charset=UTF-8", text: text))
        case "/demo/ground-truth":
            respond(.init(status: .ok, contentType: "application/json", text: Self.json(sidecar.groundTruth).compact + "\n"))
        case "/ready":
            respond(.init(status: .ok, contentType: "text/plain", text: "LIVE\n"))
        default:
            respond(.init(status: .notFound, contentType: "text/plain", text: "not found\n"))
        }
    }

    /// `{"blue":{"requests":…,"5xx":…,"timeouts":…,"timed":…,"by_class":{"2":…}},…}`.
    public static func json(_ truth: [String: SidecarCounts]) -> JSONValue {
        .object(truth.keys.sorted().map { subset in
            let c = truth[subset]!
            return (subset, .object([
                ("sent", .int(c.sent)), ("requests", .int(c.completed)), ("5xx", .int(c.http5xx)), ("timeouts", .int(c.timeouts)),
                ("connect_failures", .int(c.connectFailures)), ("timed", .int(c.timed)),
                ("by_class", .object(c.byClass.keys.sorted().map { ("\($0)", .int(c.byClass[$0]!)) })),
            ]))
        })
    }
}
