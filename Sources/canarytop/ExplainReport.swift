import CanaryCore

/// The decision `canarytop explain` prints, as text or JSON. Everything from the reply is sanitised.
struct ExplainReport {
    let outcome: TraceOutcome
    let attribution: Attribution?
    let failing: FailingHop?

    init(outcome: TraceOutcome, attributor: Attributor) {
        self.outcome = outcome
        if let trace = outcome.trace {
            attribution = attributor.attribute(trace)
            failing = trace.failingHop
        } else {
            attribution = nil
            failing = nil
        }
    }

    private var code: Int? { outcome.trace?.root.code }
    private var hop: Hop? { attribution?.hop }
    private var hopDurationMs: Double? { hop?.duration.map { $0 * 1000 } }

    private static func safe(_ s: String?) -> String? { s.map { TerminalSafe.clean($0, limit: 400) } }

    var text: String {
        var lines: [(String, String)] = []
        switch outcome {
        case .fault(let fault):
            lines.append(("subset", "(unattributed)"))
            lines.append(("why", "the body is not a trace: \(Self.describe(fault))"))
        case .trace:
            guard let attribution else { break }
            lines.append(("subset", attribution.subset.map { TerminalSafe.clean($0, limit: 80) } ?? "(unattributed)"))
            lines.append(("why", attribution.explanation))
            lines.append(("code", code.map(String.init) ?? "(absent)"))
            if let hop {
                var parts = ["code \(hop.code.map(String.init) ?? "(absent)")"]
                if let ms = hopDurationMs {
                    parts.append("duration \(Self.milliseconds(ms)) ms (\(Self.safe(hop.durationText) ?? ""))")
                } else if let text = hop.durationText {
                    parts.append("duration unreadable: \(Self.safe(text) ?? "")")
                }
                if !hop.ipAddresses.isEmpty {
                    parts.append("ip \(hop.ipAddresses.map { TerminalSafe.clean($0, limit: 64) }.joined(separator: ", "))")
                }
                lines.append(("hop", "\(TerminalSafe.clean(hop.label, limit: 80))  " + parts.joined(separator: "  ")))
            }
            if let failing {
                lines.append(("failing hop", failing.path.map { TerminalSafe.clean($0, limit: 80) }.joined(separator: " → ")
                    + "  code \(failing.code.map(String.init) ?? "(absent)")"))
                if let error = failing.error { lines.append(("error", TerminalSafe.clean(error, limit: 400))) }
            } else {
                lines.append(("failing hop", "none"))
            }
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(to: width) + "  " + $0.1 }.joined(separator: "\n")
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("subset", .string(attribution?.subset.flatMap(Self.safe))),
            ("code", .int(code)),
            ("hop_duration_ms", .number(hopDurationMs)),
            ("hop_code", .int(hop?.code)),
            ("hop_path", attribution.map { .array($0.hopPath.map { .string(TerminalSafe.clean($0)) }) } ?? .null),
            ("reason", attribution.map { .string($0.explanation) } ?? .null),
        ]
        if let failing {
            fields.append(("failing_hop", .object([
                ("path", .array(failing.path.map { .string(TerminalSafe.clean($0)) })),
                ("code", .int(failing.code)),
                ("error", .string(Self.safe(failing.error))),
            ])))
        } else {
            fields.append(("failing_hop", .null))
        }
        if case .fault(let fault) = outcome {
            fields.append(("fault", .object([("class", .string(fault.className)), ("detail", .string(Self.describe(fault)))])))
        } else {
            fields.append(("fault", .null))
        }
        return .object(fields)
    }

    static func describe(_ fault: TraceFault) -> String {
        switch fault {
        case .empty: return "empty body"
        case .notJSON(let preview): return "not JSON (\"\(TerminalSafe.clean(preview, limit: 80))\")"
        case .truncated(let offset): return "JSON ends early at byte \(offset)"
        case .malformed(let offset, let expected): return "malformed JSON at byte \(offset): expected \(expected)"
        case .tooDeep(let limit): return "nested deeper than \(limit) levels"
        case .invalidUTF8(let offset): return "invalid UTF-8 at byte \(offset)"
        case .notAnObject: return "JSON, but not an object"
        }
    }

    static func milliseconds(_ ms: Double) -> String { FixedPoint.format(ms, digits: 2) }
}

extension String {
    /// The string right-padded with spaces to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
