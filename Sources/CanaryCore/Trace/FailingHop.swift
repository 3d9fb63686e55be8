/// The first failing entry of a trace, found depth-first.
public struct FailingHop: Sendable, Equatable {
    /// Names (or URIs, when a hop has no name) from the root down to the failing entry:
    /// `["web", "api-v1", "http://localhost:9091"]`.
    public var path: [String]
    /// The entry's own `code` (`-1` when the upstream gave no reply at all).
    public var code: Int?
    /// The entry's `error` text as reported (not yet sanitised for a terminal).
    public var error: String?

    public init(path: [String], code: Int?, error: String?) {
        self.path = path
        self.code = code
        self.error = error
    }
}
