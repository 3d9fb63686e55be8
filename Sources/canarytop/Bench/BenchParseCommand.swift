import ArgumentParser
import CanaryBench

/// `canarytop bench parse`: ``TraceDecoder`` against `JSONDecoder` (see ``ParseBenchmark``).
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Compare TraceDecoder with JSONDecoder on typical fake-service replies."
    )

    @Option(help: "Rounds to time per decoder; each round decodes every sample once.")
    var iterations = 20_000

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard iterations >= 5 else { throw ValidationError("--iterations must be at least 5") }
    }

    func run() throws {
        let report = try ParseBenchmark(iterations: iterations).run()
        print(json ? report.json() : report.text())
    }
}
