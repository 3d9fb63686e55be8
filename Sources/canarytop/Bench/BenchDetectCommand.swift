import ArgumentParser
import CanaryApp
import CanaryBench
import CanaryDemo
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

    @Option(name: .customLong("passive-runs"), help: "Runs of the workshop's bug judged from web's sidecar stats (--probe off), and as many from a real Prometheus when installed; 0 skips them.")
    var passiveRuns: Int = 3

    @Option(name: .customLong("scrape-interval"), help: ArgumentHelp("Prometheus' scrape interval in the passive runs.", valueName: "duration"))
    var scrapeInterval: String = "1s"

    @Option(name: .customLong("warm-up"), help: ArgumentHelp("Probing at 100/0 before the split is written.", valueName: "duration"))
    var warmUp: String = "1s"

    @Option(help: ArgumentHelp("Give up on a run after this long.", valueName: "duration"))
    var timeout: String = "60s"

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if runs < 1 { throw CLIError("--runs \(runs): must be at least 1") }
        if subtleRuns < 0 { throw CLIError("--subtle-runs \(subtleRuns): must be 0 or more") }
        if passiveRuns < 0 { throw CLIError("--passive-runs \(passiveRuns): must be 0 or more") }
        if try VerdictOptions.duration(scrapeInterval, option: "--scrape-interval") < 0.1 {
            throw CLIError("--scrape-interval \(scrapeInterval): must be at least 100ms")
        }
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
        var results: [(scenario: String, runs: [DetectRun.Result])] = []
        let scenarios: [DetectScenario] = [.workshop(rate: rate), .subtle(rate: subtleRate), .workshopWithoutSLO(rate: rate)]
        var plan: [(DetectScenario, DetectSource, Int)] = zip(scenarios, [runs, subtleRuns, baselineRuns]).map { ($0, .probe, $1) }
        let scrape = try VerdictOptions.duration(scrapeInterval, option: "--scrape-interval")
        plan.append((.workshopWithoutSLO(rate: rate), .envoy, passiveRuns))
        if PrometheusServer.binary != nil {
            plan.append((.workshopWithoutSLO(rate: rate), .prometheus(scrape: scrape), passiveRuns))
        } else if passiveRuns > 0, !json {
            Output.line("note: prometheus is not installed: no runs from Prometheus")
        }
        for (scenario, source, count) in plan where count > 0 {
            let title = source == .probe ? scenario.title
                : "the workshop's bug from \(source.name == "envoy" ? "web's sidecar stats" : "Prometheus") (probe off, \(DetectScenario.text(rate)) users/s; floor \(DetectScenario.text(source.floor)) s of flush\(source.name == "envoy" ? "" : " + scrape"), plus green's 5 s)"
            if !json { Output.line("\(title):") }
            var done: [DetectRun.Result] = []
            for index in 1...count {
                var run = DetectRun(
                    scenario: scenario, seed: UInt64(index), warmUp: try VerdictOptions.duration(warmUp, option: "--warm-up"),
                    timeout: try VerdictOptions.duration(timeout, option: "--timeout"))
                run.source = source
                let result = try await run.measure()
                done.append(result)
                if !json { Output.line("  run \(index): \(result.line)") }
            }
            if !json { Output.line("  " + DetectSummary.summary(done, target: scenario.target)) }
            results.append((source == .probe ? scenario.name : "workshop_timeout_\(source.name)", done))
        }
        if json { Output.line(DetectSummary.json(results).pretty) }
    }
}
