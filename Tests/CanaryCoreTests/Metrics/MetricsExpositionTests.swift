import Testing
@testable import CanaryCore

@Suite struct MetricsExpositionTests {
    /// blue: 3 × 200 (10, 20, 100 ms), 1 × 302, 1 × 503 (2 s); green: 1 × 200 at exactly 0.25 s, 2 × 404;
    /// unattributed: one Envoy 503 text; probe faults: 2 refused, 1 timeout.
    static func run() -> TallySnapshot.View {
        var tallies = Tallies(subsets: ["blue", "green", "idle"], startingAt: 0)
        let replies: [(String?, Int, Double)] = [
            ("blue", 200, 0.010), ("blue", 200, 0.020), ("blue", 200, 0.100), ("blue", 302, 0.004), ("blue", 503, 2.0),
            ("green", 200, 0.25), ("green", 404, 0.003), ("green", 404, 0.003), (nil, 503, 0.001),
        ]
        for (i, (subset, status, latency)) in replies.enumerated() {
            let body: Observation.BodyKind = subset == nil ? .notATrace(.notJSON(preview: "no healthy upstream")) : .trace
            tallies.record(Observation(subset: subset, status: status, body: body, latency: latency), at: Double(i))
        }
        tallies.recordProbeFault(.refused, latency: 0.001, at: 9)
        tallies.recordProbeFault(.refused, latency: 0.001, at: 9)
        tallies.recordProbeFault(.timeout, latency: 10, at: 10)
        return tallies.snapshot(at: 11).sinceEpoch
    }

    static func sample(_ view: TallySnapshot.View = run(), verdicts: [CanaryVerdict] = [], weights: [MetricsSample.Weight] = []) -> MetricsSample {
        MetricsSample(run: view, epoch: 3, service: "payments", weights: weights, verdicts: verdicts)
    }

    static func verdict(_ canary: String, _ outcome: CanaryVerdict.Outcome) -> CanaryVerdict {
        CanaryVerdict(canary: canary, stable: "blue", outcome: outcome, checks: [], canaryRequests: 0, stableRequests: 0,
                      slowInFlightCharged: 0, canaryRate: nil)
    }

