import CanaryCore
import Foundation

/// What `bench probe` measured: hey once, then each interleaved round of wrk and canarytop, or
/// canarytop alone with its memory (`--probe-only`).
public struct ProbeBenchmarkReport: Sendable {
    /// One round: wrk, then canarytop, at the same connections against the same nginx.
    public struct Round: Sendable {
        public var index: Int
        public var wrk: Double
        /// wrk's CPU seconds (its process: user + system) per request.
        public var wrkCPUPerRequest: Double?
        public var canarytop: ProbeBenchmark.ProbeFigures
        /// `/proc/loadavg` when the round began.
        public var load: String

        public var ratio: Double { canarytop.rate / wrk }

        private var wrkCPU: String { wrkCPUPerRequest.map { String(format: "%.1f µs", $0 * 1e6) } ?? "-" }

        var text: String {
            String(
                format: "round %d   wrk %9.0f req/s   canarytop %9.0f req/s (%d parsed and attributed)   %.2f×",
                index, wrk, canarytop.rate, canarytop.attributed, ratio)
                + "   CPU/request: wrk \(wrkCPU), canarytop " + String(format: "%.1f µs", canarytop.cpuPerRequest * 1e6)
                + "   load \(load)"
        }
    }

    public var benchmark: ProbeBenchmark
    public var bodyBytes: Int
    public var hey: Double?
    public var rounds: [Round] = []
    /// The `--probe-only` run.
    public var probe: ProbeBenchmark.ProbeFigures?

    init(benchmark: ProbeBenchmark, bodyBytes: Int) {
        self.benchmark = benchmark
        self.bodyBytes = bodyBytes
    }

    /// The median of the rounds' canarytop ÷ wrk.
    public var medianRatio: Double? { Self.median(rounds.map(\.ratio)) }

    /// The median canarytop rate over the rounds, ÷ hey's.
    public var ratioToHey: Double? {
        guard let hey, let rate = Self.median(rounds.map(\.canarytop.rate)) else { return nil }
        return rate / hey
    }

    static func median(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    public var json: JSONValue {
        let r = { (value: Double, digits: Int) in FixedPoint.round(value, digits) }
        return .object([
            ("body_bytes", .int(bodyBytes)), ("concurrency", .int(benchmark.concurrency)),
            ("threads", .int(benchmark.threadCount)), ("seconds_per_round", .int(benchmark.seconds)),
            ("hey_req_per_s", .number(hey.map { r($0, 0) })),
            ("rounds", .array(rounds.map { round in
                .object([
                    ("wrk_req_per_s", .number(r(round.wrk, 0))), ("canarytop_req_per_s", .number(r(round.canarytop.rate, 0))),
                    ("canarytop_requests", .int(round.canarytop.requests)), ("attributed", .int(round.canarytop.attributed)),
                    ("ratio_to_wrk", .number(r(round.ratio, 3))), ("load_average", .string(round.load)),
                    ("wrk_cpu_us_per_request", .number(round.wrkCPUPerRequest.map { r($0 * 1e6, 2) })),
                    ("canarytop_cpu_us_per_request", .number(r(round.canarytop.cpuPerRequest * 1e6, 2))),
                ])
            })),
            ("median_ratio_to_wrk", .number(medianRatio.map { r($0, 3) })),
            ("ratio_to_hey", .number(ratioToHey.map { r($0, 2) })),
            ("probe_only_req_per_s", .number(probe.map { r($0.rate, 0) })),
            ("probe_only_requests", .int(probe?.requests)),
            ("probe_only_cpu_us_per_request", .number(probe.map { r($0.cpuPerRequest * 1e6, 2) })),
            ("rss_after_10k_mib", .number(probe?.rssEarly.map { r(Double($0) / 1048576, 1) })),
            ("rss_at_end_mib", .number(probe?.rssEnd.map { r(Double($0) / 1048576, 1) })),
            ("rss_growth", .number(probe?.growth.map { r($0, 3) })),
            ("recorded_to", .string(benchmark.record)),
        ])
    }

    public var text: String {
        let b = benchmark
        var lines = [
            "Probe throughput: nginx (\(b.nginxWorkers) worker) serving a \(bodyBytes)-byte trace, \(b.concurrency) connections",
        ]
        if let probe {
            let recorded = b.record == nil ? "" : ", every one recorded"
            lines.append(String(
                format: "canarytop %9.0f req/s   (%d requests, %d parsed and attributed", probe.rate, probe.requests, probe.attributed)
                + "\(recorded), \(b.threadCount) event loops)"
                + String(format: "   CPU/request %.1f µs", probe.cpuPerRequest * 1e6))
            if let early = probe.rssEarly, let end = probe.rssEnd {
                lines.append(String(
                    format: "canarytop RSS: %.1f MiB after 10 k requests, %.1f MiB after %d (%+.1f %%)",
                    Double(early) / 1048576, Double(end) / 1048576, probe.requests, (probe.growth ?? 0) * 100))
            }
            return lines.joined(separator: "\n")
        }
        if let hey { lines.append(String(format: "hey       %9.0f req/s   (%d requests)", hey, b.heyRequests)) }
        lines.append(
            "\(rounds.count) rounds, each wrk -t\(min(b.threadCount, b.concurrency)) then canarytop on \(b.threadCount) event loops, \(b.seconds) s apiece:")
        lines += rounds.map(\.text)
        if let median = medianRatio {
            let each = rounds.map { String(format: "%.2f", $0.ratio) }.joined(separator: " ")
            lines.append(String(format: "canarytop / wrk: median %.2f×", median) + " (rounds: \(each))")
        }
        if let ratio = ratioToHey { lines.append(String(format: "canarytop / hey: %.2f× (median canarytop rate)", ratio)) }
        return lines.joined(separator: "\n")
    }
}
