import Testing
@testable import CanaryCore

/// Prometheus answers as per-target reads: a back-fill and instant queries give exact counts.
@Suite struct PromSourceSplitTests {
    static let labels: PromLabels = [
        "local_cluster": "web", "consul_destination_service": "payments", "consul_destination_service_subset": "green",
        "envoy_response_code_class": "5",
    ]

    func series(_ pod: String, _ values: [Double?], start: Double = 1_700_000_000) -> PromRangeSeries {
        var labels = Self.labels.pairs.map { (name: $0.name, value: $0.value) }
        labels.append(("pod", pod))
        let points = values.enumerated().compactMap { i, v in v.map { PromPoint(time: start + Double(i) * 15, value: $0) } }
        return PromRangeSeries(name: "envoy_cluster_upstream_rq_xx", labels: PromLabels(labels), points: points)
    }

    @Test func backFillOfTheReferenceExampleCountsEight() throws {
        let matrix = [series("a", [17, 19, 0, 2]), series("b", [40, 41, 41, 44])]
        let reads = PromSourceSplit.reads(matrix, by: "pod")
        #expect(reads.map(\.source) == ["a", "b", "a", "b", "a", "b", "a", "b"])
        #expect(reads.map(\.time) == [0, 0, 15, 15, 30, 30, 45, 45].map { 1_700_000_000 + Double($0) })
        var board = PassiveBoard(filter: PassiveSeriesFilter(service: "payments"))
        for read in reads { board.read(source: read.source, at: read.time, samples: read.samples) }
        #expect(board.epochTallies.tally("green")?.http5xx == 8)
    }

    @Test func gapsInARangeAreAbsencesNotResets() throws {
        // Pod b missed two scrapes; its counter went on meanwhile.
        let matrix = [series("a", [1, 2, 3, 4]), series("b", [10, nil, nil, 16])]
        var board = PassiveBoard(filter: PassiveSeriesFilter(service: "payments"))
        for read in PromSourceSplit.reads(matrix, by: "pod") { board.read(source: read.source, at: read.time, samples: read.samples) }
        #expect(board.epochTallies.tally("green")?.http5xx == 3 + 6)
    }

    @Test func instantVectorsContinueTheBackFill() throws {
        var board = PassiveBoard(filter: PassiveSeriesFilter(service: "payments"))
        for read in PromSourceSplit.reads([series("a", [5, 7])], by: "pod") {
            board.read(source: read.source, at: read.time, samples: read.samples)
        }
        let reply = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"envoy_cluster_upstream_rq_xx","pod":"a","local_cluster":"web","consul_destination_service":"payments","consul_destination_service_subset":"green","envoy_response_code_class":"5"},"value":[1700000060,"12"]},
              {"metric":{"__name__":"envoy_server_uptime","pod":"a"},"value":[1700000060,"600"]},
              {"metric":{"__name__":"envoy_cluster_upstream_rq_xx","local_cluster":"web","consul_destination_service":"payments","consul_destination_service_subset":"green","envoy_response_code_class":"5"},"value":[1700000060,"3"]},
              {"value":[1700000060,"1"]}
            ]}}
            """
        guard case .success(.vector(let vector)) = try PromQueryDecoder.decode(reply).outcome else { Issue.record("no vector"); return }
        let reads = PromSourceSplit.reads(vector, by: "pod")
        #expect(reads.map(\.source) == ["", "a"])
        #expect(reads[1].samples.map(\.name) == ["envoy_cluster_upstream_rq_xx", "envoy_server_uptime"])
        for read in reads { board.read(source: read.source, at: read.time, samples: read.samples) }
        // 2 from the back-fill, 5 from the instant query; the unlabelled target is a new baseline.
        #expect(board.epochTallies.tally("green")?.http5xx == 7)
    }

    @Test func aReadIsTimedByItsTargetsLastScrapeNotByTheQuery() throws {
        let at = 1_700_000_100.0
        let vector = ["a", "b", "c"].map { pod in
            PromInstantSample(name: "envoy_cluster_upstream_rq_xx", labels: PromLabels(Self.labels.pairs.map { (name: $0.name, value: $0.value) } + [(name: "pod", value: pod)]), point: PromPoint(time: at, value: 3))
        }
        // timestamp() answers without a metric name; a's scrape is 4.5 s old, b's stamp is later
        // than the query (never moves a read later), c has none.
        let stamps = [
            PromInstantSample(name: nil, labels: ["pod": "a"], point: PromPoint(time: at, value: at - 4.5)),
            PromInstantSample(name: nil, labels: ["pod": "b"], point: PromPoint(time: at, value: at + 1)),
            PromInstantSample(name: nil, labels: ["pod": "c", "x": "y"], point: PromPoint(time: at, value: .nan)),
        ]
        let reads = PromSourceSplit.stamped(PromSourceSplit.reads(vector, by: "pod"), with: stamps, by: "pod")
        #expect(reads.map(\.source) == ["a", "b", "c"])
        #expect(reads.map(\.time) == [at - 4.5, at, at])
        #expect(reads.map(\.samples.count) == [1, 1, 1])
    }
}
