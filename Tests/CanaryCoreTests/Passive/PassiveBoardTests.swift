import Testing
@testable import CanaryCore

/// From Envoy's text to per-subset tallies: filter, classify, difference per series, sum.
@Suite struct PassiveBoardTests {
    /// What one subset's cluster has counted since the proxy started.
    struct Counts {
        var xx: [Int: Int] = [:]
        var completed = 0
        var sent = 0
        var timeouts = 0
        var connectFailures = 0
        var resets = 0
        var overflows = 0
        var retried5xx = 0
        var active = 0
        /// Cumulative per `le` (ms); `+Inf` is the total.
        var buckets: [(String, Int)] = []
        var sumMs = 0.0
    }

    /// `/stats/prometheus?usedonly` as `web`'s sidecar writes it (labels in shuffled orders).
    static func envoyText(_ subsets: [String: Counts], uptime: Int? = nil, service: String = "payments") -> String {
        var text = ""
        for (subset, c) in subsets.sorted(by: { $0.key < $1.key }) {
            let base = #"consul_destination_service="\#(service)",local_cluster="web",consul_destination_service_subset="\#(subset)",envoy_cluster_name="\#(subset.isEmpty ? service : subset)",consul_source_service="web""#
            for (digit, n) in c.xx.sorted(by: { $0.key < $1.key }) {
                text += "envoy_cluster_upstream_rq_xx{envoy_response_code_class=\"\(digit)\",\(base)} \(n)\n"
            }
            text += "envoy_cluster_upstream_rq_completed{\(base)} \(c.completed)\n"
            text += "envoy_cluster_upstream_rq_total{\(base)} \(c.sent)\n"
            if c.timeouts > 0 { text += "envoy_cluster_upstream_rq_timeout{\(base)} \(c.timeouts)\n" }
            if c.connectFailures > 0 { text += "envoy_cluster_upstream_cx_connect_fail{\(base)} \(c.connectFailures)\n" }
            if c.resets > 0 { text += "envoy_cluster_upstream_rq_rx_reset{\(base)} \(c.resets)\n" }
            if c.overflows > 0 { text += "envoy_cluster_upstream_rq_pending_overflow{\(base)} \(c.overflows)\n" }
            if c.retried5xx > 0 { text += "envoy_cluster_retry_upstream_rq_xx{\(base),envoy_response_code_class=\"5\"} \(c.retried5xx)\n" }
            text += "envoy_cluster_upstream_rq_active{\(base)} \(c.active)\n"
            for (le, n) in c.buckets { text += "envoy_cluster_upstream_rq_time_bucket{le=\"\(le)\",\(base)} \(n)\n" }
            text += "envoy_cluster_upstream_rq_time_sum{\(base)} \(c.sumMs)\n"
            text += "envoy_cluster_upstream_rq_time_count{\(base)} \(c.buckets.last?.1 ?? 0)\n"
        }
        text += #"envoy_cluster_upstream_rq_total{local_cluster="web",consul_destination_service="currency",consul_destination_service_subset=""} 999"# + "\n"
        text += #"envoy_cluster_upstream_rq_total{envoy_cluster_name="local_app"} 12345"# + "\n"
        text += "envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix=\"public_listener\"} 777\n"
        if let uptime { text += "envoy_server_uptime{} \(uptime)\n" }
        return text
    }

    static func board() -> PassiveBoard {
        PassiveBoard(filter: PassiveSeriesFilter(service: "payments", selector: PromMatcher.defaultSelector(service: "payments")))
    }

    static func read(_ board: inout PassiveBoard, _ source: String, _ t: Double, _ subsets: [String: Counts], uptime: Int? = nil) -> DeltaEngine.Step {
        let parsed = PromTextParser.parse(envoyText(subsets, uptime: uptime), keep: board.counts)
        #expect(parsed.problemCount == 0)
        return board.read(source: source, at: t, samples: parsed.samples)
    }

    @Test func tallyPerSubsetFromTwoReads() throws {
        var board = Self.board()
        var blue = Counts(xx: [2: 1000], completed: 1000, sent: 1001, buckets: [("10", 300), ("25", 990), ("50", 1000), ("+Inf", 1000)])
        var green = Counts(xx: [2: 500, 5: 10], completed: 510, sent: 512, timeouts: 4, buckets: [("10", 100), ("25", 480), ("50", 500), ("1000", 500), ("+Inf", 500)])
        let first = Self.read(&board, "web-1", 0, ["blue": blue, "green": green], uptime: 100)
        #expect(first.increases.isEmpty)
        blue.xx[2] = 1480
        blue.completed = 1480
        blue.sent = 1482
        blue.active = 2
        blue.buckets = [("10", 400), ("25", 1460), ("50", 1479), ("+Inf", 1480)]
        blue.sumMs = 9000
        green.xx = [2: 590, 4: 3, 5: 40]
        green.completed = 633
        green.sent = 640
        green.timeouts = 24
        green.connectFailures = 2
        green.resets = 5
        green.overflows = 1
        green.retried5xx = 7
        green.active = 5
        green.buckets = [("10", 110), ("25", 500), ("50", 560), ("1000", 590), ("+Inf", 593)]
        green.sumMs = 4000
        _ = Self.read(&board, "web-1", 5, ["blue": blue, "green": green], uptime: 105)
        let tallies = board.epochTallies
        #expect(tallies.subsets.map(\.subset) == ["blue", "green"])
        let b = try #require(tallies.tally("blue"))
        #expect(b.requests == 480 && b.http5xx == 0 && b.sent == 481 && b.completed == 480 && b.active == 2)
        #expect(b.latency.total == 480)
        #expect(b.latency.bounds == [0.01, 0.025, 0.05])
        #expect(b.latency.counts == [100, 370, 9, 1])
        #expect(b.latencySum == 9)
        let g = try #require(tallies.tally("green"))
        #expect(g.requests == 90 + 3 + 30 && g.http5xx == 30 && g.http4xx == 3 && g.byClass == [2: 90, 4: 3, 5: 30])
        #expect(g.timeouts == 20 && g.connectFailures == 2 && g.resets == 5 && g.pendingOverflows == 1 && g.retried5xx == 7)
        #expect(g.active == 5)
        #expect(g.latency.bounds == [0.01, 0.025, 0.05, 1])
        #expect(g.latency.counts == [10, 10, 40, 30, 3])
        #expect(g.clampedBuckets == 0)
        #expect(g.p99?.label == "p99 > 1000 ms [1000–+Inf]")
    }

