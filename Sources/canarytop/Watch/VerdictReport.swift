import CanaryApp
import CanaryCore

/// What a headless watch adds to its summary about the canaries: each verdict with its checks,
/// and with `--until` the goal, how the run ended, its exit status and the rollout's finish.
struct VerdictReport {
    var verdicts: [CanaryVerdict]
    var goal: HeadlessGoal?
    var ending: HeadlessEnding
    var finish: RolloutState.Finish?
    /// The writes canarytop made on its own, with when (seconds since the start).
    var writes: [HeadlessRuntime.Write]
    var rollbackPending: Bool
    /// Why there are no verdicts, when that is known (no stable subset).
    var missing: String?

    /// ``missing`` when the run had no stable subset.
    static let noStableSubset = "no stable subset: give --splitter (with --resolver) or --stable"

    /// The exit status: the ending's with `--until`, else 0.
    var exitCode: Int32 { goal == nil ? 0 : ending.exitCode }

    // MARK: - JSON

    var jsonFields: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("verdicts", .array(verdicts.map(Self.json)))]
        fields.append(("until", .string(goal?.rawValue)))
        fields.append(("result", goal == nil ? .null : .string(ending.name)))
        fields.append(("exit", goal == nil ? .null : .int(Int(exitCode))))
        var rollout: [(String, JSONValue)] = []
        switch finish {
        case .promoted?: rollout = [("finish", .string("promoted")), ("reason", .null)]
        case .rolledBack(let reason)?: rollout = [("finish", .string("rolled_back")), ("reason", .string(reason))]
        case nil: rollout = [("finish", .null), ("reason", .null)]
        }
        rollout.append(("rollback_pending", .bool(rollbackPending)))
        rollout.append(("writes", .array(writes.map {
            .object([("t_s", .number(WatchReport.round($0.time, 3))), ("summary", .string($0.summary)), ("ok", .bool($0.succeeded))])
        })))
        fields.append(("rollout", .object(rollout)))
        return fields
    }

    static func json(_ v: CanaryVerdict) -> JSONValue {
        .object([
            ("canary", .string(v.canary)), ("stable", .string(v.stable)), ("outcome", .string(v.outcome.name)),
            ("more_requests", .int(v.moreRequests)),
            ("seconds_to_signal", .number(v.secondsToSignal.map { WatchReport.round($0, 3) })),
            ("canary_requests", .int(v.canaryRequests)), ("stable_requests", .int(v.stableRequests)),
            ("slow_in_flight_charged", .int(v.slowInFlightCharged)),
            ("reason", .string(v.reason)),
            ("checks", .array(v.checks.map(json))),
        ])
    }

    static func json(_ c: VerdictCheck) -> JSONValue {
        .object([
            ("kind", .string(c.kind.rawValue)), ("outcome", .string(c.outcome.name)),
            ("counts", .object([
                ("canary_bad", .int(c.canaryBad)), ("canary_total", .int(c.canaryTotal)),
                ("stable_bad", .int(c.stableBad)), ("stable_total", .int(c.stableTotal)),
            ])),
            ("p_value", .number(c.pValue)), ("effect", .number(c.effect)), ("threshold", .number(c.threshold)),
            ("ratio", .number(c.ratio)), ("required_requests", .int(c.requiredRequests)),
            ("summary", .string(c.summary)),
        ])
    }

    // MARK: - Text

    /// A line per canary, then (with `--until`) how the run ended.
    var lines: [String] {
        var out = verdicts.map { "verdict: " + TerminalSafe.clean($0.reason, limit: 400) }
        if verdicts.isEmpty { out.append("verdict: none" + (missing.map { " (\($0))" } ?? "")) }
        for write in writes {
            out.append("wrote at \(FixedPoint.format(write.time, digits: 2)) s: \(write.succeeded ? "" : "FAILED: ")\(write.summary)")
        }
        switch finish {
        case .promoted?: out.append("rollout: promoted")
        case .rolledBack(let reason)?: out.append("rollout: rolled back (\(reason))")
        case nil: if rollbackPending { out.append("rollout: the guard's rollback was not written before the run ended") }
        }
        if let goal { out.append("until \(goal.rawValue): \(Self.label(ending)) (exit \(exitCode))") }
        return out
    }

    static func label(_ ending: HeadlessEnding) -> String {
        switch ending {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .promoted: return "promoted"
        case .rolledBack: return "rolled back"
        case .timedOut: return "not reached before --timeout"
        case .probeEnded: return "not reached before the probe ended"
        }
    }
}
