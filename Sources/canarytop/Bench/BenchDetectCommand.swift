import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryDemo
import CanaryProbe
import CanaryStore
import Foundation

/// `canarytop bench detect`: how soon the headless guard catches a bad canary and rolls it back.
///
/// Each run starts the demo mesh in-process (fresh working copies, free ports) at 100/0, starts
/// `watch --headless --until rolled-back --guard` on it, lets the probe warm up, writes the
/// split 50/50, and measures on the probe's clock from that write being committed to the
/// guard's rollback being committed. Two scenarios: the workshop's bug (green's calls time out
/// after 5 s; judged with `--slo 1s`, so requests in flight past the SLO count at once), and a
/// subtle canary (green fails 2 % of its requests; no SLO), where the figure of interest is how
/// many canary requests the FAIL needed.
struct BenchDetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Seconds from a bad split being written to the headless guard's rollback (the demo in-process).")

    @Option(help: "Runs of the workshop's bug (green times out; --slo 1s).")
    var runs: Int = 5

    @Option(help: ArgumentHelp("Probe rate for the workshop's bug, requests per second.", valueName: "n"))
    var rate: Double = 20

    @Option(name: .customLong("subtle-runs"), help: "Runs of the subtle canary (green fails 2 % of requests); 0 skips it.")
    var subtleRuns: Int = 3

    @Option(name: .customLong("subtle-rate"), help: ArgumentHelp("Probe rate for the subtle canary.", valueName: "n"))
    var subtleRate: Double = 200

    @Option(name: .customLong("baseline-runs"), help: "Runs of the workshop's bug without --slo, for comparison; 0 skips it.")
    var baselineRuns: Int = 1

    @Option(name: .customLong("warm-up"), help: ArgumentHelp("Probing at 100/0 before the split is written.", valueName: "duration"))
    var warmUp: String = "1s"

    @Option(help: ArgumentHelp("Give up on a run after this long.", valueName: "duration"))
    var timeout: String = "60s"

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if runs < 1 { throw CLIError("--runs \(runs): must be at least 1") }
        if subtleRuns < 0 { throw CLIError("--subtle-runs \(subtleRuns): must be 0 or more") }
        if baselineRuns < 0 { throw CLIError("--baseline-runs \(baselineRuns): must be 0 or more") }
        for (value, name) in [(rate, "--rate"), (subtleRate, "--subtle-rate")] where !(value > 0 && value <= 10_000) {
            throw CLIError("\(name) \(value): must be above 0 and at most 10000")
        }
        _ = try VerdictOptions.duration(warmUp, option: "--warm-up")
        _ = try VerdictOptions.duration(timeout, option: "--timeout")
    }

    func run() async throws {
        // Each run's watch turns SIGINT into "stop probing"; here it ends the whole benchmark.
        let interrupts = Interrupts { Foundation.exit(130) }
        defer { interrupts.cancel() }
        var results: [(String, [BenchDetectRun.Result])] = []
        let scenarios = [
            BenchDetectRun.Scenario.workshop(rate: rate),
            .subtle(rate: subtleRate),
            .workshopWithoutSLO(rate: rate),
        ]
        for (scenario, count) in zip(scenarios, [runs, subtleRuns, baselineRuns]) where count > 0 {
            if !json { Output.line("\(scenario.title):") }
            var done: [BenchDetectRun.Result] = []
            for index in 1...count {
                let run = BenchDetectRun(
                    scenario: scenario, seed: UInt64(index), warmUp: try VerdictOptions.duration(warmUp, option: "--warm-up"),
                    timeout: try VerdictOptions.duration(timeout, option: "--timeout"))
                let result = try await run.measure()
                done.append(result)
                if !json { Output.line("  run \(index): \(result.line)") }
            }
            if !json { Output.line("  " + Self.summary(done, target: scenario.target)) }
            results.append((scenario.name, done))
        }
        if json {
            Output.line(JSONValue.object(results.map { name, runs in
                (name, .object([
                    ("runs", .array(runs.map(\.json))),
                    ("median_s", .number(Self.median(runs.compactMap(\.seconds)))),
                    ("max_s", .number(runs.compactMap(\.seconds).max())),
                    ("median_canary_requests", .number(Self.median(runs.compactMap { $0.judgedRequests.map(Double.init) }))),
                ]))
            }).pretty)
        }
    }

    static func summary(_ runs: [BenchDetectRun.Result], target: Double?) -> String {
        let seconds = runs.compactMap(\.seconds)
        let missed = runs.count - seconds.count
        guard let median = median(seconds), let max = seconds.max() else { return "no run rolled back" }
        var text = "median \(FixedPoint.format(median, digits: 2)) s, max \(FixedPoint.format(max, digits: 2)) s"
        if let requests = Self.median(runs.compactMap { $0.judgedRequests.map(Double.init) }) {
            text += "; median \(FixedPoint.format(requests, digits: requests == requests.rounded() ? 0 : 1)) canary requests judged at the FAIL"
        }
        if let target { text += max <= target ? " (target ≤ \(Int(target)) s: met)" : " (target ≤ \(Int(target)) s: NOT met)" }
        if missed > 0 { text += "; \(missed) run(s) did not roll back" }
        let kinds = Dictionary(grouping: runs.filter { $0.seconds != nil }, by: { $0.failedOn ?? "?" })
        if kinds.count > 1 {
            text += "\n  by the check that failed: " + kinds.sorted { $0.key < $1.key }.map { kind, runs in
                let s = Self.median(runs.compactMap(\.seconds)) ?? 0
                let n = Self.median(runs.compactMap { $0.judgedRequests.map(Double.init) }) ?? 0
                return "\(kind) \(runs.count) run(s), median \(FixedPoint.format(s, digits: 2)) s, \(FixedPoint.format(n, digits: 0)) requests"
            }.joined(separator: "; ")
        }
        return text
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
