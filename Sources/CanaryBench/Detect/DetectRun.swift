import CanaryApp
import CanaryCore
import CanaryDemo
import CanaryProbe
import CanaryStore
import Foundation

/// One run of `canarytop bench detect`: the demo at 100/0, the headless guard on it, the split
/// written 50/50, and the time until the guard's rollback is committed.
public struct DetectRun: Sendable {
    public struct Result: Sendable {
        /// Split committed → rollback committed, seconds; nil when no rollback was written.
        public var seconds: Double?
        /// Canary replies in the epoch when it FAILed, and slow requests in flight charged to it.
        public var canaryRequests: Int?
        public var slowInFlight: Int?
        public var reason: String?
        /// The checks that failed (`5xx`, `slo`, `latency`), joined with `+`.
        public var failedOn: String?
        public var ending: HeadlessEnding
        /// The splitter file sends nothing to green afterwards.
        public var fileRolledBack: Bool

        /// The canary requests the FAIL was judged on: replies plus slow requests in flight.
        public var judgedRequests: Int? { canaryRequests.map { $0 + (slowInFlight ?? 0) } }

        public var line: String {
            guard let seconds else { return "no rollback (\(ending.name))" }
            var text = "\(FixedPoint.format(seconds, digits: 3)) s"
            if let canaryRequests { text += ", \(canaryRequests) canary replies" }
            if let slowInFlight, slowInFlight > 0 { text += " + \(slowInFlight) slow in flight" }
            if !fileRolledBack { text += " (file NOT at 100/0!)" }
            if let reason { text += ": \(reason)" }
            return text
        }

        public var json: JSONValue {
            .object([
                ("seconds", .number(seconds)), ("canary_requests", .int(canaryRequests)), ("slow_in_flight", .int(slowInFlight)),
                ("reason", .string(reason)), ("failed_on", .string(failedOn)), ("result", .string(ending.name)), ("file_rolled_back", .bool(fileRolledBack)),
            ])
        }
    }

    public var scenario: DetectScenario
    /// What the guard reads: the probe, web's sidecars, or a real Prometheus scraping them.
    public var source: DetectSource = .probe
    public var seed: UInt64
    /// Seconds of probing at 100/0 before the split is written.
    public var warmUp: Double
    /// Seconds after which a run gives up.
    public var timeout: Double

    public init(scenario: DetectScenario, seed: UInt64, warmUp: Double, timeout: Double) {
        self.scenario = scenario
        self.seed = seed
        self.warmUp = warmUp
        self.timeout = timeout
    }

    public func measure() async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-bench-detect-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files: WorkingCopies
        let mesh: DemoMesh
        do {
            files = try WorkingCopies.prepare(in: dir, greenWeight: .zero, reset: true)
            mesh = try await DemoMesh.start(scenario.configuration(seed: seed, source: source), files: files)
        } catch {
            throw BenchError("cannot start the demo: \(error)")
        }
        do {
            let result = try await measure(mesh, files: files, dir: dir)
            await mesh.shutdown()
            return result
        } catch {
            await mesh.shutdown()
            throw error
        }
    }

    private func measure(_ mesh: DemoMesh, files: WorkingCopies, dir: String) async throws -> Result {
        // What `watch --headless --until rolled-back --guard --rate R --splitter … --resolver …
        // --subset blue=ip:… --subset green=ip:…` (and `--slo 1s` for the workshop's bug) runs.
        let configuration = WatchConfiguration(
            probe: ProbeSettings(target: try ProbeTarget(url: mesh.endpoints.webURL + "/"), pace: .open(rate: scenario.rate)),
            rateLabel: "\(scenario.rate)/s",
            attributor: Attributor(rules: [
                SubsetRule(subset: "blue", selector: .ip(IPRange(DemoTopology.blueAddress)!)),
                SubsetRule(subset: "green", selector: .ip(IPRange(DemoTopology.greenAddress)!)),
            ]),
            splitter: .file(files.splitterPath), resolverPath: files.resolverPath,
            steering: .init(journal: dir + "/journal"), verdict: scenario.verdict,
            rollout: RolloutPolicy(guardEnabled: true, countdown: 0))
        var watch = configuration
        var prometheus: PrometheusServer?
        switch source {
        case .probe:
            break
        case .envoy:
            watch.probing = false
            watch.passive = source.settings(sidecars: mesh.endpoints.sidecarURLs, flush: mesh.configuration.statsFlush)
        case .prometheus(let scrape):
            do {
                prometheus = try await PrometheusServer.start(targets: mesh.endpoints.sidecars.map { "127.0.0.1:\($0)" }, scrapeInterval: scrape)
            } catch {
                throw BenchError("cannot start prometheus: \(error)")
            }
            watch.probing = false
            watch.passive = source.settings(sidecars: [prometheus!.url], flush: mesh.configuration.statsFlush)
        }
        defer { if let prometheus { Task { await prometheus.stop() } } }
        let clock = ProbeClock()
        let guardRun = Task { [watch] in
            try await HeadlessWatch.run(watch, goal: .rolledBack, timeout: warmUp + timeout, clock: clock, events: { _ in })
        }
        // A benchmark's pause, not a synchronisation: blue's replies set the baseline.
        try await Task.sleep(for: .milliseconds(Int(warmUp * 1000)))
        try await split(files)
        let splitAt = clock.now()
        let outcome = try await guardRun.value.outcome
        let rollback = outcome.writes.first { $0.succeeded }
        let failing = outcome.verdicts.first { $0.outcome == .fail }
        let text = try String(contentsOfFile: files.splitterPath, encoding: .utf8)
        let weights = ConfiguredWeights(entry: try SplitterDocument(text: text, label: files.splitterPath).entry, resolver: nil)
        return Result(
            seconds: rollback.map { $0.time - splitAt }, canaryRequests: failing?.canaryRequests,
            slowInFlight: failing?.slowInFlightCharged, reason: failing?.reason,
            failedOn: failing.map { $0.checks.filter { $0.outcome == .fail }.map(\.kind.rawValue).joined(separator: "+") },
            ending: outcome.ending,
            fileRolledBack: weights.weights.last == .zero && weights.weights.first == .full)
    }

    /// Writes blue 50 / green 50 (atomically, as `canarytop split set` does).
    private func split(_ files: WorkingCopies) async throws {
        let editor = SplitterEditor(
            store: FileSplitterStore(path: files.splitterPath), apply: .file, journal: nil, resolver: nil, stable: nil,
            operatorName: "bench", now: { "" })
        let plan = try await editor.plan(.setAll(["blue": Weight(percent: 50), "green": Weight(percent: 50)]), reason: "bench detect")
        _ = try await editor.commit(plan)
    }
}
