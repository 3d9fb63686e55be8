import CanaryApp
import CanaryCore
import CanaryDemo
import CanaryProbe
import Foundation

/// `canarytop bench idle`: what canarytop costs while it watches a quiet service. The demo mesh
/// runs in a child process (its CPU is not ours); in this process, round after round, the same
/// probe at ``rate`` runs three ways for ``seconds`` each after a warm-up: alone (sending,
/// decoding, attributing, tallying — nothing reads the tallies), headless (the reducer's 50 ms
/// turns), and as the dashboard (``DashboardRuntime``, the real reducer and views, drawing on an
/// in-memory terminal that sleeps through its read timeouts as ncurses does). Each figure is this
/// process's user + system CPU seconds (`getrusage`) per second of the window; the dashboard's
/// thread is also read on its own (`RUSAGE_THREAD`).
///
/// The floor (mode `floor`, ``FloorProber``) is the least any prober can cost here: raw epoll,
/// a timerfd and kept-alive sockets on one thread, the same requests at the same rate, replies
/// counted and thrown away. Every other figure is to be read against it.
///
/// The peer, `hey` (mode `hey`), sends the same requests at the same rate to the same demo
/// (`hey -z … -q rate -c 1`: one worker, kept-alive, every reply read, none parsed); its figure
/// is its own CPU (`RUSAGE_CHILDREN`) over its run. Every mode also counts context switches per
/// request: each voluntary one is a sleep and a wake-up, the floor of what a request costs here.
public struct IdleBenchmark: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case floor, probe, headless, dashboard, hey
    }

    public var executable: String
    public var rate = 100.0
    public var seconds = 10.0
    public var warmUp = 1.0
    public var rounds = 3
    public var modes: [Mode] = Mode.allCases
    /// The demo's `--green-bug`: none by default, so every request sent is answered at once and
    /// the rate is the rate. With the workshop's timeout, green's requests hang for seconds, fill
    /// the probe's in-flight cap and hey's one worker, and both send far fewer than ``rate``.
    public var greenBug = "none"
    public var width = 120
    public var height = 40

    /// Whether `hey` is on the PATH (the `hey` mode needs it).
    public static var heyIsInstalled: Bool { (try? LoadTools.find("hey")) != nil }

    public init(executable: String) {
        self.executable = executable
    }

    /// One mode's window in one round.
    public struct Measure: Sendable {
        public var mode: Mode
        public var round: Int
        public var seconds: Double
        public var cpu: Double
        /// The dashboard's thread alone.
        public var threadCPU: Double?
        public var draws: Int?
        /// Context switches in the window (the process's; hey's own for the peer).
        public var switches = 0
        /// Replies counted over the warm-up and the window (the floor's), and the seconds they took.
        public var replies: (count: Int, seconds: Double)?
        public var perSecond: Double { cpu / seconds }
    }

    public struct Report: Sendable {
        public var benchmark: IdleBenchmark
        public var measures: [Measure]
        /// This process with the child up and nothing of ours running, CPU s/s.
        public var rest: Double

        public func median(_ mode: Mode, _ value: (Measure) -> Double?) -> Double? {
            let values = measures.filter { $0.mode == mode }.compactMap(value).sorted()
            guard !values.isEmpty else { return nil }
            return values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        }

        /// The medians both the text and the JSON print.
        func switchesPerRequest(_ mode: Mode) -> Double? {
            median(mode) { Double($0.switches) / ($0.seconds * benchmark.rate) }
        }
        var floorRepliesPerSecond: Double? { median(.floor) { m in m.replies.map { Double($0.count) / $0.seconds } } }
        var dashboardThreadCPU: Double? { median(.dashboard) { m in m.threadCPU.map { $0 / m.seconds } } }
        var dashboardDrawsPerSecond: Double? { median(.dashboard) { m in m.draws.map { Double($0) / m.seconds } } }

        func percent(_ value: Double?) -> String {
            value.map { FixedPoint.format($0 * 100, digits: 2) + " %" } ?? "-"
        }

        public var text: String {
            let b = benchmark
            var lines = [
                "bench idle: \(FixedPoint.format(b.rate, digits: 0)) req/s, \(FixedPoint.format(b.seconds, digits: 0)) s a window after "
                    + "\(FixedPoint.format(b.warmUp, digits: 1)) s of warm-up, \(b.rounds) round(s); the demo (--green-bug \(b.greenBug)) in a child process, not counted",
                "CPU of one core (user + system, median of rounds):",
                "  at rest (nothing running)  \(percent(rest))",
            ]
            let probe = median(.probe) { $0.perSecond }
            let floor = median(.floor) { $0.perSecond }
            for mode in b.modes {
                guard let value = median(mode, { $0.perSecond }) else { continue }
                let name =
                    switch mode {
                    case .hey: "hey -c 1 -q \(FixedPoint.format(b.rate, digits: 0)) (peer)"
                    case .floor: "floor (raw epoll prober)"
                    default: mode.rawValue
                    }
                var line = "  " + name.padding(toLength: 26, withPad: " ", startingAt: 0) + " " + percent(value)
                line += "   \(FixedPoint.format(switchesPerRequest(mode) ?? 0, digits: 2)) switches/request"
                if mode == .headless || mode == .dashboard, let probe { line += "   (\(percent(value - probe)) over the probe alone)" }
                if mode == .floor, let replies = floorRepliesPerSecond {
                    line += "   \(FixedPoint.format(replies, digits: 1)) replies/s"
                }
                if mode != .floor, let floor, floor > 0 { line += "   \(FixedPoint.format(value / floor, digits: 2))× the floor" }
                if mode == .dashboard {
                    line += "; its thread \(percent(dashboardThreadCPU))"
                    line += ", \(FixedPoint.format(dashboardDrawsPerSecond ?? 0, digits: 1)) draws/s"
                }
                lines.append(line)
            }
            lines.append("rounds: " + measures.map { "\($0.mode.rawValue) \(percent($0.perSecond))" }.joined(separator: ", "))
            return lines.joined(separator: "\n")
        }

        public var json: JSONValue {
            let r = { (value: Double?) in value.map { FixedPoint.round($0, 6) } }
            var fields: [(String, JSONValue)] = [
                ("rate", .number(benchmark.rate)), ("seconds", .number(benchmark.seconds)), ("rounds", .int(benchmark.rounds)),
                ("green_bug", .string(benchmark.greenBug)), ("rest_cpu_per_s", .number(r(rest))),
            ]
            for mode in benchmark.modes {
                fields.append(("\(mode.rawValue)_cpu_per_s", .number(r(median(mode) { $0.perSecond }))))
                fields.append(("\(mode.rawValue)_switches_per_request", .number(r(switchesPerRequest(mode)))))
            }
            if benchmark.modes.contains(.floor) {
                fields.append(("floor_replies_per_s", .number(r(floorRepliesPerSecond))))
            }
            fields.append(("dashboard_thread_cpu_per_s", .number(r(dashboardThreadCPU))))
            fields.append(("dashboard_draws_per_s", .number(r(dashboardDrawsPerSecond))))
            return .object(fields)
        }
    }

    public func run() async throws -> Report {
        let demo = try await DemoChild.start(executable: executable, arguments: ["--green-bug", greenBug])
        do {
            let report = try await measure(demo)
            await demo.stop()
            return report
        } catch {
            await demo.stop()
            throw error
        }
    }

    private func measure(_ demo: DemoChild) async throws -> Report {
        let before = CPUSample.now()
        try await Task.sleep(for: .seconds(1))
        let after = CPUSample.now()
        var measures: [Measure] = []
        for round in 1...rounds {
            for mode in modes {
                measures.append(try await measure(mode, round: round, demo: demo))
            }
        }
        return Report(benchmark: self, measures: measures, rest: (after.process - before.process) / (after.time - before.time))
    }

    private func configuration(_ demo: DemoChild, duration: Double?) throws -> WatchConfiguration {
        WatchConfiguration(
            probe: ProbeSettings(target: try ProbeTarget(url: demo.webURL + "/"), pace: .open(rate: rate), duration: duration),
            rateLabel: "\(FixedPoint.format(rate, digits: 0))/s",
            attributor: Attributor(rules: [
                SubsetRule(subset: "blue", selector: .ip(IPRange(DemoTopology.blueAddress)!)),
                SubsetRule(subset: "green", selector: .ip(IPRange(DemoTopology.greenAddress)!)),
            ]),
            splitter: .file(demo.splitterPath), resolverPath: demo.resolverPath)
    }

    /// Readings at the end of the warm-up and `seconds` later.
    private func window() async throws -> (CPUSample, CPUSample) {
        try await Task.sleep(for: .seconds(warmUp))
        let first = CPUSample.now()
        try await Task.sleep(for: .seconds(seconds))
        return (first, CPUSample.now())
    }

    private func measure(_ mode: Mode, round: Int, demo: DemoChild) async throws -> Measure {
        switch mode {
        case .probe:
            let configuration = try configuration(demo, duration: nil)
            let collector = TallyCollector(subsets: ["blue", "green"])
            let feed = try ProbeFeed(
                settings: configuration.probe, attribution: AttributorBox(configuration.attributor), collector: collector, clock: ProbeClock())
            feed.start()
            let (first, last) = try await window()
            _ = try? await feed.stop(waiting: false)
            return Measure(
                mode: mode, round: round, seconds: last.time - first.time, cpu: last.process - first.process,
                switches: last.switches - first.switches)
        case .headless:
            let configuration = try configuration(demo, duration: warmUp + seconds + 0.5)
            async let readings = window()
            _ = try await HeadlessWatch.run(configuration, goal: nil, timeout: nil, events: { _ in })
            let (first, last) = try await readings
            return Measure(
                mode: mode, round: round, seconds: last.time - first.time, cpu: last.process - first.process,
                switches: last.switches - first.switches)
        case .dashboard:
            let terminal = IdleTerminal(width: width, height: height, warmUp: warmUp, seconds: seconds)
            _ = try await DashboardWatch.run(try configuration(demo, duration: nil), terminal: { terminal })
            let window = terminal.readings
            guard let first = window.first, let last = window.last, terminal.lastText?.contains("blue") == true else {
                throw BenchError("the dashboard drew no subset table")
            }
            return Measure(
                mode: mode, round: round, seconds: last.time - first.time, cpu: last.process - first.process,
                threadCPU: (last.thread ?? 0) - (first.thread ?? 0), draws: window.drawsAtLast - window.drawsAtFirst,
                switches: last.switches - first.switches)
        case .hey:
            return try await heyMeasure(round: round, url: demo.webURL + "/")
        case .floor:
            return try await floorMeasure(round: round, port: try ProbeTarget(url: demo.webURL + "/").port)
        }
    }

    /// The floor prober on a thread of its own for the warm-up, the window and a margin; the
    /// window is read from this process as for the probe (nothing else of ours runs meanwhile).
    private func floorMeasure(round: Int, port: Int) async throws -> Measure {
        let prober = FloorProber(port: port, rate: rate)
        let start = CPUTime.monotonic(), end = start + warmUp + seconds + 0.2
        async let counts: FloorProber.Counts = withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try prober.run(until: end) }) }.start()
        }
        let (first, last) = try await window()
        let done = try await counts
        guard done.replies > 0 else { throw BenchError("the floor prober got no reply from the demo (\(done.faults) faults)") }
        return Measure(
            mode: .floor, round: round, seconds: last.time - first.time, cpu: last.process - first.process,
            switches: last.switches - first.switches, replies: (done.replies, end - start))
    }

    /// `hey` for the warm-up plus the window at ``rate`` with one worker, on a thread of its own;
    /// its CPU and context switches over its whole run (start-up included: a few milliseconds).
    private func heyMeasure(round: Int, url: String) async throws -> Measure {
        let total = Int((warmUp + seconds).rounded(.up))
        let rate = rate
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let cpu = CPUTime.children(), switches = CPUTime.childrenSwitches(), start = CPUTime.monotonic()
                    let output = try LoadTools.run(
                        "hey", ["-z", "\(total)s", "-q", String(rate), "-c", "1", "-disable-compression", url])
                    _ = try LoadTools.requestsPerSecond(in: output, tool: "hey")
                    return Measure(
                        mode: .hey, round: round, seconds: CPUTime.monotonic() - start, cpu: CPUTime.children() - cpu,
                        switches: CPUTime.childrenSwitches() - switches)
                })
            }.start()
        }
    }
}
