/// A ``CanaryVerdict`` in a recording's end line: every figure, so a replay prints the same
/// verdicts as the run recorded.
enum VerdictCodec {
    static func json(_ v: CanaryVerdict) -> JSONValue {
        .object([
            ("canary", .string(v.canary)), ("stable", .string(v.stable)), ("outcome", outcome(v.outcome)),
            ("canary_requests", .int(v.canaryRequests)), ("stable_requests", .int(v.stableRequests)),
            ("slow_in_flight_charged", .int(v.slowInFlightCharged)), ("canary_rate", .number(v.canaryRate)),
            ("checks", .array(v.checks.map(json))),
        ])
    }

    static func json(_ c: VerdictCheck) -> JSONValue {
        .object([
            ("kind", .string(c.kind.rawValue)), ("outcome", outcome(c.outcome)),
            ("stable_bad", .int(c.stableBad)), ("stable_total", .int(c.stableTotal)),
            ("canary_bad", .int(c.canaryBad)), ("canary_total", .int(c.canaryTotal)),
            ("p", .number(c.pValue)), ("effect", .number(c.effect)), ("threshold", .number(c.threshold)),
            ("ratio", .number(c.ratio)), ("required", .int(c.requiredRequests)),
            ("latency", c.latency.map { l in
                .object([
                    ("stable_p50", .number(l.stableP50)), ("canary_p50", .number(l.canaryP50)),
                    ("stable_p99", .number(l.stableP99)), ("canary_p99", .number(l.canaryP99)),
                    ("limit", .number(l.limit)), ("u", .number(l.u)), ("mann_whitney_p", .number(l.mannWhitneyP)),
                    ("tail_p", .number(l.tailP)),
                ])
            } ?? .null),
        ])
    }

    /// `"pass"`, `"fail"`, or `{"inconclusive": more}`.
    static func outcome(_ o: CanaryVerdict.Outcome) -> JSONValue {
        switch o {
        case .pass: return .string("pass")
        case .fail: return .string("fail")
        case .inconclusive(let more): return .object([("inconclusive", .int(more))])
        }
    }

    static func verdict(_ node: ConfigNode) throws(RecordingLineError) -> CanaryVerdict {
        let f = try RecordFields(node, "a verdict")
        var checks: [VerdictCheck] = []
        for item in try f.list("checks") { checks.append(try check(item)) }
        return CanaryVerdict(
            canary: try f.string("canary"), stable: try f.string("stable"), outcome: try outcome(f.value("outcome")),
            checks: checks, canaryRequests: try f.int("canary_requests"), stableRequests: try f.int("stable_requests"),
            slowInFlightCharged: try f.int("slow_in_flight_charged"), canaryRate: try f.optionalDouble("canary_rate"))
    }

    static func check(_ node: ConfigNode) throws(RecordingLineError) -> VerdictCheck {
        let f = try RecordFields(node, "a check")
        guard let kind = VerdictCheck.Kind(rawValue: try f.string("kind")) else { throw RecordingLineError("unknown check kind") }
        var latency: VerdictCheck.LatencyFigures?
        if let l = try f.object("latency") {
            latency = VerdictCheck.LatencyFigures(
                stableP50: try l.doubleOrNaN("stable_p50"), canaryP50: try l.doubleOrNaN("canary_p50"),
                stableP99: try l.doubleOrNaN("stable_p99"), canaryP99: try l.doubleOrNaN("canary_p99"),
                limit: try l.doubleOrNaN("limit"), u: try l.doubleOrNaN("u"), mannWhitneyP: try l.doubleOrNaN("mann_whitney_p"),
                tailP: try l.doubleOrNaN("tail_p"))
        }
        return VerdictCheck(
            kind: kind, outcome: try outcome(f.value("outcome")), stableBad: try f.int("stable_bad"),
            stableTotal: try f.int("stable_total"), canaryBad: try f.int("canary_bad"), canaryTotal: try f.int("canary_total"),
            pValue: try f.doubleOrNaN("p"), effect: try f.optionalDouble("effect"), threshold: try f.doubleOrNaN("threshold"),
            ratio: try f.optionalDouble("ratio"), latency: latency, requiredRequests: try f.optionalInt("required"))
    }

    static func outcome(_ node: ConfigNode?) throws(RecordingLineError) -> CanaryVerdict.Outcome {
        guard let node else { throw RecordingLineError("a verdict's \"outcome\" is missing") }
        switch node.value {
        case .string("pass"): return .pass
        case .string("fail"): return .fail
        case .object:
            return .inconclusive(more: try RecordFields(node).optionalInt("inconclusive"))
        default:
            throw RecordingLineError("a verdict's \"outcome\" is not pass, fail or inconclusive")
        }
    }
}
