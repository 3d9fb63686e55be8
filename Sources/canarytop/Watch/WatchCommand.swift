import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryStore
import Foundation

/// `canarytop watch <url>`: probe a service, attribute every reply, and report the tallies.
///
/// With `--headless` it sends exactly `--requests N` (or runs for `--duration D`), waits for the
/// requests in flight, prints a summary with the canaries' verdicts (a text table, or JSON with
/// `--json`) and exits 0; with `--until` it runs until a goal or `--timeout` and its exit status
/// says how it ended (see ``WatchHeadless``). Without it, the dashboard opens (see
/// ``WatchDashboard``).
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Probe a service and tally its replies per subset (headless: print the tallies).",
        discussion: """
            Sends GET requests to the URL over kept-alive connections on a fixed schedule \
            (--rate per second; latency counts from the intended send time) or at full speed \
            (--rate max). Each reply's fake-service trace is attributed to a subset by the \
            --subset rules, or by the catalog (--resolver with --catalog: the addresses Consul's \
            health API lists for each subset's filter). Replies that are not traces (Envoy's \
            503 text) go to the unattributed row; requests that got no reply at all are counted \
            by class on the probe-errors row.

            Each canary is judged against the stable subset over the current epoch (--alpha, \
            --max-5xx-increase, --max-p99-increase, --slo); --guard rolls back on FAIL and --steps \
            walks the canary through a plan, on the dashboard and headless alike.

            For CI: --headless --until verdict|promoted|rolled-back --timeout D waits for the goal \
            at most D and exits 0 on PASS or promoted, 2 on FAIL or rolled back, 3 on timeout or \
            inconclusive (1 on errors). With --until, --timeout is the whole run's limit and \
            --request-timeout (default 10s) the per-request one; without --until, --timeout is the \
            per-request timeout as before.

            Example: canarytop watch http://localhost:9090 --headless --requests 400 --json \
            --subset blue=ip:10.42.0.10 --subset green=ip:10.42.0.19

            Example: canarytop watch http://localhost:9090 --headless --until verdict --timeout 2m \
            --guard --slo 1s --splitter payments_splitter.hcl --resolver payments_resolver.hcl \
            --subset blue=ip:10.42.0.10 --subset green=ip:10.42.0.19
            """)

    @OptionGroup var probe: ProbeOptions
    @OptionGroup(title: "The mesh's own stats (instead of, or beside, the probe)") var mesh: PassiveOptions
    @OptionGroup var attribution: AttributionOptions
    @OptionGroup(title: "Steering (the dashboard, the guard and steps)") var steering: SteeringOptions
    @OptionGroup(title: "Verdicts, guard and steps") var verdict: VerdictOptions

    @Flag(help: "Print the tallies instead of showing the dashboard; needs --requests, --duration or --until.")
    var headless = false

    @Option(help: ArgumentHelp(
        "With --headless: run until every canary is decisive (verdict), the step plan is done (promoted) or traffic is back on stable (rolled-back), at most --timeout. Exit 0 on PASS or promoted, 2 on FAIL or rolled back, 3 on timeout or inconclusive.",
        valueName: "verdict|promoted|rolled-back"))
    var until: String?

    @Option(help: ArgumentHelp("Send exactly this many requests, then stop.", valueName: "n"))
    var requests: Int?

    @Option(help: ArgumentHelp("Send for this long (10s, 2m, seconds), then stop.", valueName: "duration"))
    var duration: String?

    @Flag(help: "Print the summary (and --report-every lines) as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Print a line (a JSON line with --json) this often while running.", valueName: "duration"))
    var reportEvery: String?

    @Option(help: ArgumentHelp("The service-splitter file this watch reads (HCL, JSON, or a ServiceSplitter manifest: .yaml); its weights show beside the shares, and every change starts a new epoch.", valueName: "file"))
    var splitter: String?

    @Option(help: ArgumentHelp("Follow this live service-splitter entry in Consul instead of a file (uses Consul).", valueName: "name"))
    var consulEntry: String?

    @Option(help: ArgumentHelp("The service-resolver file: names the subsets (with --catalog: attribute by their instances).", valueName: "file"))
    var resolver: String?

    @Flag(help: "Attribute by Consul's catalog: each --resolver subset's instances, from the health API with the subset's filter (uses Consul).")
    var catalog = false

    @OptionGroup(title: "Consul (with --catalog or --consul-entry)") var consul: ConsulOptions

    @OptionGroup(title: "Prometheus metrics") var metrics: MetricsOptions
    @OptionGroup(title: "Recording") var recording: RecordOption

    /// The old spelling of `--catalog` (until the next release).
    @Flag(name: .customLong("consul"), help: .hidden)
    var oldConsulFlag = false

    /// The old spelling of `--http-addr` (until the next release).
    @Option(name: .customLong("consul-addr"), help: .hidden)
    var oldConsulAddress: String?

    /// Whether this watch talks to Consul.
    var usesConsul: Bool {
        switch steering.write.apply {
        // A file with --apply api is written to Consul too; kubectl's changes are confirmed there.
        case .api, .kubectl: return true
        case .command where consul.givenFlag != nil || ProcessInfo.processInfo.environment["CONSUL_HTTP_ADDR"] != nil:
            return true   // to check whose the live entry is before `consul config write`
        default: return catalog || oldConsulFlag || consulEntry != nil
        }
    }

    /// Old spellings used, as notes for standard error.
    var oldSpellingNotes: [String] {
        (oldConsulFlag ? [OldSpelling.note("--consul", "--catalog")] : [])
            + (oldConsulAddress != nil ? [OldSpelling.note("--consul-addr", "--http-addr")] : [])
    }

    /// The `--until` goal, once validated.
    var goal: HeadlessGoal? { until.flatMap(HeadlessGoal.init(rawValue:)) }

    func validate() throws {
        if mesh.probing && probe.url == nil {
            throw ValidationError("give the URL to probe (or --probe off with --envoy-admin or --prometheus)")
        }
        if !mesh.probing && requests != nil { throw ValidationError("--requests counts probes; with --probe off use --duration or --until") }
        if headless && requests == nil && duration == nil && until == nil {
            throw ValidationError("--headless needs --requests N, --duration D or --until …")
        }
        try validateUntil()
        try metrics.validate(headless: headless)
        try verdict.validate(hasSplitter: splitter != nil || consulEntry != nil, readOnly: steering.readOnly)
        _ = try verdict.rolloutPolicy(headless: headless)
        _ = try probe.perRequestTimeout(overallTimeout: until != nil)
        if requests != nil && duration != nil { throw ValidationError("give --requests or --duration, not both") }
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1") }
        if let duration, try ProbeOptions.duration(duration, option: "--duration") <= 0 {
            throw ValidationError("--duration must be more than 0")
        }
        if let reportEvery, try ProbeOptions.duration(reportEvery, option: "--report-every") < 0.01 {
            throw ValidationError("--report-every must be at least 10ms")
        }
        if splitter != nil && consulEntry != nil { throw ValidationError("give --splitter or --consul-entry, not both") }
        if steering.write.apply == .kubectl && consulEntry == nil {
            throw KubectlFileRule.refusal(file: splitter)
        }
        try recording.validate(others: [
            ("--splitter", splitter), ("--resolver", resolver), ("--journal", steering.write.journal),
            ("the journal beside --splitter", splitter.map { $0 + ".journal" }),
        ])
        if !usesConsul, let flag = consul.givenFlag ?? (oldConsulAddress == nil ? nil : "--consul-addr") {
            throw ValidationError("\(flag) needs --catalog or --consul-entry (what this watch asks of Consul)")
        }
    }

    /// What the watch runs: these options as plain values (a headless run acts at once: no countdown).
    func configuration(headless: Bool) throws -> WatchConfiguration {
        var configuration = WatchConfiguration(
            probe: try probe.settings(
                maxRequests: requests, duration: try duration.map { try ProbeOptions.duration($0, option: "--duration") },
                overallTimeout: until != nil, unprobed: mesh.envoyAdmin.first ?? mesh.prometheus),
            rateLabel: probe.rate == "max" ? "max" : "\(probe.rate)/s", attributor: try attribution.attributor(),
            splitter: splitter.map(SplitterLocation.file) ?? consulEntry.map(SplitterLocation.consulEntry),
            resolverPath: resolver, consul: usesConsul ? try consul.environment(address: oldConsulAddress) : nil,
            steering: steering.steering, verdict: try verdict.verdictPolicy(), rollout: try verdict.rolloutPolicy(headless: headless),
            theme: steering.theme, metrics: try metrics.settings(slo: try verdict.verdictPolicy().slo),
            record: recording.record, until: until)
        configuration.probing = mesh.probing
        configuration.passive = try mesh.settings()
        return configuration
    }

    func run() async throws {
        for note in oldSpellingNotes { Output.error(note) }
        if !headless {
            guard isatty(0) == 1, isatty(1) == 1 else {
                throw CLIError("the dashboard needs a terminal; use --headless (--requests N or --duration D) for scripts")
            }
            try await WatchDashboard.run(try configuration(headless: false))
            return
        }
        try await WatchHeadless.run(self)
    }

    /// `--until`: headless only, with --timeout, and with what its goal needs.
    private func validateUntil() throws {
        guard let until else { return }
        guard let goal = HeadlessGoal(rawValue: until) else {
            throw CLIError("--until \"\(until)\": expected verdict, promoted or rolled-back")
        }
        if !headless { throw CLIError("--until needs --headless") }
        if probe.timeout == nil {
            throw CLIError("--until needs --timeout D, the longest the run waits (with --until, --request-timeout is the per-request timeout)")
        }
        switch goal {
        case .promoted where verdict.steps == nil:
            throw CLIError("--until promoted needs --steps")
        case .rolledBack where !verdict.writesOnItsOwn:
            throw CLIError("--until rolled-back needs --guard or --steps")
        case .verdict where splitter == nil && consulEntry == nil && steering.write.stable == nil:
            throw CLIError("--until verdict needs a stable subset to judge against: --splitter (or --consul-entry) or --stable")
        default:
            break
        }
        if goal != .verdict && steering.write.dryRun { throw CLIError("--until \(until) cannot be reached with --dry-run: nothing is written") }
    }
}
