/// A recording's first line: the format's version and the settings of the run recorded.
public struct RecordingHeader: Sendable, Equatable {
    /// The format version this build writes and reads.
    public static let currentVersion = 1
    /// The key the first line starts with, naming the format.
    public static let formatKey = "canarytop_recording"

    public var version: Int
    /// The probed URL.
    public var target: String
    /// Requests per second, or `nil` for `--rate max`.
    public var rate: Double?
    /// How the header shows the pace (`20/s`, `max`).
    public var rateLabel: String
    public var concurrency: Int
    /// The subsets shown from the start.
    public var subsets: [String]
    /// `file`, `api …`: how the recorded run applied changes.
    public var applyMode: String
    /// The `--until` goal of a headless run.
    public var until: String?
    /// `--stable`, when given.
    public var stable: String?
    /// How canaries were judged.
    public var verdict: VerdictPolicy
    /// Whether the run was headless.
    public var headless: Bool

    public init(
        version: Int = RecordingHeader.currentVersion, target: String, rate: Double?, rateLabel: String, concurrency: Int,
        subsets: [String], applyMode: String, until: String? = nil, stable: String? = nil,
        verdict: VerdictPolicy = VerdictPolicy(), headless: Bool
    ) {
        self.version = version
        self.target = target
        self.rate = rate
        self.rateLabel = rateLabel
        self.concurrency = concurrency
        self.subsets = subsets
        self.applyMode = applyMode
        self.until = until
        self.stable = stable
        self.verdict = verdict
        self.headless = headless
    }
}
