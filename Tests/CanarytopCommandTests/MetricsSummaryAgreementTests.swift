import CanaryApp
import CanaryCore
import CanaryProbe
import CanaryStore
import Foundation
import Testing
@testable import canarytop

/// One snapshot, two renderings: the `--json` summary and `/metrics` made from the same
/// ``HeadlessWatch/Figures`` carry the same counts.
@Suite struct MetricsSummaryAgreementTests {
    static func figures() throws -> HeadlessWatch.Figures {
        let collector = TallyCollector(subsets: ["blue", "green"])
        var batch: [TallyCollector.Record] = []
        for i in 0..<120 {
            let status = [200, 200, 200, 503, 404, 302][i % 6]
            batch.append(.reply(Observation(subset: i % 3 == 0 ? "green" : "blue", status: status, body: .trace, latency: 0.001 * Double(i)), at: 1))
        }
        batch.append(.reply(Observation(subset: nil, status: 503, body: .notATrace(.notJSON(preview: "no healthy upstream")), latency: 0.002), at: 1))
        batch.append(.fault(.refused, latency: 0.001, at: 1))
        batch.append(.fault(.timeout, latency: 10, at: 11))
        collector.record(batch)
        collector.startEpoch(at: 12)   // the counts must stay the whole run's, not the new epoch's
        collector.record([.reply(Observation(subset: "green", status: 500, body: .trace, latency: 0.3), at: 13)])
        return HeadlessWatch.Figures(
            totals: collector.totals(at: 14), counts: ProbeRunner.Counts(),
            settings: ProbeSettings(target: try ProbeTarget(url: "http://127.0.0.1:9090/")),
            weights: ConfiguredWeights(names: ["blue", "green"], weights: [Weight(hundredths: 9_000), Weight(hundredths: 1_000)]),
            elapsed: 14, service: "payments")
    }

    @Test func theSummaryAndTheMetricsCountAlike() throws {
        let figures = try Self.figures()
        let summary = try #require(JSONSerialization.jsonObject(with: Data(WatchReport(figures).json.compact.utf8)) as? [String: Any])
        for format in [MetricsFormat.text, .openMetrics] {
            let parsed = PromTextParser.parse(MetricsExposition.render(figures.metricsSample(bounds: MetricsSample.bounds(slo: nil)), format: format))
            #expect(parsed.problems.isEmpty)
            func value(_ name: String, _ labels: PromLabels) -> Double? {
                parsed.samples.first { $0.name == name && $0.labels == labels }?.value
            }
            let rows = try #require(summary["subsets"] as? [[String: Any]]) + [try #require(summary["unattributed"] as? [String: Any])]
            for row in rows {
                let name = try #require(row["name"] as? String)
                func count(_ codeClass: String) -> Int {
                    Int(value("canarytop_requests_total", ["service": "payments", "subset": name, "code_class": codeClass]) ?? -1)
                }
                let requests = try #require(row["requests"] as? Int)
                #expect(count("5xx") == row["http_5xx"] as? Int, "\(name)")
                #expect(count("4xx") == row["http_4xx"] as? Int, "\(name)")
                #expect(count("3xx") == row["http_3xx"] as? Int, "\(name)")
                #expect(count("2xx") + count("3xx") + count("4xx") + count("5xx") == requests, "\(name)")
                #expect(value("canarytop_request_duration_seconds_count", ["service": "payments", "subset": name]) == Double(requests))
                if let weight = row["weight"] as? Double {
                    #expect(value("canarytop_splitter_weight", ["service": "payments", "subset": name]) == weight / 100)
                }
            }
            #expect(rows.first { $0["name"] as? String == "green" }?["requests"] as? Int == 41)
            let faults = try #require((summary["probe_errors"] as? [String: Any])?["by_class"] as? [String: Int])
            for (fault, count) in faults {
                #expect(value("canarytop_probe_faults_total", ["class": fault]) == Double(count), "\(fault)")
            }
            #expect(value("canarytop_epoch", [:]) == Double(try #require((summary["epoch"] as? [String: Any])?["number"] as? Int)))
            #expect(value("canarytop_epoch", [:]) == 2)
        }
    }
}
