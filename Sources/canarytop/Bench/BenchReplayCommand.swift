import ArgumentParser
import CanaryBench

/// `canarytop bench replay`: a synthetic recording replayed headless (see ``ReplayBenchmark``).
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Write a synthetic recording and replay it headless: wall time, speed-up, peak RSS (build with -c release).")

    @Option(help: "Requests in the recording.")
    var requests = 10_000_000

    @Option(help: "The recording's own rate, requests per second (its length is requests / rate).")
    var rate = 10_000.0

    @Option(help: ArgumentHelp("Keep the recording at this path (default: a temporary file, removed).", valueName: "file"))
    var keep: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard requests >= 1 else { throw ValidationError("--requests must be at least 1") }
        guard rate > 0 else { throw ValidationError("--rate must be more than 0") }
    }

    func run() throws {
        var benchmark = ReplayBenchmark()
        benchmark.requests = requests
        benchmark.rate = rate
        benchmark.path = keep
        let report = try benchmark.run()
        Output.line(json ? report.json.pretty : report.text)
    }
}
