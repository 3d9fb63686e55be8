import ArgumentParser
import CanaryBench

/// `canarytop bench probe`: the probe against nginx, beside hey and wrk (see ``ProbeBenchmark``).
struct BenchProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe throughput against nginx: interleaved rounds of wrk and canarytop, and hey once (needs nginx, hey, wrk; build with -c release).")

    @Option(help: "Interleaved rounds of wrk then canarytop; the median ratio is the figure.")
    var rounds = 5

    @Option(help: "Seconds each client runs in each round.")
    var seconds = 5

    @Option(help: "Connections / requests in flight, for every client.")
    var concurrency = 8

    @Option(help: "canarytop's event loops and wrk's threads (-t) (default: the number of cores).")
    var threads: Int?

    @Option(help: "Requests hey sends (0: skip hey).")
    var heyRequests = 200_000

    @Option(help: "nginx worker processes.")
    var nginxWorkers = 1

    @Flag(help: "Run only canarytop's probe for --requests requests (no hey, no wrk) and report its memory.")
    var probeOnly = false

    @Option(help: "With --probe-only: requests canarytop sends (its memory is read after 10 k and at the end).")
    var requests = 1_000_000

    @Option(help: ArgumentHelp("Record every reply to this new file, as watch --record does.", valueName: "file"))
    var record: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard requests >= 20_000 else { throw ValidationError("--requests must be at least 20000") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 100") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
        guard heyRequests >= 0 else { throw ValidationError("--hey-requests must be 0 or more") }
        if let threads { try ThreadsOption.validate(threads) }
    }

    func run() async throws {
        var benchmark = ProbeBenchmark()
        benchmark.requests = requests
        benchmark.concurrency = concurrency
        benchmark.heyRequests = heyRequests
        benchmark.rounds = rounds
        benchmark.seconds = seconds
        benchmark.nginxWorkers = nginxWorkers
        benchmark.threads = threads
        benchmark.probeOnly = probeOnly
        benchmark.record = record
        // Each round as it ends, on standard error; the whole report on standard output.
        let report = try await benchmark.run { line in Output.error(line) }
        Output.line(json ? report.json.pretty : report.text)
    }
}
