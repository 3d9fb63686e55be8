import ArgumentParser
import CanaryBench

/// `canarytop bench probe`: the probe against nginx, beside hey and wrk (see ``ProbeBenchmark``).
struct BenchProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe throughput against nginx, beside hey and wrk (needs nginx, hey, wrk; build with -c release).")

    @Option(help: "Requests canarytop sends (its memory is read after 10 k and at the end).")
    var requests = 1_000_000

    @Option(help: "Connections / requests in flight, for every client.")
    var concurrency = 8

    @Option(help: "Requests hey sends.")
    var heyRequests = 200_000

    @Option(help: "Seconds wrk runs.")
    var wrkSeconds = 10

    @Option(help: "nginx worker processes.")
    var nginxWorkers = 1

    @Option(help: "Event loops canarytop's probe uses (default: one per core).")
    var lanes: Int?

    @Flag(help: "Run only canarytop's probe (no hey, no wrk).")
    var probeOnly = false

    @Option(help: ArgumentHelp("Record every reply to this new file, as watch --record does.", valueName: "file"))
    var record: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard requests >= 20_000 else { throw ValidationError("--requests must be at least 20000") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        var benchmark = ProbeBenchmark()
        benchmark.requests = requests
        benchmark.concurrency = concurrency
        benchmark.heyRequests = heyRequests
        benchmark.wrkSeconds = wrkSeconds
        benchmark.nginxWorkers = nginxWorkers
        benchmark.lanes = lanes
        benchmark.probeOnly = probeOnly
        benchmark.record = record
        let report = try await benchmark.run()
        Output.line(json ? report.json.pretty : report.text)
    }
}
