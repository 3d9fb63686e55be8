import CanaryApp
import CanaryCore
import CanaryProbe
import CanaryStore

/// What `watch` prints: the tallies as JSON or as a text table, for the whole run so far.
///
/// Counts cover every epoch of the run (a weight change starts a new epoch); when the weights
/// changed during the run, `current_epoch` repeats the rows for the epoch in force. Latencies
/// are in milliseconds, shares are fractions of the attributed replies with a 95 % Wilson
/// interval, weights are the configured percentages.
struct WatchReport {
    var totals: TallyCollector.Totals
    var counts: ProbeRunner.Counts
    var settings: ProbeSettings
    var weights: ConfiguredWeights?
    /// Seconds since the probe started.
    var elapsed: Double
    /// The canaries' verdicts and how an `--until` run ended (the final summary only).
    var verdicts: VerdictReport? = nil
    /// Whether the probe sent (`--probe off`: the mesh alone).
    var probing = true
    /// The mesh's counts, with a passive source.
    var mesh: MeshReport?

    init(_ figures: HeadlessWatch.Figures, verdicts: VerdictReport? = nil) {
        totals = figures.totals
        counts = figures.counts
        settings = figures.settings
        weights = figures.weights
        elapsed = figures.elapsed
        self.verdicts = verdicts
        probing = figures.probing
        mesh = figures.passive.map { MeshReport(passive: $0, totals: figures.passiveTotals) }
    }

    // MARK: - JSON

    var json: JSONValue {
        let run = totals.run
        var fields: [(String, JSONValue)] = [
            ("requests", .int(run.replies + run.probeFaults.count)),
            ("replies", .int(run.replies)),
            ("elapsed_s", .number(Self.round(elapsed, 3))),
            ("target", .string(settings.target.description)),
            ("rate", rateJSON),
            ("concurrency", .int(settings.concurrency)),
        ]
        fields += viewFields(run)
        fields.append(("sends", .object([
            ("sent", .int(counts.sent)), ("in_flight", .int(counts.inFlight)),
            ("late", .int(counts.late)), ("skipped", .int(counts.skipped)), ("retried", .int(counts.retried)),
        ])))
        let live = totals.live
        fields.append(("epoch", .object([
            ("number", .int(live.epoch)), ("started_s", .number(Self.round(live.epochStart, 3))),
        ])))
        fields.append(("current_epoch", live.epoch > 1 ? .object(viewFields(live.sinceEpoch)) : .null))
        fields.append(("probe", .string(probing ? "on" : "off")))
        if let mesh { fields.append(("mesh", mesh.json)) }
        if let verdicts { fields += verdicts.jsonFields }
        return .object(fields)
    }

    private var rateJSON: JSONValue {
        switch settings.pace {
        case .closed: return .string("max")
        case .open(let rate): return .number(rate)
        }
    }

