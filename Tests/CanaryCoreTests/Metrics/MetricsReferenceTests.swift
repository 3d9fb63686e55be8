import CanaryTesting
import Testing
@testable import CanaryCore

/// Our exposition read by Prometheus's own tools: `promtool check metrics` and the Python
/// client's two parsers (Debian's `prometheus` and `python3-prometheus-client`; .ci/run installs
/// both). Without a tool, its test says so and checks the text with our own parser instead.
@Suite(.sharedMachine) struct MetricsReferenceTests {
    /// Every family, names that need escaping, a weight change's epoch.
    static func sample() -> MetricsSample {
        var tallies = Tallies(subsets: ["blue", #"green "canary" \ v2"#], startingAt: 0)
        for i in 0..<50 {
            tallies.record(Observation(subset: "blue", status: i % 10 == 0 ? 503 : 200, body: .trace, latency: 0.001 * Double(i + 1)), at: 1)
        }
        tallies.record(Observation(subset: #"green "canary" \ v2"#, status: 301, body: .trace, latency: 1.25), at: 1)
        tallies.record(Observation(subset: nil, status: 503, body: .notATrace(.notJSON(preview: "no healthy upstream")), latency: 0.0005), at: 1)
        tallies.recordProbeFault(.reset, latency: 0.2, at: 2)
        let verdict = CanaryVerdict(
            canary: #"green "canary" \ v2"#, stable: "blue", outcome: .inconclusive(more: 12), checks: [], canaryRequests: 1,
            stableRequests: 50, slowInFlightCharged: 0, canaryRate: nil)
        return MetricsSample(
            run: tallies.snapshot(at: 3).sinceEpoch, epoch: 2, service: "payments", weights: [
                .init(subset: "blue", ratio: 0.95), .init(subset: #"green "canary" \ v2"#, ratio: 0.05),
            ], verdicts: [verdict])
    }

    @Test func promtoolFindsNothingWrong() async throws {
        let problems = try await PrometheusTools.problems(in: MetricsExposition.render(Self.sample(), format: .text))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(arguments: [MetricsFormat.text, .openMetrics])
    func pythonsParserReadsTheSameValues(_ format: MetricsFormat) async throws {
        let sample = Self.sample()
        let text = MetricsExposition.render(sample, format: format)
        let ours = PromTextParser.parse(text)
        #expect(ours.problems.isEmpty)
        guard let python = await PrometheusTools.pythonWithClient() else {
            print("python3 with prometheus_client is not installed (Debian: python3-prometheus-client): checked with our parser only")
            return
        }
        let theirs = try await PrometheusTools.pythonParse(text, openMetrics: format == .openMetrics, python: python)
        #expect(theirs.count == ours.samples.count)
        for sample in ours.samples {
            let labels = Dictionary(uniqueKeysWithValues: sample.labels.pairs.map { ($0.name, $0.value) })
            let match = theirs.first { $0.name == sample.name && $0.labels == labels }
            #expect(match?.value == sample.value, "\(sample.name)\(sample.labels)")
        }
        let requests = theirs.filter { $0.name == "canarytop_requests_total" }
        #expect(requests.allSatisfy { $0.type == "counter" })
        #expect(requests.first { $0.labels["subset"] == #"green "canary" \ v2"# && $0.labels["code_class"] == "3xx" }?.value == 1)
        let buckets = theirs.filter { $0.name == "canarytop_request_duration_seconds_bucket" && $0.labels["subset"] == "blue" }
        #expect(buckets.count == MetricsSample.bounds(slo: nil).count + 1)
        #expect(buckets.allSatisfy { $0.type == "histogram" })
        if format == .openMetrics {
            #expect(requests.allSatisfy { $0.family == "canarytop_requests" })
            #expect(buckets.allSatisfy { $0.unit == "seconds" })
        }
    }
}
