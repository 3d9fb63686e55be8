import ArgumentParser
import CanaryCore
import CanaryProbe
import CanaryStore
import Dispatch
import Foundation

/// `canarytop watch <url>`: probe a service, attribute every reply, and report the tallies.
///
/// With `--headless` it sends exactly `--requests N` (or runs for `--duration D`), waits for the
/// requests in flight, prints a summary (a text table, or JSON with `--json`) and exits 0.
/// Without it, the dashboard opens (see ``WatchDashboard``).
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

            Example: canarytop watch http://localhost:9090 --headless --requests 400 --json \
            --subset blue=ip:10.42.0.10 --subset green=ip:10.42.0.19
            """)

    @OptionGroup var probe: ProbeOptions
    @OptionGroup var attribution: AttributionOptions
    @OptionGroup(title: "Steering (the dashboard)") var steering: SteeringOptions

    @Flag(help: "Print the tallies instead of showing the dashboard; needs --requests or --duration.")
    var headless = false

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

    func validate() throws {
        if headless && requests == nil && duration == nil {
            throw ValidationError("--headless needs --requests N or --duration D")
        }
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
            maxRequests: requests, duration: try duration.map { try ProbeOptions.duration($0, option: "--duration") })
        if !headless {
            guard isatty(0) == 1, isatty(1) == 1 else {
                throw CLIError("the dashboard needs a terminal; use --headless (--requests N or --duration D) for scripts")
            }
            try await WatchDashboard.run(self, settings: settings)
            return
        }
        let setup = try await WatchSetup(command: self)
        let collector = TallyCollector(subsets: setup.subsets)
        let runner: ProbeRunner
        do {
            runner = try ProbeRunner(settings: settings, attribution: setup.attribution, collector: collector)
        } catch {
            await setup.stop()
            throw CLIError("cannot set up TLS: \(error)")
        }
        setup.start(collector: collector, clock: runner.clock) { Output.error("canarytop: \($0)") }
        let interrupts = Interrupts { runner.stop() }
        defer { interrupts.cancel() }

        let every = try reportEvery.map { try ProbeOptions.duration($0, option: "--report-every") } ?? (headless ? nil : 1)
        let reporter = every.map { interval in
            Task { await printProgress(every: interval, runner: runner, setup: setup) }
        }
        let counts: ProbeRunner.Counts
        do {
            counts = try await runner.run()
        } catch {
            reporter?.cancel()
            await setup.stop()
            throw CLIError("probe failed: \(error)")
        }
        reporter?.cancel()
        _ = await reporter?.value
        let report = WatchReport(
            totals: collector.totals(at: runner.clock.now()), counts: counts, settings: settings,
            weights: setup.weights.withLock { $0 }, elapsed: runner.clock.now())
        await setup.stop()
        Output.line(json ? report.json.pretty : report.table)
    }

    /// Prints a progress line every `interval` seconds until cancelled.
    private func printProgress(every interval: Double, runner: ProbeRunner, setup: WatchSetup) async {
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
            signal(number, SIG_IGN)
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
