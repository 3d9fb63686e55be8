/// `/metrics` as text: a ``MetricsSample`` in the Prometheus text format 0.0.4 or OpenMetrics 1.0.0.
///
/// Families come in a fixed order, each with `# HELP` and `# TYPE` (OpenMetrics also `# UNIT`
/// for the histogram, names its counters without `_total` in the metadata and ends with
/// `# EOF`). A family with no series (no splitter followed, no verdict yet, no passive source)
/// is left out.
/// Label values are escaped as both formats require (backslash, double quote, line feed).
public enum MetricsExposition {
    /// The metric names, for documentation and tests.
    public enum Name {
        public static let requests = "canarytop_requests_total"
        public static let probeFaults = "canarytop_probe_faults_total"
        public static let duration = "canarytop_request_duration_seconds"
        public static let weight = "canarytop_splitter_weight"
        public static let verdict = "canarytop_verdict"
        public static let epoch = "canarytop_epoch"
        public static let meshRequests = "canarytop_mesh_requests_total"
        public static let meshTimeouts = "canarytop_mesh_timeouts_total"
    }

    /// `sample` as `format` text, every line ending in a line feed.
    public static func render(_ sample: MetricsSample, format: MetricsFormat) -> String {
        var out = Writer(format: format)
        let service = ("service", sample.service)

        out.family(Name.requests, type: "counter", help: "Replies the probe received, by subset and status class (probes without a reply count in canarytop_probe_faults_total).")
        for row in sample.rows {
            for (codeClass, count) in zip(MetricsSample.CodeClass.allCases, row.replies) {
                out.sample(Name.requests, [service, ("subset", row.subset), ("code_class", codeClass.rawValue)], count: count)
            }
        }

        out.family(Name.probeFaults, type: "counter", help: "Probes that got no reply at all (no status, no subset), by fault class.")
        for (fault, count) in zip(ProbeFault.allCases, sample.faults) {
            out.sample(Name.probeFaults, [("class", fault.rawValue)], count: count)
        }

        out.family(Name.duration, type: "histogram", unit: "seconds", help: "Reply latency from the intended send time, per subset.")
        for row in sample.rows {
            let labels = [service, ("subset", row.subset)]
            for (index, cumulative) in row.buckets.cumulative.enumerated() {
                out.sample(Name.duration + "_bucket", labels + [("le", out.bound(row.buckets.upperBound(index)))], count: cumulative)
            }
            out.sample(Name.duration + "_sum", labels, value: row.sum)
            out.sample(Name.duration + "_count", labels, count: row.count)
        }

        if !sample.weights.isEmpty {
            out.family(Name.weight, type: "gauge", help: "The splitter's configured weight of each subset, as a fraction of the traffic (0 to 1).")
            for weight in sample.weights {
                out.sample(Name.weight, [service, ("subset", weight.subset)], value: weight.ratio)
            }
        }

        if !sample.verdicts.isEmpty {
            out.family(Name.verdict, type: "gauge", help: "Each canary's latest verdict against stable over the current epoch: 0 pass, 1 inconclusive, 2 fail.")
            for verdict in sample.verdicts {
                out.sample(Name.verdict, [service, ("subset", verdict.subset)], count: verdict.value)
            }
        }

        if !sample.mesh.isEmpty {
            out.family(Name.meshRequests, type: "counter", help: "Responses the mesh's sidecars counted (--envoy-admin, --prometheus), by subset and status class, since the watch began.")
            for row in sample.mesh {
                for (index, count) in row.responses.enumerated() {
                    out.sample(Name.meshRequests, [service, ("subset", row.subset), ("code_class", "\(index + 1)xx")], count: count)
                }
            }
            out.family(Name.meshTimeouts, type: "counter", help: "Requests the mesh's sidecars timed out (no response), by subset, since the watch began.")
            for row in sample.mesh {
                out.sample(Name.meshTimeouts, [service, ("subset", row.subset)], count: row.timeouts)
            }
        }

        out.family(Name.epoch, type: "gauge", help: "The current epoch: 1 at the start, plus one for every weight change.")
        out.sample(Name.epoch, [], count: sample.epoch)

        if format == .openMetrics { out.text += "# EOF\n" }
        return out.text
    }

    /// `value` as a label value inside double quotes: `\` → `\\`, `"` → `\"`, line feed → `\n`.
    public static func escapeLabelValue(_ value: String) -> String {
        PromLabels.escape(value)
    }

    private struct Writer {
        let format: MetricsFormat
        var text = ""

        init(format: MetricsFormat) {
            self.format = format
        }

        /// The `# TYPE`, `# UNIT` and `# HELP` lines of a family.
        mutating func family(_ name: String, type: String, unit: String? = nil, help: String) {
            switch format {
            case .text:
                text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            case .openMetrics:
                // OpenMetrics names a counter family without its `_total` suffix.
                let family = type == "counter" && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
                text += "# TYPE \(family) \(type)\n"
                if let unit { text += "# UNIT \(family) \(unit)\n" }
                text += "# HELP \(family) \(help)\n"
            }
        }

        mutating func sample(_ name: String, _ labels: [(String, String)], count: Int) {
            line(name, labels, String(count))
        }

        mutating func sample(_ name: String, _ labels: [(String, String)], value: Double) {
            line(name, labels, format == .text ? MetricsNumber.text(value) : MetricsNumber.openMetrics(value))
        }

        /// A bucket's `le`: `0.005`, `+Inf` (OpenMetrics: `1.0` for an integral bound).
        func bound(_ value: Double) -> String {
            format == .text ? MetricsNumber.text(value) : MetricsNumber.openMetrics(value)
        }

        private mutating func line(_ name: String, _ labels: [(String, String)], _ value: String) {
            text += name
            if !labels.isEmpty {
                text += "{" + labels.map { "\($0.0)=\"\(PromLabels.escape($0.1))\"" }.joined(separator: ",") + "}"
            }
            text += " " + value + "\n"
        }
    }
}
