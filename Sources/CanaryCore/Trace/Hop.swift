/// One hop of a fake-service trace: the probed service itself, or one of its upstream calls.
///
/// Every field is optional because real replies omit them: an upstream that gave no reply
/// at all is recorded by fake-service as only `{"uri": "...", "code": -1, "error": "..."}`.
public struct Hop: Sendable, Equatable {
    /// The key this hop was filed under in its parent's `upstream_calls` object
    /// (`"http://payments:9090"`); `nil` at the top level and in the array form.
    public var key: String?
    /// The instance's `NAME` (`"api-v1"`); omitted by fake-service when empty.
    public var name: String?
    /// Top level: the request path (`"/"`). Upstream entries: the configured upstream URI.
    public var uri: String?
    /// `"HTTP"` or `"gRPC"`.
    public var type: String?
    /// The host's addresses as reported, unvalidated (`["10.42.0.10"]`).
    public var ipAddresses: [String]
    /// The raw Go duration text (`"24.882855ms"`).
    public var durationText: String?
    /// `durationText` in seconds, when it parses.
    public var duration: Double?
    /// Response headers the caller received (upstream entries only), in reply order.
    public var headers: [Header]
    /// The `body`: a JSON string's content, or the raw text of any other JSON value.
    public var body: String?
    /// HTTP status, `-1` for no reply at all, or a gRPC status code for gRPC hops.
    public var code: Int?
    /// Error text, absent on success.
    public var error: String?
    /// Nested traces of the upstream calls, in document order (object form: one per key, last wins).
    public var upstreamCalls: [Hop]

    public init(
        key: String? = nil, name: String? = nil, uri: String? = nil, type: String? = nil,
        ipAddresses: [String] = [], durationText: String? = nil, duration: Double? = nil,
        headers: [Header] = [], body: String? = nil, code: Int? = nil, error: String? = nil,
        upstreamCalls: [Hop] = []
    ) {
        self.key = key
        self.name = name
        self.uri = uri
        self.type = type
        self.ipAddresses = ipAddresses
        self.durationText = durationText
        self.duration = duration
        self.headers = headers
        self.body = body
        self.code = code
        self.error = error
        self.upstreamCalls = upstreamCalls
    }

    /// One recorded response header.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The value of the header called `name`, compared case-insensitively (as HTTP header names are).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.name.lowercased() == wanted }?.value
    }

    /// Whether this hop reports gRPC (`type: "gRPC"`), where `code` 0 means OK.
    public var isGRPC: Bool {
        // ASCII case-insensitive without building a lowercased copy (this runs for every reply).
        guard let type, type.utf8.count == 4 else { return false }
        return type.utf8.elementsEqual("grpc".utf8) { $0 | 0x20 == $1 }
    }

    /// Whether this hop itself reports a failure: an error text, `code: -1`, or a failing status.
    public var isFailing: Bool {
        if error != nil { return true }
        guard let code else { return false }
        if code < 0 { return true }
        return isGRPC ? code != 0 : code >= 400
    }
}

/// A decoded fake-service reply: the probed service's hop, with its upstream calls nested inside.
public struct Trace: Sendable, Equatable {
    public var root: Hop
    public init(root: Hop) { self.root = root }
}
