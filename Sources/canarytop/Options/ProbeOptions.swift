import ArgumentParser
import CanaryCore
import CanaryProbe

/// How `watch` probes: the URL, headers, pace, limits. Turned into ``ProbeSettings``.
struct ProbeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The URL to probe with GET (http:// or https://); not needed with --probe off.", valueName: "url"))
    var url: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("A request header 'Name: value'; repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp(
        "Requests per second on a fixed schedule (open loop; latency counts from the intended send time), or max for closed-loop full speed.",
        valueName: "n|max"))
    var rate: String = "20"

    @Option(help: ArgumentHelp("Requests in flight at most; when reached, due sends wait (late) or are skipped.", valueName: "n"))
    var concurrency: Int = 64

    @Option(help: ArgumentHelp(
        "Per-request timeout (default 10s). With --until it is instead the longest the whole run waits, and --request-timeout sets the per-request one.",
        valueName: "duration"))
    var timeout: String?

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp(
        "Per-request timeout: 10s (default), 500ms, or seconds. The same as --timeout without --until.", valueName: "duration"))
    var requestTimeout: String?

    @Option(help: ArgumentHelp("The largest reply body accepted (bytes; K/M suffixes); larger is a probe fault.", valueName: "bytes"))
    var maxBody: String = "1M"

    @Flag(help: "Accept any TLS certificate (https:// targets).")
    var insecure = false

    @Option(help: ArgumentHelp(
        "Event loops (threads) the probe's requests are spread over, each with its own connections (default: the number of cores for --rate max and rates above 2000; one below).",
        valueName: "n"))
    var threads: Int?

    /// The settings these options describe, or a usage error naming the bad option. With
    /// `overallTimeout` (`--until`), `--timeout` is the run's and not the request's.
    /// With the probe off (`--probe off`) and no URL, `unprobed` stands in as the target: it is
    /// shown, never sent to.
    func settings(maxRequests: Int?, duration: Double?, overallTimeout: Bool = false, unprobed: String? = nil) throws -> ProbeSettings {
        var parsedHeaders: [(name: String, value: String)] = []
        do {
            for text in headers { parsedHeaders.append(try ProbeTarget.header(parsing: text)) }
            guard let url = url ?? unprobed else { throw ValidationError("give the URL to probe (or --probe off with --envoy-admin or --prometheus)") }
            let target = try ProbeTarget(url: url, headers: parsedHeaders)
            return ProbeSettings(
                target: target, pace: try pace(), concurrency: concurrency, timeout: try perRequestTimeout(overallTimeout: overallTimeout),
                maxBody: try Self.bytes(maxBody), maxRequests: maxRequests, duration: duration, insecureTLS: insecure,
                lanes: threads)
        } catch let error as ProbeTargetError {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if let threads { try ThreadsOption.validate(threads) }
        _ = try pace()
        for (text, name) in [(timeout, "--timeout"), (requestTimeout, "--request-timeout")] {
            guard let text else { continue }
            guard try VerdictOptions.duration(text, option: name) > 0 else { throw CLIError("\(name) \"\(text)\": must be more than 0") }
        }
        _ = try Self.bytes(maxBody)
    }

    /// The per-request timeout: `--request-timeout`, else (without `--until`) `--timeout`, else 10 s.
    func perRequestTimeout(overallTimeout: Bool) throws -> Double {
        if !overallTimeout, timeout != nil, requestTimeout != nil {
            throw CLIError("--timeout and --request-timeout both set the per-request timeout (without --until); give one")
        }
        if let requestTimeout { return try Self.duration(requestTimeout, option: "--request-timeout") }
        if !overallTimeout, let timeout { return try Self.duration(timeout, option: "--timeout") }
        return 10
    }

    func pace() throws -> ProbePlan.Pace {
        if rate.lowercased() == "max" { return .closed }
        guard let r = Double(rate), r > 0, r.isFinite, r <= 1_000_000 else {
            throw ValidationError("--rate must be a number of requests per second above 0, or max")
        }
        return .open(rate: r)
    }

    /// `10s`, `1m30s`, `500ms` (Go duration text) or a plain number of seconds.
    static func duration(_ text: String, option: String) throws -> Double {
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return seconds }
        if let seconds = GoDuration.seconds(text), seconds >= 0 { return seconds }
        throw ValidationError("\(option) \"\(text)\": expected a duration such as 10s, 500ms or 1m")
    }

    /// `1048576`, `64K`, `1M` (binary multiples; `KiB`/`MiB` and `KB`/`MB` read the same).
    static func bytes(_ text: String) throws -> Int {
        var digits = Substring(text.uppercased())
        var multiplier = 1
        for (suffix, factor) in [("KIB", 1 << 10), ("MIB", 1 << 20), ("KB", 1 << 10), ("MB", 1 << 20), ("K", 1 << 10), ("M", 1 << 20), ("B", 1)]
        where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            multiplier = factor
            break
        }
        guard let n = Int(digits), n >= 0, n <= (1 << 40) / multiplier else {
            throw ValidationError("--max-body \"\(text)\": expected a number of bytes such as 1048576, 64K or 1M")
        }
        return n * multiplier
    }
}
