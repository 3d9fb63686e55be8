/// Writes a ``RecordingEntry`` as one line of JSON (without the line feed).
///
/// Replies and probe faults — nearly every line — are written by hand in a fixed key order, so
/// ``RecordLineScanner`` reads them back without a general parser; every other entry goes
/// through ``JSONValue``. Numbers are written as Swift's shortest text that reads back to the
/// same `Double`, so a replay's tallies are bit for bit the live run's.
public enum RecordingEncoder {
    /// The line for `entry`.
    public static func line(_ entry: RecordingEntry) -> String {
        var out = ""
        append(entry, to: &out)
        return out
    }

    /// Appends the line for `entry`, with its line feed, to `out`.
    public static func appendLine(_ entry: RecordingEntry, to out: inout String) {
        append(entry, to: &out)
        out += "\n"
    }

    static func append(_ entry: RecordingEntry, to out: inout String) {
        switch entry {
        case .reply(let o, let t):
            out += "{\"k\":\"r\",\"t\":"
            out += t.description
            out += ",\"lat\":"
            out += o.latency.description
            out += ",\"st\":"
            out += String(o.status)
            out += ",\"sub\":"
            if let subset = o.subset { JSONValue.writeString(subset, to: &out) } else { out += "null" }
            if case .notATrace(let fault) = o.body {
                out += ",\"body\":"
                JSONValue.writeString(fault.className, to: &out)
            }
            if let code = o.hopCode { out += ",\"hop\":" + String(code) }
            if let duration = o.hopDuration, duration.isFinite { out += ",\"hdur\":" + duration.description }
            if let hop = o.failingHop {
                out += ",\"fail\":{\"path\":["
                for (i, name) in hop.path.enumerated() {
                    if i > 0 { out += "," }
                    JSONValue.writeString(name, to: &out)
                }
                out += "],\"code\":" + (hop.code.map { String($0) } ?? "null") + ",\"err\":"
                if let error = hop.error { JSONValue.writeString(error, to: &out) } else { out += "null" }
                out += "}"
            }
            out += "}"
        case .fault(let fault, let latency, let t):
            out += "{\"k\":\"f\",\"t\":" + t.description + ",\"lat\":" + latency.description + ",\"fault\":\"" + fault.rawValue + "\"}"
        default:
            out += json(entry).compact
        }
    }

    /// Every entry but a reply or a fault, as JSON.
    static func json(_ entry: RecordingEntry) -> JSONValue {
        switch entry {
        case .header(let h):
            return .object([
                (RecordingHeader.formatKey, .int(h.version)), ("target", .string(h.target)), ("rate", .number(h.rate)),
                ("rate_label", .string(h.rateLabel)), ("concurrency", .int(h.concurrency)),
                ("subsets", .array(h.subsets.map(JSONValue.string))), ("apply", .string(h.applyMode)),
                ("until", .string(h.until)), ("stable", .string(h.stable)), ("headless", .bool(h.headless)),
                ("verdict", .object([
                    ("alpha", .number(h.verdict.alpha)), ("max_5xx_increase", .number(h.verdict.maxErrorIncrease)),
                    ("max_p99_increase", .number(h.verdict.maxP99Increase)), ("slo", .number(h.verdict.slo)),
                    ("in_flight", .string(h.verdict.inFlight.rawValue)), ("power", .number(h.verdict.power)),
                ])),
            ])
        case .epoch(let number, let t):
            return .object([("k", .string("epoch")), ("t", .number(t)), ("n", .int(number))])
        case .split(let s, let external, let t):
            return .object([
                ("k", .string("split")), ("t", .number(t)), ("external", .bool(external)), ("service", .string(s.service)),
                ("names", .array(s.names.map(JSONValue.string))), ("subsets", .array(s.subsets.map(JSONValue.string))),
                ("weights_x100", .array(s.weights.map { .int($0.hundredths) })), ("stable", .string(s.stable)),
                ("version", .string(s.version)),
            ])
        case .verdict(let canary, let outcome, let reason, let t):
            return .object([
                ("k", .string("verdict")), ("t", .number(t)), ("canary", .string(canary)), ("outcome", .string(outcome)),
                ("reason", .string(reason)),
            ])
        case .event(let kind, let text, let t):
            return .object([("k", .string("event")), ("t", .number(t)), ("kind", .string(kind.recordedName)), ("text", .string(text))])
        case .key(let key, let t):
            return .object([("k", .string("key")), ("t", .number(t)), ("key", .string(key))])
        case .end(let e):
            let weights: JSONValue
            if let names = e.weightNames, let values = e.weights {
                weights = .object([("names", .array(names.map(JSONValue.string))), ("x100", .array(values.map { .int($0.hundredths) }))])
            } else {
                weights = .null
            }
            return .object([
                ("k", .string("end")), ("t", .number(e.time)),
                ("sends", .object([
                    ("sent", .int(e.sent)), ("in_flight", .int(e.inFlight)), ("late", .int(e.late)),
                    ("skipped", .int(e.skipped)), ("retried", .int(e.retried)),
                ])),
                ("weights", weights), ("ending", .string(e.ending)), ("ending_reason", .string(e.endingReason)),
                ("finish", .string(e.finish)), ("finish_reason", .string(e.finishReason)),
                ("rollback_pending", .bool(e.rollbackPending)), ("had_stable", .bool(e.hadStable)),
                ("writes", .array(e.writes.map {
                    .object([("t", .number($0.time)), ("summary", .string($0.summary)), ("ok", .bool($0.succeeded))])
                })),
                ("verdicts", .array(e.verdicts.map(VerdictCodec.json))),
            ])
        case .reply, .fault:
            return .string(line(entry))   // not reached: written by hand above
        }
    }
}

extension DashboardEvent.Kind {
    /// `info`, `change`, `warning`, `failure`: as a recording names it.
    public var recordedName: String {
        switch self {
        case .info: return "info"
        case .change: return "change"
        case .warning: return "warning"
        case .failure: return "failure"
        }
    }

    /// The kind a recording names.
    public init?(recordedName: String) {
        switch recordedName {
        case "info": self = .info
        case "change": self = .change
        case "warning": self = .warning
        case "failure": self = .failure
        default: return nil
        }
    }
}
