/// A kind of trouble one reply shows, as counted on a subset's row.
///
/// One reply may fall into several classes at once: a `500` whose trace names a hop with
/// `code: -1` counts as both ``http5xx`` and ``upstreamNoReply``. A reply that shows no
/// trouble has no class at all. Requests themselves are counted once, separately.
public enum ReplyClass: Sendable, Hashable, Comparable {
    /// The client saw a status of 500 or more.
    case http5xx
    /// The client saw a status from 400 to 499.
    case http4xx
    /// The body was not a fake-service trace; the associated value is
    /// ``TraceFault/className`` (`"not-json"`, `"empty"`), so each fault kind counts apart.
    case notATrace(String)
    /// The trace's failing hop is an upstream that gave no reply at all (`code: -1`).
    case upstreamNoReply
    /// The trace names a failing upstream hop that did reply, with an error or a failing status.
    case upstreamError
    /// The probed service failed by itself (e.g. a fault injected in `web`): no upstream is to blame.
    case serviceError

    /// The classes `observation` counts in, in a fixed order (the order of the cases).
    ///
    /// ```
    /// status 503, body not JSON            → [.http5xx, .notATrace("not-json")]
    /// status 500, failing hop code -1      → [.http5xx, .upstreamNoReply]
    /// status 200, trace, no failing hop    → []
    /// ```
    public static func classes(of observation: Observation) -> [ReplyClass] {
        var found: [ReplyClass] = []
        if observation.status >= 500 {
            found.append(.http5xx)
        } else if observation.status >= 400 {
            found.append(.http4xx)
        }
        if case .notATrace(let fault) = observation.body {
            found.append(.notATrace(fault.className))
        }
        if let hop = observation.failingHop {
            if hop.path.count <= 1 {
                found.append(.serviceError)
            } else {
                found.append(hop.code == -1 ? .upstreamNoReply : .upstreamError)
            }
        }
        return found
    }

    /// A short stable name for display and JSON: `"http-5xx"`, `"not-a-trace/not-json"`.
    public var name: String {
        switch self {
        case .http5xx: return "http-5xx"
        case .http4xx: return "http-4xx"
        case .notATrace(let kind): return "not-a-trace/\(kind)"
        case .upstreamNoReply: return "upstream-no-reply"
        case .upstreamError: return "upstream-error"
        case .serviceError: return "service-error"
        }
    }
}
