/// Which fake-service generation the demo imitates: the shape of `upstream_calls` and the
/// wording of the errors it records.
public enum TraceStyle: String, Sendable, CaseIterable {
    /// v0.18.0 and later: `upstream_calls` is an object keyed by upstream URI (keys sorted,
    /// one entry per URI, the last to complete wins); a non-200 upstream is recorded as
    /// `Error processing upstream request: <url>, expected code 200, got <n>`; Go errors in
    /// today's wording (`Get "http://…/": context deadline exceeded (Client.Timeout …)`).
    case current
    /// v0.17.x and older, as in the workshop's replies: an array in completion order,
    /// `Error processing upstream request: <url>`, and older Go wording
    /// (`Get http://…/: net/http: request canceled (Client.Timeout …)`).
    case legacy

    /// The caller's `error` for an upstream that answered `code` instead of 200.
    func upstreamStatusError(url: String, code: Int) -> String {
        switch self {
        case .current: return "Error processing upstream request: \(url), expected code 200, got \(code)"
        case .legacy: return "Error processing upstream request: \(url)"
        }
    }

    /// Go's text for a request to `url` that got no headers within the client timeout.
    func timeoutError(url: String) -> String {
        switch self {
        case .current: return "Get \"\(url)\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        case .legacy: return "Get \(url): net/http: request canceled (Client.Timeout exceeded while awaiting headers)"
        }
    }

    /// Go's text for a refused connection to `hostPort` while getting `url`.
    func refusedError(url: String, hostPort: String) -> String {
        "Get \(quoted(url)): dial tcp \(hostPort): connect: connection refused"
    }

    /// Go's text for a connection closed before a reply came.
    func closedError(url: String) -> String {
        "Get \(quoted(url)): EOF"
    }

    private func quoted(_ url: String) -> String {
        self == .current ? "\"\(url)\"" : url
    }
}