    private func viewFields(_ view: TallySnapshot.View) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("subsets", .array(view.subsets.map(rowJSON)))]
        if let other = view.otherSubsets { fields.append(("other_subsets", rowJSON(other))) }
        fields.append(("unattributed", rowJSON(view.unattributed)))
        let faults = view.probeFaults
        fields.append(("probe_errors", .object([
            ("requests", .int(faults.count)),
            ("by_class", .object(ProbeFault.allCases.map { ($0.rawValue, .int(faults.byFault[$0.rawValue] ?? 0)) })),
            ("latency_ms", latencyJSON(faults.latency)),
        ])))
        return fields
    }

    private func rowJSON(_ row: TallySnapshot.Row) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            // Names and error texts can come from the network (a hop's name, its error): cleaned,
            // so the JSON shown in a terminal is inert too (JSON escapes only C0 and C1).
            ("name", .string(TerminalSafe.clean(row.name))), ("requests", .int(row.requests)),
            ("http_5xx", .int(row.http5xx)), ("http_4xx", .int(row.http4xx)), ("http_3xx", .int(row.http3xx)),
            ("failed", .int(row.failed)),
            ("classes", .object(row.classes.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("latency_ms", latencyJSON(row.latency)),
            ("req_per_s", .number(row.requestsPerSecond.map { Self.round($0, 3) })),
        ]
        if let share = row.share {
            fields.append(("share", share.trials == 0 ? .null : .object([
                ("observed", .number(share.observed.map { Self.round($0, 4) })),
                ("lower", .number(Self.round(share.lower, 4))), ("upper", .number(Self.round(share.upper, 4))),
            ])))
            fields.append(("weight", .number(weights?.percent(of: row.name))))
        }
        fields.append(("recent_errors", .array(row.recentErrors.map {
            .object([("text", .string(TerminalSafe.clean($0.text, limit: 400))), ("count", .int($0.count))])
        })))
        return .object(fields)
    }

    private func latencyJSON(_ summary: TallySnapshot.LatencySummary?) -> JSONValue {
        guard let summary else { return .null }
        return .object([
            ("p50", .number(Self.round(summary.p50 * 1000, 3))), ("p90", .number(Self.round(summary.p90 * 1000, 3))),
            ("p99", .number(Self.round(summary.p99 * 1000, 3))), ("max", .number(Self.round(summary.max * 1000, 3))),
        ])
    }

    static func round(_ value: Double, _ digits: Int) -> Double { FixedPoint.round(value, digits) }

    // MARK: - Text

    /// One line for `--report-every`.
    var line: String {
        let run = totals.run
        var parts = ["t=\(FixedPoint.format(elapsed, digits: 1))s", "requests=\(run.replies + run.probeFaults.count)"]
        for row in run.subsets { parts.append("\(TerminalSafe.clean(row.name, limit: 40))=\(row.requests)") }
        parts.append("unattributed=\(run.unattributed.requests)")
        parts.append("probe_errors=\(run.probeFaults.count)")
        if counts.late > 0 || counts.skipped > 0 { parts.append("late=\(counts.late) skipped=\(counts.skipped)") }
        if totals.live.epoch > 1 { parts.append("epoch=\(totals.live.epoch)") }
        if let mesh {
            parts.append("mesh_reads=\(mesh.passive.reads) mesh_faults=\(mesh.passive.faults)")
            for t in mesh.passive.subsets { parts.append("mesh_\(TerminalSafe.clean(PassiveSnapshot.name(of: t), limit: 40))=\(t.requests)") }
        }
        return parts.joined(separator: " ")
    }

    /// The summary table.
    var table: String {
        if !probing, let mesh { return meshTable(mesh) }
        let run = totals.run
        var out: [String] = []
        let pace: String
        switch settings.pace {
        case .closed: pace = "closed loop at full speed"
        case .open(let rate): pace = "open loop at \(FixedPoint.format(rate, digits: rate == rate.rounded() ? 0 : 2)) req/s"
        }
        out.append(
            "\(TerminalSafe.clean(settings.target.description)): \(run.replies + run.probeFaults.count) requests in "
                + "\(FixedPoint.format(elapsed, digits: 1)) s (\(pace), concurrency \(settings.concurrency)), epoch \(totals.live.epoch)")
        var rows: [[String]] = [["subset", "requests", "share", "95% CI", "weight", "5xx", "4xx", "p50 ms", "p90 ms", "p99 ms", "max ms"]]
        func ms(_ v: Double?) -> String { v.map { FixedPoint.format($0 * 1000, digits: 1) } ?? "-" }
        func pct(_ v: Double?) -> String { v.map { FixedPoint.format($0 * 100, digits: 1) + "%" } ?? "-" }
        for row in run.subsets + [run.otherSubsets, run.unattributed].compactMap({ $0 }) {
            let share = row.share.flatMap { $0.trials > 0 ? $0 : nil }
            let weight = row.share == nil ? nil : weights?.percent(of: row.name)
            rows.append([
                TerminalSafe.clean(row.name, limit: 24), String(row.requests), pct(share?.observed),
                share.map { "\(pct($0.lower))–\(pct($0.upper))" } ?? "-",
                weight.map { FixedPoint.format($0, digits: 2) + "%" } ?? "-",
                String(row.http5xx), String(row.http4xx),
                ms(row.latency?.p50), ms(row.latency?.p90), ms(row.latency?.p99), ms(row.latency?.max),
            ])
        }
        out += Self.align(rows)
        let faults = run.probeFaults
        let classes = ProbeFault.allCases.compactMap { f in faults.byFault[f.rawValue].map { "\(f.rawValue) \($0)" } }
        out.append("probe errors: \(faults.count)" + (classes.isEmpty ? "" : " (" + classes.joined(separator: ", ") + ")"))
        let waiting = counts.inFlight > 0 ? "\(counts.inFlight) still in flight (not waited for), " : ""
        out.append("sends: \(waiting)\(counts.late) late, \(counts.skipped) skipped, \(counts.retried) retried on a fresh connection")
        if let mesh { out.append(mesh.line) }
        if let verdicts { out += verdicts.lines }
        return out.joined(separator: "\n")
    }

    /// With `--probe off`: the mesh's counts over the whole run, per subset, in place of the
    /// probe's (it sent nothing, so its target, pace and empty rows would only mislead).
    private func meshTable(_ mesh: MeshReport) -> String {
        var out = ["\(TerminalSafe.clean(mesh.passive.label)) (probe off): the mesh's requests over "
            + "\(FixedPoint.format(elapsed, digits: 1)) s, epoch \(totals.live.epoch)"]
        var rows: [[String]] = [["subset", "requests", "weight", "5xx", "4xx", "timeouts", "connect failures", "p50", "p99"]]
        for name in mesh.totals.keys.sorted() {
            guard let t = mesh.totals[name] else { continue }
            let weight = t.subset.flatMap { weights?.percent(of: $0) }
            rows.append([
                TerminalSafe.clean(PassiveSnapshot.name(of: t), limit: 24), String(t.requests),
                weight.map { FixedPoint.format($0, digits: 2) + "%" } ?? "-", String(t.http5xx), String(t.http4xx),
                String(t.timeouts), String(t.connectFailures), t.p50?.value ?? "-", t.p99?.value ?? "-",
            ])
        }
        out += Self.align(rows)
        out.append(mesh.line)
        if let verdicts { out += verdicts.lines }
        return out.joined(separator: "\n")
    }

    /// Left-aligns the first column and right-aligns the others.
    static func align(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = first.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c == 0 ? row[c] + pad : pad + row[c]
            }.joined(separator: "  ")
        }
    }
}
