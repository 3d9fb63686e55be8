/// One fake-service trace as a fake-service instance writes it: itself, or one upstream entry.
///
/// Field for field the reply fake-service sends (see `fake-service-traces.md`); an empty
/// string, list or map is left out when written, as fake-service's Go `omitempty` does, and
/// `code` is always written. Unlike CanaryCore's read-side ``Hop`` it keeps what is needed to
/// write a reply byte for byte: timestamps, cookies, the header map.
public struct FakeTrace: Sendable, Equatable {
    /// The instance's `NAME`.
    public var name: String
    /// Top level: the request path (`/`). Upstream entry: the configured upstream URI.
    public var uri: String
    /// `HTTP` (the demo speaks nothing else).
    public var type: String
    public var ipAddresses: [String]
    /// `YYYY-MM-DDTHH:MM:SS.ffffff`, no time zone (see ``TraceTimestamp``).
    public var startTime: String
    public var endTime: String
    /// Go `Duration.String()` text.
    public var duration: String
    /// Upstream entries only: the response headers the caller received (first value of each).
    public var headers: [String: String]
    public var cookies: [String: String]
    /// The `MESSAGE`, written as a JSON string; nil leaves `body` out.
    public var body: String?
    /// Upstream entries in completion order. The object form keys them by ``uri``.
    public var upstreamCalls: [FakeTrace]
    /// HTTP status, or `-1` when an upstream gave no reply at all.
    public var code: Int
    public var error: String

    public init(
        name: String = "", uri: String = "", type: String = "", ipAddresses: [String] = [],
        startTime: String = "", endTime: String = "", duration: String = "",
        headers: [String: String] = [:], cookies: [String: String] = [:], body: String? = nil,
        upstreamCalls: [FakeTrace] = [], code: Int = 0, error: String = ""
    ) {
        self.name = name
        self.uri = uri
        self.type = type
        self.ipAddresses = ipAddresses
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.upstreamCalls = upstreamCalls
        self.code = code
        self.error = error
    }

    /// The entry fake-service records for an upstream that gave no reply at all (refused,
    /// reset, timed out): only `uri`, `code: -1` and the error — no name, no IP, no timings.
    public static func noReply(uri: String, error: String) -> FakeTrace {
        FakeTrace(uri: uri, code: -1, error: "Error communicating with upstream service: " + error)
    }
}
