import ArgumentParser
import CanaryCore
import CanaryProbe
import Foundation

/// `canarytop bench probe`: the probe's throughput against nginx, beside hey and wrk.
///
/// Starts nginx on a free loopback port serving a 1 KB fake-service trace, then runs, one
/// after the other at the same concurrency: `hey`, `wrk` (C, no parsing: the practical
/// ceiling) and canarytop's own closed-loop probe in this process, which decodes and
/// attributes every reply. Prints each rate, the ratios, and canarytop's resident memory
/// after 10 k requests and at the end (1 M by default). Needs `apt-get install -y nginx hey wrk`
/// and a release build.
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

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard requests >= 20_000 else { throw ValidationError("--requests must be at least 20000") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let body = Self.trace(bytes: 1024)
        let nginx = try LoadTools.Nginx(body: body, workers: nginxWorkers)
        defer { nginx.stop() }
        let hey = probeOnly ? nil : try LoadTools.hey(url: nginx.url, requests: heyRequests, concurrency: concurrency)
        let wrk = probeOnly
            ? nil : try LoadTools.wrk(url: nginx.url, seconds: wrkSeconds, threads: min(2, concurrency), connections: concurrency)
        let probe = try await probeRun(url: nginx.url)

        let fields: [(String, JSONValue)] = [
            ("body_bytes", .int(body.count)), ("concurrency", .int(concurrency)),
            ("hey_req_per_s", .number(hey.map { WatchReport.round($0, 0) })),
            ("wrk_req_per_s", .number(wrk.map { WatchReport.round($0, 0) })),
            ("canarytop_req_per_s", .number(WatchReport.round(probe.rate, 0))),
            ("ratio_to_hey", .number(hey.map { WatchReport.round(probe.rate / $0, 2) })),
            ("ratio_to_wrk", .number(wrk.map { WatchReport.round(probe.rate / $0, 2) })),
            ("canarytop_requests", .int(probe.requests)), ("attributed", .int(probe.attributed)),
            ("rss_after_10k_mib", .number(probe.rssEarly.map { WatchReport.round(Double($0) / 1048576, 1) })),
            ("rss_at_end_mib", .number(probe.rssEnd.map { WatchReport.round(Double($0) / 1048576, 1) })),
            ("rss_growth", .number(growth(probe).map { WatchReport.round($0, 3) })),
        ]
        if json {
            Output.line(JSONValue.object(fields).pretty)
            return
        }
        func rate(_ v: Double?) -> String { v.map { String(format: "%9.0f req/s", $0) } ?? "        (skipped)" }
        var lines = [
            "Probe throughput: nginx (\(nginxWorkers) worker) serving a \(body.count)-byte trace, concurrency \(concurrency)",
            "hey       \(rate(hey))   (\(heyRequests) requests)",
            "wrk       \(rate(wrk))   (\(wrkSeconds) s, no parsing)",
            "canarytop \(rate(probe.rate))   (\(probe.requests) requests, \(probe.attributed) parsed and attributed)",
        ]
        if let hey { lines.append(String(format: "canarytop / hey: %.2f×", probe.rate / hey)) }
        if let wrk { lines.append(String(format: "canarytop / wrk: %.2f×", probe.rate / wrk)) }
        if let early = probe.rssEarly, let end = probe.rssEnd {
            lines.append(String(
                format: "canarytop RSS: %.1f MiB after 10 k requests, %.1f MiB after %d (%+.1f %%)",
                Double(early) / 1048576, Double(end) / 1048576, probe.requests, (growth(probe) ?? 0) * 100))
        }
        Output.line(lines.joined(separator: "\n"))
    }

    /// The workshop's successful reply with its top-level `body` text padded to `bytes` in all.
    static func trace(bytes: Int) -> [UInt8] {
        var text = BenchSamples.workshopOK
        if let range = text.range(of: "\"Hello World\"") {
            let pad = max(0, bytes - text.utf8.count)
            text.replaceSubrange(range, with: "\"Hello World" + String(repeating: ".", count: pad) + "\"")
        }
        return Array(text.utf8)
    }

    private func growth(_ probe: ProbeFigures) -> Double? {
        guard let early = probe.rssEarly, let end = probe.rssEnd, early > 0 else { return nil }
        return Double(end - early) / Double(early)
    }

    /// What the in-process probe run measured.
    struct ProbeFigures {
        var requests: Int
        var attributed: Int
        var rate: Double
        var rssEarly: Int?
        var rssEnd: Int?
    }

    /// canarytop's closed loop against `url`, every reply decoded and attributed by IP.
    private func probeRun(url: String) async throws -> ProbeFigures {
        let target = try ProbeTarget(url: url)
        let settings = ProbeSettings(
            target: target, pace: .closed, concurrency: concurrency, maxRequests: requests, lanes: lanes)
        let attributor = Attributor(rules: [
            SubsetRule(subset: "blue", selector: .ip(IPRange("10.42.0.10")!)),
            SubsetRule(subset: "green", selector: .ip(IPRange("10.42.0.19")!)),
        ])
        let collector = TallyCollector(subsets: ["blue", "green"])
        let runner = try ProbeRunner(settings: settings, attribution: AttributorBox(attributor), collector: collector)
        let watcher = Task { () -> Int? in
            while !Task.isCancelled {
                let progress = await runner.progress()
                if progress.replies + progress.faults >= 10_000 { return LoadTools.residentBytes() }
                try? await Task.sleep(for: .milliseconds(2))
            }
            return nil
        }
        let start = ContinuousClock.now
        let counts = try await runner.run()
        let elapsed = ContinuousClock.now - start
        let rssEnd = LoadTools.residentBytes()
        let rssEarly = await watcher.value
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let totals = collector.totals(at: runner.clock.now())
        guard counts.faults == 0 else {
            throw CLIError("the probe saw \(counts.faults) probe faults against nginx: \(totals.run.probeFaults.byFault)")
        }
        return ProbeFigures(
            requests: counts.sent, attributed: totals.run.attributedRequests, rate: Double(counts.sent) / seconds,
            rssEarly: rssEarly, rssEnd: rssEnd)
    }
}
