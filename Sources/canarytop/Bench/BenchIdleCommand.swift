import ArgumentParser
import CanaryBench
import Foundation

/// `canarytop bench idle`: CPU per second while watching the demo at a modest rate (see ``IdleBenchmark``).
struct BenchIdleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "CPU seconds per second of the probe alone, headless and the dashboard (in-memory terminal), the demo in a child process.")

    @Option(help: "Seconds each mode is measured for, after the warm-up.")
    var seconds = 10.0

    @Option(help: ArgumentHelp("Probe rate, requests per second.", valueName: "n"))
    var rate = 100.0

    @Option(help: "Rounds: each runs every mode once, one after another.")
    var rounds = 3

    @Option(name: .customLong("warm-up"), help: "Seconds before each window starts.")
    var warmUp = 1.0

    @Option(name: .customLong("green-bug"), help: "The demo's --green-bug: none (every request answered at once), timeout (the workshop's: green's hanging requests fill the in-flight cap, so fewer are sent than --rate), errors or slow.")
    var greenBug = "none"

    @Option(help: "Only these modes, comma-separated: floor (the least a prober costs here: raw epoll, nothing parsed), probe, headless, dashboard, hey (the peer: hey -c 1 -q rate). Default: all of them, hey when installed.")
    var modes = IdleBenchmark.heyIsInstalled ? "floor,probe,headless,dashboard,hey" : "floor,probe,headless,dashboard"

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard seconds >= 1 else { throw ValidationError("--seconds must be at least 1") }
        guard rate > 0, rate <= 10_000 else { throw ValidationError("--rate must be above 0 and at most 10000") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard warmUp >= 0 else { throw ValidationError("--warm-up must be 0 or more") }
        for mode in modes.split(separator: ",") where IdleBenchmark.Mode(rawValue: String(mode)) == nil {
            throw ValidationError("--modes \(mode): not one of floor, probe, headless, dashboard, hey")
        }
        if modes.split(separator: ",").contains("hey"), !IdleBenchmark.heyIsInstalled {
            throw ValidationError("--modes hey: hey is not installed (apt-get install -y hey), or leave it out of --modes")
        }
    }

    func run() async throws {
        var benchmark = IdleBenchmark(executable: URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path)
        benchmark.rate = rate
        benchmark.seconds = seconds
        benchmark.rounds = rounds
        benchmark.warmUp = warmUp
        benchmark.greenBug = greenBug
        benchmark.modes = modes.split(separator: ",").compactMap { IdleBenchmark.Mode(rawValue: String($0)) }
        let report = try await benchmark.run()
        Output.line(json ? report.json.pretty : report.text)
    }
}