    @Test func twoReplicasAreDifferencedApartThenSummed() throws {
        var board = Self.board()
        // The reference page's example as green's 5xx on two pods, one restarted (uptime drop).
        let a = [17, 19, 0, 2], b = [40, 41, 41, 44]
        for step in 0..<4 {
            let t = Double(step * 15)
            _ = Self.read(&board, "pod-a", t, ["green": Counts(xx: [5: a[step]])], uptime: step < 2 ? 1000 + step * 15 : 1 + (step - 2) * 15)
            _ = Self.read(&board, "pod-b", t, ["green": Counts(xx: [5: b[step]])], uptime: 5000 + step * 15)
        }
        let green = try #require(board.epochTallies.tally("green"))
        #expect(green.http5xx == 8)
        #expect(green.requests == 8)
        #expect(board.engine.restartsThisEpoch == 1)
    }

    @Test func aTargetWithoutSubsetIsItsOwnRow() throws {
        var board = Self.board()
        _ = Self.read(&board, "r", 0, ["": Counts(xx: [2: 5])])
        _ = Self.read(&board, "r", 1, ["": Counts(xx: [2: 9])])
        let tallies = board.epochTallies
        #expect(tallies.subsets.map(\.subset) == [nil])
        #expect(tallies.tally(nil)?.requests == 4)
    }

    @Test func completedIsTheFallbackWithoutClassSeries() throws {
        var board = Self.board()
        _ = Self.read(&board, "r", 0, ["blue": Counts(completed: 10)])
        _ = Self.read(&board, "r", 1, ["blue": Counts(completed: 25)])
        #expect(board.epochTallies.tally("blue")?.requests == 15)
    }

    @Test func onlyCountedSeriesAreKept() {
        let board = Self.board()
        let parsed = PromTextParser.parse(Self.envoyText(["blue": Counts(xx: [2: 1])], uptime: 3), keep: board.counts)
        // Other services, the local app, listener stats: dropped as they are read.
        #expect(parsed.filteredSamples == 3)
        #expect(parsed.samples.contains { $0.name == EnvoyStat.uptimeMetric })
        #expect(!parsed.samples.contains { $0.labels["consul_destination_service"] == "currency" })
    }

    @Test func unfilteredReadsAreIgnoredAndCounted() {
        var board = Self.board()
        let parsed = PromTextParser.parse(Self.envoyText(["blue": Counts(xx: [2: 1])]))
        board.read(source: "r", at: 0, samples: parsed.samples)
        #expect(board.ignoredSamples == 3)
    }

    @Test func epochsRestartTheTallies() throws {
        var board = Self.board()
        _ = Self.read(&board, "r", 0, ["blue": Counts(xx: [2: 10])])
        _ = Self.read(&board, "r", 1, ["blue": Counts(xx: [2: 30])])
        board.startEpoch(at: 1.5)
        #expect(board.epochTallies.tally("blue")?.requests == 0)
        _ = Self.read(&board, "r", 2, ["blue": Counts(xx: [2: 31])])
        #expect(board.epochTallies.tally("blue")?.requests == 1)
        #expect(board.engine.epoch == 2)
    }

    @Test func gaugesAreTheLatestReadOfEachSource() throws {
        var board = Self.board()
        _ = Self.read(&board, "a", 0, ["blue": Counts(active: 3)])
        _ = Self.read(&board, "b", 0, ["blue": Counts(active: 4)])
        _ = Self.read(&board, "a", 1, ["blue": Counts(active: 1)])
        #expect(board.epochTallies.tally("blue")?.active == 5)
        board.forgetGauges(of: "b")
        #expect(board.epochTallies.tally("blue")?.active == 1)
    }

    @Test func classifiesEnvoyStats() {
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_xx", labels: ["envoy_response_code_class": "5"]) == .responses(codeClass: 5))
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_xx", labels: ["envoy_response_code_class": "x"]) == nil)
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_xx", labels: [:]) == nil)
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_time_bucket", labels: ["le": "+Inf"]) == .latencyBucket(le: .infinity))
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_time_bucket", labels: ["le": "1800000"]) == .latencyBucket(le: 1_800_000))
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_time_bucket", labels: [:]) == nil)
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq", labels: ["envoy_response_code": "503"]) == nil)
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_active", labels: [:])?.isGauge == true)
        #expect(EnvoyStat.classify(name: "envoy_cluster_upstream_rq_total", labels: [:])?.isGauge == false)
        #expect(EnvoyStat.classify(name: "envoy_server_uptime", labels: [:]) == nil)
    }
}
