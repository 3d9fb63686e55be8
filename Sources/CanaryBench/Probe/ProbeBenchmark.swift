import CanaryApp
import CanaryCore
import CanaryProbe
import Foundation
import NIOCore

/// `canarytop bench probe`: the probe's throughput against nginx, beside hey and wrk.
///
/// Starts nginx on a free loopback port serving a 1 KB fake-service trace, runs `hey` once, then
/// ``rounds`` interleaved rounds: `wrk` (C, no parsing: the practical ceiling) for ``seconds``,
/// then canarytop's own closed-loop probe in this process for as long, which decodes, attributes
/// and tallies every reply — the same connection count, the same nginx, canarytop on
/// ``threads`` event loops and wrk on as many threads. Each round's ratio compares two runs a few
/// seconds apart, so the machine's load moves both; the median of the rounds is the figure. With
/// ``probeOnly`` it runs canarytop alone for ``requests`` requests and reports its resident
/// memory after 10 k requests and at the end. Needs `apt-get install -y nginx hey wrk` and a
/// release build.
public struct ProbeBenchmark: Sendable {
    /// Requests canarytop sends in the `--probe-only` run.
    public var requests = 1_000_000
    public var concurrency = 8
    /// Requests hey sends (0: no hey).
    public var heyRequests = 200_000
    /// Interleaved rounds of wrk and canarytop.
    public var rounds = 5
    /// Seconds each client runs in each round.
    public var seconds = 5
    public var nginxWorkers = 1
    /// canarytop's event loops and wrk's threads (default: one per core).
    public var threads: Int?
    /// Run only canarytop's probe, for ``requests`` requests (no hey, no wrk): its memory.
    public var probeOnly = false
    /// Record every reply to this new file, as `watch --record` does (to measure what recording costs).
    public var record: String?

    public init() {}

    /// The threads both clients use.
    public var threadCount: Int { threads ?? System.coreCount }

    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> ProbeBenchmarkReport {
        let body = Self.trace(bytes: 1024)
        let nginx = try LoadTools.Nginx(body: body, workers: nginxWorkers)
        defer { nginx.stop() }
        var report = ProbeBenchmarkReport(benchmark: self, bodyBytes: body.count)
        if probeOnly {
            report.probe = try await probeRun(url: nginx.url, limit: .requests(requests))
            return report
        }
        if heyRequests > 0 {
            report.hey = try LoadTools.hey(url: nginx.url, requests: heyRequests, concurrency: concurrency)
            progress(String(format: "hey       %9.0f req/s", report.hey!))
        }
        let wrkThreads = min(threadCount, concurrency)
        // Warm-up, not reported: nginx's first connections and this process's first allocations.
        _ = try LoadTools.wrk(url: nginx.url, seconds: 1, threads: wrkThreads, connections: concurrency)
        _ = try await probeRun(url: nginx.url, limit: .seconds(1))
        for index in 1...rounds {
            let load = Self.loadAverage()
            let wrk = try LoadTools.wrk(url: nginx.url, seconds: seconds, threads: wrkThreads, connections: concurrency)
            let probe = try await probeRun(url: nginx.url, limit: .seconds(Double(seconds)))
            let round = ProbeBenchmarkReport.Round(
                index: index, wrk: wrk.rate, wrkCPUPerRequest: wrk.requests > 0 ? wrk.cpu / Double(wrk.requests) : nil,
                canarytop: probe, load: load)
            report.rounds.append(round)
            progress(round.text)
        }
        return report
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

    /// `/proc/loadavg`'s three averages.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// What one in-process probe run measured.
    public struct ProbeFigures: Sendable {
        public var requests: Int
        public var attributed: Int
        public var rate: Double
        public var rssEarly: Int?
        public var rssEnd: Int?
        /// This process's CPU seconds (user + system, every thread) per request sent.
        public var cpuPerRequest: Double

        /// How much the resident memory grew from 10 k requests to the end, as a fraction.
        var growth: Double? {
            guard let early = rssEarly, let end = rssEnd, early > 0 else { return nil }
            return Double(end - early) / Double(early)
        }
    }

    enum Limit {
        case requests(Int)
        case seconds(Double)
    }

    /// canarytop's closed loop against `url`, every reply decoded, attributed by IP and tallied.
    private func probeRun(url: String, limit: Limit) async throws -> ProbeFigures {
        let target = try ProbeTarget(url: url)
        var settings = ProbeSettings(target: target, pace: .closed, concurrency: concurrency, lanes: threadCount)
        switch limit {
        case .requests(let n): settings.maxRequests = n
        case .seconds(let s): settings.duration = s
        }
        let attributor = Attributor(rules: [
            SubsetRule(subset: "blue", selector: .ip(IPRange("10.42.0.10")!)),
            SubsetRule(subset: "green", selector: .ip(IPRange("10.42.0.19")!)),
        ])
        let recording = record.map { _ in WatchRecording() }
        let collector = TallyCollector(subsets: ["blue", "green"], observer: recording)
        if let recording, let record {
            try recording.open(path: record, header: RecordingHeader(
                target: target.description, rate: nil, rateLabel: "max", concurrency: concurrency, subsets: ["blue", "green"],
                applyMode: "none", headless: true))
        }
        defer { recording?.close() }
        let runner = try ProbeRunner(settings: settings, attribution: AttributorBox(attributor), collector: collector)
        let watcher = Task { () -> Int? in
            guard case .requests = limit else { return nil }
            while !Task.isCancelled {
                let progress = await runner.progress()
                if progress.replies + progress.faults >= 10_000 { return LoadTools.residentBytes() }
                try? await Task.sleep(for: .milliseconds(2))
            }
            return nil
        }
        let start = runner.clock.now()
        let cpuBefore = CPUTime.process()
        let counts = try await runner.run()
        let cpu = CPUTime.process() - cpuBefore
        let seconds = runner.clock.now() - start
        let rssEnd = LoadTools.residentBytes()
        let rssEarly = await watcher.value
        let totals = collector.totals(at: runner.clock.now())
        guard counts.faults == 0 else {
            throw BenchError("the probe saw \(counts.faults) probe faults against nginx: \(totals.run.probeFaults.byFault)")
        }
        guard totals.run.attributedRequests == counts.sent, totals.run.subset("blue")?.requests == counts.sent else {
            throw BenchError("the probe sent \(counts.sent) requests but tallied \(totals.run.attributedRequests) attributed replies")
        }
        return ProbeFigures(
            requests: counts.sent, attributed: totals.run.attributedRequests, rate: Double(counts.sent) / seconds,
            rssEarly: rssEarly, rssEnd: rssEnd, cpuPerRequest: cpu / Double(max(1, counts.sent)))
    }
}
