import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryProbe
import CanaryStore
import Dispatch
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
            --subset rules, or by the catalog (--resolver with --consul: the addresses Consul's \
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

    @Option(help: ArgumentHelp("The service-splitter file this watch reads; its weights show beside the shares, and every change starts a new epoch.", valueName: "file"))
    var splitter: String?

    @Option(help: ArgumentHelp("With --consul: follow this live service-splitter entry instead of a file.", valueName: "name"))
    var consulEntry: String?

    @Option(help: ArgumentHelp("The service-resolver file: names the subsets (with --consul: attribute by their instances).", valueName: "file"))
    var resolver: String?

    @Flag(help: "Use Consul (CONSUL_HTTP_ADDR and the Consul CLI's other variables): the catalog for attribution, --consul-entry for the splitter.")
    var consul = false

    @Option(help: ArgumentHelp("Consul's address for --consul (default: CONSUL_HTTP_ADDR, else 127.0.0.1:8500).", valueName: "addr"))
    var consulAddr: String?

    /// The `--until` goal, once validated.
    var goal: HeadlessGoal? { until.flatMap(HeadlessGoal.init(rawValue:)) }

    func validate() throws {
        if headless && requests == nil && duration == nil && until == nil {
            throw ValidationError("--headless needs --requests N, --duration D or --until …")
        }
        try validateUntil()
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
        if consulEntry != nil && !consul { throw ValidationError("--consul-entry needs --consul") }
        if consulAddr != nil && !consul { throw ValidationError("--consul-addr needs --consul") }
    }

    func run() async throws {
        let settings = try probe.settings(
            maxRequests: requests, duration: try duration.map { try ProbeOptions.duration($0, option: "--duration") },
            overallTimeout: until != nil)
        if !headless {
            guard isatty(0) == 1, isatty(1) == 1 else {
                throw CLIError("the dashboard needs a terminal; use --headless (--requests N or --duration D) for scripts")
            }
            try await WatchDashboard.run(self, settings: settings)
            return
        }
        try await WatchHeadless.run(self, settings: settings)
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
        case .verdict where splitter == nil && consulEntry == nil && steering.stable == nil:
            throw CLIError("--until verdict needs a stable subset to judge against: --splitter (or --consul-entry) or --stable")
        default:
            break
        }
        if goal != .verdict && steering.dryRun { throw CLIError("--until \(until) cannot be reached with --dry-run: nothing is written") }
    }

    /// Prints a progress line every `interval` seconds until cancelled.
    func printProgress(every interval: Double, runner: ProbeRunner, setup: WatchSetup) async {
        let clock = ContinuousClock()
        let start = clock.now
        var tick = 1
        while !Task.isCancelled {
            do {
                try await Task.sleep(until: start + .nanoseconds(Int64(interval * 1e9 * Double(tick))), clock: clock)
            } catch {
                return
            }
            tick += 1
            let counts = await runner.progress()
            let report = WatchReport(
                totals: runner.collector.totals(at: runner.clock.now()), counts: counts, settings: runner.settings,
                weights: setup.weights.withLock { $0 }, elapsed: runner.clock.now())
            Output.line(json ? report.json.compact : report.line)
        }
    }
}

/// Calls `handler` on SIGINT or SIGTERM (or the given signals) instead of dying, until cancelled.
final class Interrupts {
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32] = [SIGINT, SIGTERM], _ handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            IgnoredSignals.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
