import CanaryCore

/// Reads `web`'s sidecar stats from a Prometheus server: instant queries of the raw counters
/// and `_bucket` series (never `rate` or `increase`, which extrapolate: the counts must be
/// exact integers), and at start a `query_range` of the same series to back-fill the board.
///
/// Two selectors are asked (and the uptime's `timestamp()`, to time each read by its scrape): the cluster series with `--selector` (default
/// `local_cluster="web",consul_destination_service="<service>"`), and `envoy_server_uptime`
/// with the selector's matchers that are not about the destination (Consul's fixed tags such as
/// `local_cluster` are on every stat). Series are cut into one read per scrape target by
/// `sourceLabel` (`instance`), so each replica is differenced and restart-checked on its own.
public struct PrometheusReader: Sendable {
    /// The server as given (`http://127.0.0.1:9090`), without a trailing `/`.
    public let base: String
    public let selector: [PromMatcher]
    /// The label that tells replicas apart.
    public let sourceLabel: String

    public init(base: String, selector: [PromMatcher], sourceLabel: String = "instance") {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
        self.selector = selector
        self.sourceLabel = sourceLabel
    }

    /// The counters, gauges and buckets canarytop reads, by name.
    static let clusterMetrics = [
        "upstream_rq_xx", "retry_upstream_rq_xx", "upstream_rq_completed", "upstream_rq_total", "upstream_rq_timeout",
        "upstream_cx_connect_fail", "upstream_rq_rx_reset", "upstream_rq_pending_overflow", "upstream_rq_active",
        "upstream_rq_time_bucket", "upstream_rq_time_sum",
    ]

    /// The PromQL of the two queries: the cluster series, and the uptime.
    public var queries: [String] {
        let names = "__name__=~\"envoy_cluster_(\(Self.clusterMetrics.joined(separator: "|")))\""
        let cluster = "{" + ([names] + selector.map(\.description)).joined(separator: ",") + "}"
        let local = selector.filter { !$0.label.hasPrefix("consul_destination_") && !$0.label.hasPrefix("consul_service") }
        let uptime = EnvoyStat.uptimeMetric + "{" + local.map(\.description).joined(separator: ",") + "}"
        return [cluster, uptime]
    }

    /// When each target was last scraped: `timestamp()` of its uptime, so a read is timed by
    /// its data rather than by the query (the data's age on the screen is the sample's).
    public var stampQuery: String { "timestamp(" + queries[1] + ")" }

    /// The series now (evaluated at `time`, Unix seconds, when given), one read per replica,
    /// each timed by its target's last scrape.
    public func instant(_ http: any StatsHTTP, timeout: Double, time: Double? = nil) async throws(StatsFetchError) -> [PromSourceSplit.Read] {
        var vector: [PromInstantSample] = []
        for query in queries {
            vector += try await instantVector(http, query: query, timeout: timeout, time: time)
        }
        let stamps = try await instantVector(http, query: stampQuery, timeout: timeout, time: time)
        return PromSourceSplit.stamped(PromSourceSplit.reads(vector, by: sourceLabel), with: stamps, by: sourceLabel)
    }

    private func instantVector(
        _ http: any StatsHTTP, query: String, timeout: Double, time: Double?
    ) async throws(StatsFetchError) -> [PromInstantSample] {
        var url = base + "/api/v1/query?query=" + ConsulClient.escape(query)
        if let time { url += "&time=" + FixedPoint.format(time, digits: 3) }
        guard case .vector(let samples) = try await result(http, url: url, timeout: timeout) else {
            throw StatsFetchError("\(shownBase): the instant query did not answer a vector")
        }
        return samples
    }

    /// The series from `start` to `end` (Unix seconds) every `step` seconds, as reads in time order.
    public func range(
        _ http: any StatsHTTP, timeout: Double, start: Double, end: Double, step: Double
    ) async throws(StatsFetchError) -> [PromSourceSplit.Read] {
        var matrix: [PromRangeSeries] = []
        for query in queries {
            let url = base + "/api/v1/query_range?query=" + ConsulClient.escape(query) + "&start=" + FixedPoint.format(start, digits: 3)
                + "&end=" + FixedPoint.format(end, digits: 3) + "&step=" + FixedPoint.format(step, digits: 3)
            guard case .matrix(let series) = try await result(http, url: url, timeout: timeout) else {
                throw StatsFetchError("\(shownBase): the range query did not answer a matrix")
            }
            matrix += series
        }
        return PromSourceSplit.reads(matrix, by: sourceLabel)
    }

    private var shownBase: String { TerminalSafe.clean(base, limit: 120) }

    private func result(_ http: any StatsHTTP, url: String, timeout: Double) async throws(StatsFetchError) -> PromQueryResult {
        let reply = try await http.get(url, timeout: timeout)
        let response: PromQueryResponse
        do {
            response = try PromQueryDecoder.decode(reply.body, label: "\(shownBase) (HTTP \(reply.status))")
        } catch {
            throw StatsFetchError(TerminalSafe.clean(error.description, limit: 300))
        }
        switch response.outcome {
        case .success(let result) where reply.status == 200:
            return result
        case .success:
            throw StatsFetchError("\(shownBase): HTTP \(reply.status)")
        case .failure(let failure):
            throw StatsFetchError("\(shownBase): HTTP \(reply.status): \(failure.description)")
        }
    }
}
