import CanaryApp
import CanaryCore

/// What a headless watch adds to its summary about the mesh's own counts (`--envoy-admin`,
/// `--prometheus`): the source and its reads, and per subset the current epoch's and the whole
/// run's counts, the percentiles as bucket brackets.
struct MeshReport {
    var passive: PassiveSnapshot
    /// Each subset over the whole run (every epoch), by row name.
    var totals: [String: PassiveSubsetTally]

    var json: JSONValue {
        .object([
            ("source", .string(passive.label)), ("reads", .int(passive.reads)), ("faults", .int(passive.faults)),
            ("last_fault", .string(passive.lastFault)), ("bad_lines", .int(passive.problems)),
            ("resets", .int(passive.resets)), ("restarts", .int(passive.restarts)),
            ("epoch_s", .number(FixedPoint.round(passive.epochSeconds, 3))),
            ("current_epoch", .array(passive.subsets.map(Self.json))),
            ("run", .array(totals.keys.sorted().map { Self.json(totals[$0]!) })),
        ])
    }

    static func json(_ t: PassiveSubsetTally) -> JSONValue {
        .object([
            ("name", .string(TerminalSafe.clean(PassiveSnapshot.name(of: t), limit: 80))), ("requests", .int(t.requests)),
            ("5xx", .int(t.http5xx)), ("4xx", .int(t.http4xx)), ("timeouts", .int(t.timeouts)),
            ("connect_failures", .int(t.connectFailures)), ("retried_5xx", .int(t.retried5xx)), ("sent", .int(t.sent)),
            ("timed", .int(t.latency.total)), ("p50", .string(t.p50?.label)), ("p99", .string(t.p99?.label)),
        ])
    }

    /// `mesh (envoy ×2, 12 reads, 0 faults): blue 480 (0 5xx, 0 timeouts, p99 ≈ 24 ms [10–25]) …`.
    var line: String {
        let rows = passive.subsets.map { t in
            "\(TerminalSafe.clean(PassiveSnapshot.name(of: t), limit: 40)) \(t.requests) (\(t.http5xx) 5xx, \(t.timeouts) timeouts, \(t.p99?.label ?? "p99 -"))"
        }
        return "mesh (\(passive.label), \(passive.reads) reads, \(passive.faults) faults): "
            + (rows.isEmpty ? "no requests this epoch" : rows.joined(separator: "; "))
    }
}
