import CanaryApp
import CanaryCore
import CanaryProbe
import Foundation

/// `canarytop bench probe`: the probe's throughput against nginx, beside hey and wrk.
///
/// Starts nginx on a free loopback port serving a 1 KB fake-service trace, then runs, one
/// after the other at the same concurrency: `hey`, `wrk` (C, no parsing: the practical
/// ceiling) and canarytop's own closed-loop probe in this process, which decodes and
/// attributes every reply. Reports each rate, the ratios, and canarytop's resident memory
/// after 10 k requests and at the end (1 M by default). Needs `apt-get install -y nginx hey wrk`
/// and a release build.
public struct ProbeBenchmark: Sendable {
    public var requests = 1_000_000
    public var concurrency = 8
    public var heyRequests = 200_000
    public var wrkSeconds = 10
    public var nginxWorkers = 1
    /// Event loops canarytop's probe uses (default: one per core).
    public var lanes: Int?
    /// Run only canarytop's probe (no hey, no wrk).
    public var probeOnly = false
    /// Record every reply to this new file, as `watch --record` does (to measure what recording costs).
    public var record: String?

    public init() {}

    /// What was measured.
    public struct Report: Sendable {
        public var benchmark: ProbeBenchmark
        public var bodyBytes: Int
        public var hey: Double?
        public var wrk: Double?
        public var probe: ProbeFigures

        public var json: JSONValue {
            let r = { (value: Double, digits: Int) in FixedPoint.round(value, digits) }
            return .object([
                ("body_bytes", .int(bodyBytes)), ("concurrency", .int(benchmark.concurrency)),
                ("hey_req_per_s", .number(hey.map { r($0, 0) })),
                ("wrk_req_per_s", .number(wrk.map { r($0, 0) })),
                ("canarytop_req_per_s", .number(r(probe.rate, 0))),
                ("ratio_to_hey", .number(hey.map { r(probe.rate / $0, 2) })),
                ("ratio_to_wrk", .number(wrk.map { r(probe.rate / $0, 2) })),
                ("canarytop_requests", .int(probe.requests)), ("attributed", .int(probe.attributed)),
                ("rss_after_10k_mib", .number(probe.rssEarly.map { r(Double($0) / 1048576, 1) })),
                ("rss_at_end_mib", .number(probe.rssEnd.map { r(Double($0) / 1048576, 1) })),
                ("rss_growth", .number(probe.growth.map { r($0, 3) })),
                ("recorded_to", .string(benchmark.record)),
            ])
        }

        public var text: String {
            func rate(_ v: Double?) -> String { v.map { String(format: "%9.0f req/s", $0) } ?? "        (skipped)" }
            var lines = [
                "Probe throughput: nginx (\(benchmark.nginxWorkers) worker) serving a \(bodyBytes)-byte trace, concurrency \(benchmark.concurrency)",
                "hey       \(rate(hey))   (\(benchmark.heyRequests) requests)",
                "wrk       \(rate(wrk))   (\(benchmark.wrkSeconds) s, no parsing)",
                "canarytop \(rate(probe.rate))   (\(probe.requests) requests, \(probe.attributed) parsed and attributed\(benchmark.record == nil ? "" : ", every one recorded"))",
            ]
            if let hey { lines.append(String(format: "canarytop / hey: %.2f×", probe.rate / hey)) }
            if let wrk { lines.append(String(format: "canarytop / wrk: %.2f×", probe.rate / wrk)) }
            if let early = probe.rssEarly, let end = probe.rssEnd {
                lines.append(String(
                    format: "canarytop RSS: %.1f MiB after 10 k requests, %.1f MiB after %d (%+.1f %%)",
                    Double(early) / 1048576, Double(end) / 1048576, probe.requests, (probe.growth ?? 0) * 100))
            }
            return lines.joined(separator: "\n")
        }
    }

    public func run() async throws -> Report {
        let body = Self.trace(bytes: 1024)
        let nginx = try LoadTools.Nginx(body: body, workers: nginxWorkers)
        defer { nginx.stop() }
        let hey = probeOnly ? nil : try LoadTools.hey(url: nginx.url, requests: heyRequests, concurrency: concurrency)
        let wrk = probeOnly
            ? nil : try LoadTools.wrk(url: nginx.url, seconds: wrkSeconds, threads: min(2, concurrency), connections: concurrency)
        let probe = try await probeRun(url: nginx.url)
        return Report(benchmark: self, bodyBytes: body.count, hey: hey, wrk: wrk, probe: probe)
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

    /// What the in-process probe run measured.
    public struct ProbeFigures: Sendable {
        public var requests: Int
        public var attributed: Int
        public var rate: Double
        public var rssEarly: Int?
        public var rssEnd: Int?

        /// How much the resident memory grew from 10 k requests to the end, as a fraction.
        var growth: Double? {
            guard let early = rssEarly, let end = rssEnd, early > 0 else { return nil }
            return Double(end - early) / Double(early)
        }
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
            throw BenchError("the probe saw \(counts.faults) probe faults against nginx: \(totals.run.probeFaults.byFault)")
        }
        return ProbeFigures(
            requests: counts.sent, attributed: totals.run.attributedRequests, rate: Double(counts.sent) / seconds,
            rssEarly: rssEarly, rssEnd: rssEnd)
    }
}