    static func value(_ exposition: PromExposition, _ name: String, _ labels: PromLabels) -> Double? {
        exposition.samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test func requestsByStatusClassAddUpToTheSnapshotsRows() {
        let view = Self.run()
        let parsed = PromTextParser.parse(MetricsExposition.render(Self.sample(view), format: .text))
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        let name = "canarytop_requests_total"
        func count(_ subset: String, _ codeClass: String) -> Double? {
            Self.value(parsed, name, ["service": "payments", "subset": subset, "code_class": codeClass])
        }
        #expect([count("blue", "2xx"), count("blue", "3xx"), count("blue", "4xx"), count("blue", "5xx")] == [3, 1, 0, 1])
        #expect([count("green", "2xx"), count("green", "3xx"), count("green", "4xx"), count("green", "5xx")] == [1, 0, 2, 0])
        #expect([count("idle", "2xx"), count("idle", "5xx")] == [0, 0])
        #expect(count("(unattributed)", "5xx") == 1)
        for row in view.subsets + [view.unattributed] {
            let total = parsed.samples.filter { $0.name == name && $0.labels["subset"] == row.name }.reduce(0) { $0 + $1.value }
            #expect(Int(total) == row.requests, "\(row.name)")
        }
        #expect(Self.value(parsed, "canarytop_probe_faults_total", ["class": "refused"]) == 2)
        #expect(Self.value(parsed, "canarytop_probe_faults_total", ["class": "timeout"]) == 1)
        #expect(Self.value(parsed, "canarytop_probe_faults_total", ["class": "dns"]) == 0)
        #expect(Self.value(parsed, "canarytop_epoch", [:]) == 3)
        #expect(parsed.types["canarytop_requests_total"] == .counter)
        #expect(parsed.types["canarytop_request_duration_seconds"] == .histogram)
        #expect(parsed.types["canarytop_epoch"] == .gauge)
    }

    @Test func theHistogramIsCumulativeAndEndsAtTheCount() {
        let parsed = PromTextParser.parse(MetricsExposition.render(Self.sample(), format: .text))
        for subset in ["blue", "green", "idle", "(unattributed)"] {
            let buckets = parsed.samples.filter { $0.name == "canarytop_request_duration_seconds_bucket" && $0.labels["subset"] == subset }
            let bounds = buckets.compactMap { $0.labels["le"].flatMap(PromFloat.parse) }
            #expect(bounds == MetricsSample.bounds(slo: nil) + [.infinity], "\(subset)")
            #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value }, "\(subset) is not cumulative")
            let count = Self.value(parsed, "canarytop_request_duration_seconds_count", ["service": "payments", "subset": subset])
            #expect(buckets.last?.value == count, "\(subset): +Inf is not the count")
        }
        func bucket(_ subset: String, _ le: String) -> Double? {
            Self.value(parsed, "canarytop_request_duration_seconds_bucket", ["service": "payments", "subset": subset, "le": le])
        }
        // blue: 4 ms, 10 ms, 20 ms, 100 ms, 2 s. A value exactly at a bound counts at or below it.
        #expect(bucket("blue", "0.005") == 1)
        #expect(bucket("blue", "0.01") == 2)
        #expect(bucket("blue", "0.1") == 4)
        #expect(bucket("blue", "1.5") == 4)
        #expect(bucket("blue", "2") == 5)
        #expect(bucket("green", "0.2") == 2)
        #expect(bucket("green", "0.25") == 3)
        let sum = Self.value(parsed, "canarytop_request_duration_seconds_sum", ["service": "payments", "subset": "blue"]) ?? 0
        #expect(abs(sum - 2.134) < 2.134 * 0.001)
        #expect(Self.value(parsed, "canarytop_request_duration_seconds_sum", ["service": "payments", "subset": "idle"]) == 0)
    }

    @Test func theSLOBecomesABucketBound() {
        #expect(MetricsSample.bounds(slo: 0.35).contains(0.35))
        #expect(MetricsSample.bounds(slo: 0.5) == MetricsSample.bounds(slo: nil))
        let bounds = MetricsSample.bounds(slo: 0.35)
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func weightsAreFractionsAndVerdictsAreCodes() {
        let sample = Self.sample(
            verdicts: [Self.verdict("green", .fail), Self.verdict("teal", .inconclusive(more: 40)), Self.verdict("idle", .pass)],
            weights: [.init(subset: "blue", ratio: 0.9), .init(subset: "green", ratio: 0.1)])
        let parsed = PromTextParser.parse(MetricsExposition.render(sample, format: .text))
        #expect(Self.value(parsed, "canarytop_splitter_weight", ["service": "payments", "subset": "blue"]) == 0.9)
        #expect(Self.value(parsed, "canarytop_splitter_weight", ["service": "payments", "subset": "green"]) == 0.1)
        #expect(Self.value(parsed, "canarytop_verdict", ["service": "payments", "subset": "green"]) == 2)
        #expect(Self.value(parsed, "canarytop_verdict", ["service": "payments", "subset": "teal"]) == 1)
        #expect(Self.value(parsed, "canarytop_verdict", ["service": "payments", "subset": "idle"]) == 0)
    }

    @Test func familiesWithoutSeriesAreLeftOut() {
        let text = MetricsExposition.render(Self.sample(), format: .text)
        #expect(!text.contains("canarytop_splitter_weight"))
        #expect(!text.contains("canarytop_verdict"))
        #expect(text.hasSuffix("canarytop_epoch 3\n"))
    }

    @Test func beforeAnyReplyEveryKnownSubsetShowsZeros() {
        let view = Tallies(subsets: ["blue", "green"], startingAt: 0).snapshot(at: 0).sinceEpoch
        let parsed = PromTextParser.parse(MetricsExposition.render(Self.sample(view), format: .text))
        #expect(parsed.problems.isEmpty)
        let requests = parsed.samples.filter { $0.name == "canarytop_requests_total" }
        #expect(requests.count == 3 * 4 && requests.allSatisfy { $0.value == 0 })
        let buckets = parsed.samples.filter { $0.name == "canarytop_request_duration_seconds_bucket" }
        #expect(buckets.count == 3 * (MetricsSample.bounds(slo: nil).count + 1) && buckets.allSatisfy { $0.value == 0 })
    }

    @Test func openMetricsHasItsOwnMetadataAndEnds() {
        let text = MetricsExposition.render(Self.sample(verdicts: [Self.verdict("green", .pass)]), format: .openMetrics)
        let lines = text.split(separator: "\n")
        #expect(lines.last == "# EOF")
        #expect(text.hasSuffix("# EOF\n"))
        #expect(lines.contains("# TYPE canarytop_requests counter"))
        #expect(!text.contains("# TYPE canarytop_requests_total"))
        #expect(lines.contains("# TYPE canarytop_request_duration_seconds histogram"))
        #expect(lines.contains("# UNIT canarytop_request_duration_seconds seconds"))
        #expect(text.contains("le=\"1.0\"} ") && text.contains("le=\"+Inf\"} ") && !text.contains("le=\"1\"}"))
        // Metadata comes before the samples of its family.
        let type = lines.firstIndex(of: "# TYPE canarytop_probe_faults counter")!
        let first = lines.firstIndex { $0.hasPrefix("canarytop_probe_faults_total") }!
        #expect(type < first)
        let parsed = PromTextParser.parse(text)
        #expect(parsed.sawEOF && parsed.problems.isEmpty)
    }

    @Test func labelValuesAreEscaped() {
        #expect(MetricsExposition.escapeLabelValue(#"a"b\c"#) == #"a\"b\\c"#)
        #expect(MetricsExposition.escapeLabelValue("line\nnext") == #"line\nnext"#)
        var tallies = Tallies(subsets: [#"gr"e\en"#, "esc\u{1B}[2J"], startingAt: 0)
        tallies.record(Observation(subset: #"gr"e\en"#, status: 200, body: .trace, latency: 0.01), at: 1)
        let text = MetricsExposition.render(Self.sample(tallies.snapshot(at: 1).sinceEpoch), format: .text)
        #expect(text.contains(#"subset="gr\"e\\en""#))
        #expect(!text.contains("\u{1B}"))
        let parsed = PromTextParser.parse(text)
        #expect(parsed.problems.isEmpty)
        #expect(Self.value(parsed, "canarytop_requests_total", ["service": "payments", "subset": #"gr"e\en"#, "code_class": "2xx"]) == 1)
    }

    @Test func bucketsReadFromTheHistogramCountEveryValue() {
        // 1000.4 µs is kept as 1000 µs; 5.004 ms is the first range above 5 ms; two hours count as one.
        let histogram = LatencyHistogram([0.001, 0.001, 0.0010004, 0.0049, 0.005, 0.005004, 0.5, 7200])
        let buckets = BucketCounts(histogram, bounds: [0.001, 0.005, 1])
        #expect(buckets.counts == [3, 2, 2, 1])
        #expect(buckets.cumulative == [3, 5, 7, 8])
        #expect(BucketCounts(LatencyHistogram(), bounds: [1]).cumulative == [0, 0])
    }
}
