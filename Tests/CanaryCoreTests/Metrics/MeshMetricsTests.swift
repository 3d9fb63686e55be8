import CanaryTesting
import Testing
@testable import CanaryCore

/// `/metrics` with a passive source: the mesh's own counts as families of their own
/// (`canarytop_mesh_requests_total`, `canarytop_mesh_timeouts_total`), also with the probe off,
/// and read by `promtool check metrics`.
@Suite(.sharedMachine) struct MeshMetricsTests {
    /// No probe replies at all (`--probe off`); the mesh counted blue and green.
    static func sample() -> MetricsSample {
        let tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        var sample = MetricsSample(
            run: tallies.snapshot(at: 3).sinceEpoch, epoch: 1, service: "payments",
            weights: [.init(subset: "blue", ratio: 0.5), .init(subset: "green", ratio: 0.5)], verdicts: [])
        var blue = PassiveSubsetTally(subset: "blue")
        blue.requests = 30
        blue.byClass = [2: 30]
        var green = PassiveSubsetTally(subset: "green\u{1B}[2J")
        green.requests = 30
        green.byClass = [2: 15, 5: 15]
        green.timeouts = 2
        sample.mesh = [.init(blue), .init(green)]
        return sample
    }

    @Test func theMeshCountsAreTheirOwnFamiliesWithEveryClass() {
        let text = MetricsExposition.render(Self.sample(), format: .text)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"canarytop_mesh_requests_total{service="payments",subset="blue",code_class="2xx"} 30"#))
        #expect(lines.contains(#"canarytop_mesh_requests_total{service="payments",subset="blue",code_class="5xx"} 0"#))
        // A name from the network is cleaned as everywhere (ESC → U+FFFD) before it is a label value.
        #expect(lines.contains("canarytop_mesh_requests_total{service=\"payments\",subset=\"green\u{FFFD}[2J\",code_class=\"5xx\"} 15"))
        #expect(lines.contains("canarytop_mesh_timeouts_total{service=\"payments\",subset=\"green\u{FFFD}[2J\"} 2"))
        #expect(lines.filter { $0.hasPrefix("canarytop_mesh_requests_total{") }.count == 10)
        #expect(lines.contains("# TYPE canarytop_mesh_requests_total counter"))
        #expect(!text.contains("\u{1B}"))
        // The probe's family still says what the probe got: nothing.
        #expect(lines.contains(#"canarytop_requests_total{service="payments",subset="green",code_class="5xx"} 0"#))
        let open = MetricsExposition.render(Self.sample(), format: .openMetrics)
        #expect(open.contains("# TYPE canarytop_mesh_requests counter\n"))
        #expect(open.hasSuffix("# EOF\n"))
    }

    @Test func withoutAPassiveSourceThereIsNoMeshFamily() {
        var sample = Self.sample()
        sample.mesh = []
        #expect(!MetricsExposition.render(sample, format: .text).contains("canarytop_mesh_"))
    }

    @Test func promtoolFindsNothingWrong() async throws {
        let problems = try await PrometheusTools.problems(in: MetricsExposition.render(Self.sample(), format: .text))
        #expect(problems.isEmpty, "\(problems)")
    }
}
