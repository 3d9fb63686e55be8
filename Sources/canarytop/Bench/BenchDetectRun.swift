import CanaryApp
import CanaryCore
import CanaryDemo
import CanaryProbe
import CanaryStore
import Foundation

/// One run of `canarytop bench detect`: the demo at 100/0, the headless guard on it, the split
/// written 50/50, and the time until the guard's rollback is committed.
struct BenchDetectRun {
    enum Scenario {
        /// The workshop's bug: green's calls to currency time out after 5 s; `--slo 1s`.
        case workshop(rate: Double)
        /// Green fails 2 % of its requests (fake-service's ERROR_RATE); no SLO.
        case subtle(rate: Double)
        /// The workshop's bug without `--slo`: nothing is known until green's first replies end.
        case workshopWithoutSLO(rate: Double)

        var name: String {
            switch self {
            case .workshop: return "workshop_timeout"
            case .subtle: return "subtle_errors"
            case .workshopWithoutSLO: return "workshop_timeout_no_slo"
            }
        }

        var title: String {
            switch self {
            case .workshop(let rate): return "workshop bug (green times out after 5 s), --slo 1s, \(Self.text(rate))/s"
            case .subtle(let rate): return "subtle canary (green fails 2 % of requests), no SLO, \(Self.text(rate))/s"
            case .workshopWithoutSLO(let rate): return "for comparison: workshop bug without --slo, \(Self.text(rate))/s"
            }
        }

        /// Seconds from split to rollback the guard should stay within.
        var target: Double? {
            switch self {
            case .workshop: return 2
            case .subtle, .workshopWithoutSLO: return nil
            }
        }

        var rate: Double {
            switch self {
            case .workshop(let rate), .subtle(let rate), .workshopWithoutSLO(let rate): return rate
            }
        }

        func configuration(seed: UInt64) -> DemoConfiguration {
            var c = DemoConfiguration()
            c.webPort = .exact(0)
            c.consulPort = .exact(0)
            c.seed = seed
            switch self {
            case .workshop, .workshopWithoutSLO:
                c.greenBug = .timeout
            case .subtle:
                c.greenBug = .errors
                c.greenErrorRate = 0.02
            }
            return c
        }

        var watchArguments: [String] {
            switch self {
            case .workshop: return ["--slo", "1s"]
            case .subtle, .workshopWithoutSLO: return []
            }
        }

        static func text(_ rate: Double) -> String {
            FixedPoint.format(rate, digits: rate == rate.rounded() ? 0 : 1)
        }
    }

    struct Result {
        /// Split committed → rollback committed, seconds; nil when no rollback was written.
        var seconds: Double?
        /// Canary replies in the epoch when it FAILed, and slow requests in flight charged to it.
        var canaryRequests: Int?
        var slowInFlight: Int?
        var reason: String?
        /// The checks that failed (`5xx`, `slo`, `latency`), joined with `+`.
        var failedOn: String?
        var ending: HeadlessEnding
        /// The splitter file sends nothing to green afterwards.
        var fileRolledBack: Bool

        /// The canary requests the FAIL was judged on: replies plus slow requests in flight.
        var judgedRequests: Int? { canaryRequests.map { $0 + (slowInFlight ?? 0) } }

        var line: String {
            guard let seconds else { return "no rollback (\(ending.name))" }
            var text = "\(FixedPoint.format(seconds, digits: 3)) s"
            if let canaryRequests { text += ", \(canaryRequests) canary replies" }
            if let slowInFlight, slowInFlight > 0 { text += " + \(slowInFlight) slow in flight" }
            if !fileRolledBack { text += " (file NOT at 100/0!)" }
            if let reason { text += ": \(reason)" }
            return text
        }

        var json: JSONValue {
            .object([
                ("seconds", .number(seconds)), ("canary_requests", .int(canaryRequests)), ("slow_in_flight", .int(slowInFlight)),
                ("reason", .string(reason)), ("failed_on", .string(failedOn)), ("result", .string(ending.name)), ("file_rolled_back", .bool(fileRolledBack)),
            ])
        }
    }

    var scenario: Scenario
    var seed: UInt64
    var warmUp: Double
    var timeout: Double

    func measure() async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-bench-detect-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files: WorkingCopies
        let mesh: DemoMesh
        do {
            files = try WorkingCopies.prepare(in: dir, greenWeight: .zero, reset: true)
            mesh = try await DemoMesh.start(scenario.configuration(seed: seed), files: files)
        } catch {
            throw CLIError("cannot start the demo: \(error)")
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
        let watch = try WatchCommand.parse([
            mesh.endpoints.webURL + "/", "--headless", "--until", "rolled-back", "--guard", "--timeout", "\(warmUp + timeout)",
            "--rate", "\(scenario.rate)", "--splitter", files.splitterPath, "--resolver", files.resolverPath,
            "--journal", dir + "/journal", "--subset", "blue=ip:\(DemoTopology.blueAddress)",
            "--subset", "green=ip:\(DemoTopology.greenAddress)",
        ] + scenario.watchArguments)
        let settings = try watch.probe.settings(maxRequests: nil, duration: nil, overallTimeout: true)
        let clock = ProbeClock()
        let guardRun = Task { try await WatchHeadless.execute(watch, settings: settings, clock: clock, events: { _ in }) }
        // A benchmark's pause, not a synchronisation: blue's replies set the baseline.
        try await Task.sleep(for: .milliseconds(Int(warmUp * 1000)))
        try await split(files)
        let splitAt = clock.now()
        let (outcome, _) = try await guardRun.value
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
