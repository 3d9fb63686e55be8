/// What decoding one reply body produced: a trace, or a classified reason it is not one.
public enum TraceOutcome: Sendable, Equatable {
    case trace(Trace)
    case fault(TraceFault)

    /// The trace, when there is one.
    public var trace: Trace? {
        if case .trace(let t) = self { return t }
        return nil
    }

    /// The fault, when decoding did not give a trace.
    public var fault: TraceFault? {
        if case .fault(let f) = self { return f }
        return nil
    }
}

/// Why a reply body is not a usable trace. Never thrown: decoding always returns a value.
public enum TraceFault: Sendable, Equatable, Hashable {
    /// Zero bytes, or only whitespace (an empty 503 from a service that is not ready).
    case empty
    /// The body does not start like JSON: Envoy's `upstream connect error or disconnect…`.
    /// `preview` holds the first line, at most 80 characters, control characters removed.
    case notJSON(preview: String)
    /// The JSON stopped before it was complete (a reply cut off mid-way).
    case truncated(offset: Int)
    /// The JSON is broken at byte `offset`; `expected` says what should have been there.
    case malformed(offset: Int, expected: String)
    /// Arrays/objects nest deeper than `limit`.
    case tooDeep(limit: Int)
    /// A string holds bytes that are not UTF-8, at byte `offset`.
    case invalidUTF8(offset: Int)
    /// Valid JSON, but not an object (`[]`, `"hello"`, `42`).
    case notAnObject

    /// A short stable name for counting faults by class (`"not-json"`).
    public var className: String {
        switch self {
        case .empty: return "empty"
        case .notJSON: return "not-json"
        case .truncated: return "truncated"
        case .malformed: return "malformed"
        case .tooDeep: return "too-deep"
        case .invalidUTF8: return "invalid-utf8"
        case .notAnObject: return "not-an-object"
        }
    }
}
