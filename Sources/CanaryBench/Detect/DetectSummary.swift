import CanaryCore

/// What `bench detect` reports over the runs of each scenario.
public enum DetectSummary {
    /// One JSON object: per scenario its runs, the median and largest seconds, and the median
    /// canary requests judged at the FAIL.
    public static func json(_ results: [(scenario: String, runs: [DetectRun.Result])]) -> JSONValue {
        .object(results.map { name, runs in
            (name, .object([
                ("runs", .array(runs.map(\.json))),
                ("median_s", .number(median(runs.compactMap(\.seconds)))),
                ("max_s", .number(runs.compactMap(\.seconds).max())),
                ("median_canary_requests", .number(median(runs.compactMap { $0.judgedRequests.map(Double.init) }))),
            ]))
        })
    }

    /// `median 0.84 s, max 1.02 s; median 12 canary requests judged at the FAIL (target ≤ 2 s: met)`.
    public static func summary(_ runs: [DetectRun.Result], target: Double?) -> String {
        let seconds = runs.compactMap(\.seconds)
        let missed = runs.count - seconds.count
        guard let median = median(seconds), let max = seconds.max() else { return "no run rolled back" }
        var text = "median \(FixedPoint.format(median, digits: 2)) s, max \(FixedPoint.format(max, digits: 2)) s"
        if let requests = Self.median(runs.compactMap { $0.judgedRequests.map(Double.init) }) {
            text += "; median \(FixedPoint.format(requests, digits: requests == requests.rounded() ? 0 : 1)) canary requests judged at the FAIL"
        }
        if let target { text += max <= target ? " (target ≤ \(Int(target)) s: met)" : " (target ≤ \(Int(target)) s: NOT met)" }
        if missed > 0 { text += "; \(missed) run(s) did not roll back" }
        let kinds = Dictionary(grouping: runs.filter { $0.seconds != nil }, by: { $0.failedOn ?? "?" })
        if kinds.count > 1 {
            text += "\n  by the check that failed: " + kinds.sorted { $0.key < $1.key }.map { kind, runs in
                let s = Self.median(runs.compactMap(\.seconds)) ?? 0
                let n = Self.median(runs.compactMap { $0.judgedRequests.map(Double.init) }) ?? 0
                return "\(kind) \(runs.count) run(s), median \(FixedPoint.format(s, digits: 2)) s, \(FixedPoint.format(n, digits: 0)) requests"
            }.joined(separator: "; ")
        }
        return text
    }

    /// The median, or nil for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
