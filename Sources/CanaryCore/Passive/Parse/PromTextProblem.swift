/// A line of a text-format exposition that could not be read, and why. The line is skipped;
/// the rest is read as usual.
public struct PromTextProblem: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// What is wrong (`expected '=' after label name "code"`).
    public var reason: String
    /// The start of the line, safe for a terminal (control characters replaced), at most
    /// ``excerptLimit`` characters.
    public var excerpt: String

    /// How much of a bad line is kept for the report.
    public static let excerptLimit = 80

    public init(line: Int, reason: String, excerpt: String) {
        self.line = line
        self.reason = reason
        self.excerpt = excerpt
    }

    /// `line 12: expected a value after the labels: envoy_cluster_upstream_rq_xx{…}`.
    public var description: String {
        excerpt.isEmpty ? "line \(line): \(reason)" : "line \(line): \(reason): \(excerpt)"
    }
}

/// Bounds that keep reading a huge or hostile exposition within fixed memory.
public struct PromTextLimits: Sendable, Equatable {
    /// Samples kept at most; later samples are counted in ``PromExposition/droppedSamples``.
    public var maxSamples: Int
    /// Problems kept with their text at most; all are counted in ``PromExposition/problemCount``.
    public var maxProblems: Int
    /// Longer lines are not read: each is one problem (`line too long`).
    public var maxLineBytes: Int
    /// `# TYPE` and `# HELP` entries kept at most (each is one metric name).
    public var maxMetadata: Int

    public init(maxSamples: Int = 1_000_000, maxProblems: Int = 20, maxLineBytes: Int = 65_536, maxMetadata: Int = 10_000) {
        self.maxSamples = maxSamples
        self.maxProblems = maxProblems
        self.maxLineBytes = maxLineBytes
        self.maxMetadata = maxMetadata
    }
}
