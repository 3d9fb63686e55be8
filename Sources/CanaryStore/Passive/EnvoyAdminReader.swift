import CanaryCore

/// Reads one `web` replica's sidecar: `GET <admin>/stats/prometheus?usedonly&filter=<regex>` on
/// Envoy's admin API or its `/stats`-only listener (`envoy_stats_bind_addr`). Only GET, never a
/// reset.
///
/// The filter keeps the server's uptime (to tell restarts) and the upstream cluster stats of
/// the one service (`cluster.[<prefix>~][<subset>.]payments.….upstream_rq…`); the parser then
/// keeps only what ``PassiveBoard`` counts. A reply that is not 200, or does not read at all,
/// is a fault; a bad line inside a good reply is a counted problem.
public struct EnvoyAdminReader: Sendable {
    /// The admin address as given (`http://127.0.0.1:19000`), without a trailing `/`.
    public let base: String
    /// The full URL read.
    public let url: String

    /// A reader of `base` for the stats of `service`'s clusters.
    public init(base: String, service: String) {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
        url = trimmed + "/stats/prometheus?usedonly&filter=" + ConsulClient.escape(Self.filter(service: service))
    }

    /// Envoy's `filter` regex (matched against the dotted stat names, before tags are taken out).
    public static func filter(service: String) -> String {
        let name = escapeRegex(service)
        return "^server\\.uptime$|^cluster\\.([^.]*~)?([^.]+\\.)?\(name)\\.[^.]+\\..*\\.(upstream_rq|upstream_cx_connect_fail|retry\\.upstream_rq)"
    }

    /// One read: the samples `keep` accepts, and the text's problems.
    public struct Read: Sendable {
        public var samples: [PromSample]
        public var problems: Int
        /// `3 bad lines (line 4: …)`, when there were any.
        public var problemSummary: String?
    }

    /// Reads the replica now.
    public func read(_ http: any StatsHTTP, timeout: Double, keep: (PromSample) -> Bool) async throws(StatsFetchError) -> Read {
        let reply = try await http.get(url, timeout: timeout)
        guard reply.status == 200 else {
            let text = TerminalSafe.clean(String(decoding: reply.body.prefix(120), as: UTF8.self), limit: 80)
            throw StatsFetchError("\(TerminalSafe.clean(base, limit: 120)): HTTP \(reply.status)\(text.isEmpty ? "" : ": \(text)")")
        }
        let exposition = PromTextParser.parse(reply.body, keep: keep)
        if exposition.samples.isEmpty, exposition.problemCount > 0, exposition.problemCount == exposition.lines {
            throw StatsFetchError("\(TerminalSafe.clean(base, limit: 120)): not Prometheus text (\(exposition.problemSummary ?? ""))")
        }
        return Read(samples: exposition.samples, problems: exposition.problemCount, problemSummary: exposition.problemSummary)
    }

    static func escapeRegex(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
