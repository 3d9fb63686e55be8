import CanaryCore

/// The text Envoy's `GET /stats/prometheus` answers for `web`'s sidecar: `# TYPE` lines, no
/// HELP, Consul's stats tags as labels (in no particular order, as Envoy's), histogram bounds
/// printed plainly (`1800000`). Pure: made from the counts it is given.
enum SidecarStatsText {
    /// Consul's cluster name for `subset` of payments.
    static func clusterName(_ subset: String) -> String {
        "\(subset).\(DemoTopology.service).default.dc1.internal.\(EnvoySidecar.trustDomain)"
    }

    /// The labels of every stat of `subset`'s cluster, in the order Envoy happens to print them.
    static func labels(_ subset: String) -> [(String, String)] {
        [
            ("consul_source_service", "web"), ("consul_destination_service_subset", subset), ("local_cluster", "web"),
            ("consul_destination_target", "\(subset).\(DemoTopology.service).default.dc1"), ("envoy_cluster_name", subset),
            ("consul_destination_service", DemoTopology.service), ("consul_service_subset", subset),
            ("consul_service", DemoTopology.service), ("consul_destination_namespace", "default"),
            ("consul_destination_partition", "default"), ("consul_destination_datacenter", "dc1"),
            ("consul_destination_custom_hash", ""), ("consul_source_datacenter", "dc1"), ("consul_source_namespace", "default"),
        ]
    }

    /// The whole answer: `live` counters, `flushed` histograms, the uptime as of the last flush.
    /// `keep` is asked with each stat's dotted name (`cluster.<name>.upstream_rq_2xx`).
    static func render(
        live: [String: SidecarCounts], flushed: [String: SidecarCounts], uptime: Int, usedOnly: Bool,
        keep: (String) -> Bool
    ) -> String {
        var families: [(name: String, type: String, lines: [String])] = []
        func add(_ family: String, _ type: String, _ line: String) {
            if let index = families.firstIndex(where: { $0.name == family }) {
                families[index].lines.append(line)
            } else {
                families.append((family, type, [line]))
            }
        }
        func text(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        }
        let subsets = live.keys.sorted()
        for subset in subsets {
            let counts = live[subset]!
            let stat = "cluster.\(clusterName(subset))."
            let labels = labels(subset)
            func counter(_ dotted: String, _ family: String, _ value: Int, extra: [(String, String)] = []) {
                guard keep(stat + dotted), !usedOnly || value > 0 else { return }
                add(family, "counter", "\(family)\(text(labels + extra)) \(value)")
            }
            counter("upstream_rq_total", "envoy_cluster_upstream_rq_total", counts.sent)
            counter("upstream_rq_completed", "envoy_cluster_upstream_rq_completed", counts.completed)
            for digit in 1...5 {
                counter("upstream_rq_\(digit)xx", "envoy_cluster_upstream_rq_xx", counts.byClass[digit, default: 0],
                        extra: [("envoy_response_code_class", "\(digit)")])
            }
            counter("upstream_rq_timeout", "envoy_cluster_upstream_rq_timeout", counts.timeouts)
            counter("upstream_cx_connect_fail", "envoy_cluster_upstream_cx_connect_fail", counts.connectFailures)
            if keep(stat + "upstream_rq_active") {
                add("envoy_cluster_upstream_rq_active", "gauge", "envoy_cluster_upstream_rq_active\(text(labels)) \(counts.active)")
            }
        }
        for subset in flushed.keys.sorted() {
            let counts = flushed[subset]!
            guard counts.timed > 0 || !usedOnly, keep("cluster.\(clusterName(subset)).upstream_rq_time") else { continue }
            let labels = labels(subset)
            var cumulative = 0
            let bounds = EnvoyStat.defaultLatencyBoundsMilliseconds.map { BucketQuantile.number($0) } + ["+Inf"]
            for (index, bound) in bounds.enumerated() {
                cumulative += counts.buckets[index]
                add("envoy_cluster_upstream_rq_time", "histogram",
                    "envoy_cluster_upstream_rq_time_bucket\(text(labels + [("le", bound)])) \(cumulative)")
            }
            add("envoy_cluster_upstream_rq_time", "histogram",
                "envoy_cluster_upstream_rq_time_sum\(text(labels)) \(FixedPoint.format(counts.latencySum, digits: 0))")
            add("envoy_cluster_upstream_rq_time", "histogram", "envoy_cluster_upstream_rq_time_count\(text(labels)) \(counts.timed)")
        }
        if keep("server.uptime") {
            add("envoy_server_uptime", "gauge",
                "envoy_server_uptime\(text([("local_cluster", "web"), ("consul_source_service", "web")])) \(uptime)")
        }
        var out = ""
        for family in families {
            out += "# TYPE \(family.name) \(family.type)\n"
            for line in family.lines { out += line + "\n" }
        }
        return out
    }
}
