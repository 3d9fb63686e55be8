/// What one text-format exposition held: its samples, its metadata and the lines it could not read.
public struct PromExposition: Sendable {
    /// The samples kept, in the order written.
    public var samples: [PromSample] = []
    /// `# TYPE` by metric name (the last one wins when a name repeats).
    public var types: [String: PromMetricType] = [:]
    /// `# HELP` by metric name, unescaped (`\\` and `\n`).
    public var help: [String: String] = [:]
    /// The first problems, in line order, at most ``PromTextLimits/maxProblems``.
    public var problems: [PromTextProblem] = []
    /// Every line that could not be read, kept or not.
    public var problemCount = 0
    /// Lines read (up to `# EOF` when there is one).
    public var lines = 0
    /// Samples read but not kept: refused by the caller's filter.
    public var filteredSamples = 0
    /// Samples read but not kept: past ``PromTextLimits/maxSamples``.
    public var droppedSamples = 0
    /// `# TYPE`/`# HELP` lines past ``PromTextLimits/maxMetadata`` (read, not kept).
    public var droppedMetadata = 0
    /// Whether an OpenMetrics `# EOF` ended the text.
    public var sawEOF = false

    public init() {}

    /// `3 bad lines (line 4: …; line 9: …)`, or `nil` when every line was read.
    public var problemSummary: String? {
        guard problemCount > 0 else { return nil }
        let shown = problems.prefix(3).map(\.description).joined(separator: "; ")
        let more = problemCount > 3 ? "; …" : ""
        return "\(problemCount) bad line\(problemCount == 1 ? "" : "s") (\(shown)\(more))"
    }
}
