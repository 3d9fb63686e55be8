import CanaryCore
/// Writes a ``FakeTrace`` exactly as fake-service's reply body looks on the wire.
///
/// Go's `json.MarshalIndent(v, "", "  ")` of fake-service's response plus a trailing newline:
/// keys in fake-service's field order (`name`, `uri`, `type`, `ip_addresses`, `start_time`,
/// `end_time`, `duration`, `headers`, `cookies`, `body`, `upstream_calls`, `code`, `error`),
/// empty values left out except `code`, map keys sorted bytewise, two-space indent, and
/// strings escaped as Go escapes them (``JSONValue/StringStyle/goBefore122``: fake-service is built with a Go before 1.22).
public enum FakeTraceEncoder {
    /// The reply body for `trace`, with `upstream_calls` in `style`'s shape at every depth.
    public static func encode(_ trace: FakeTrace, style: TraceStyle) -> String {
        var out = ""
        write(trace, style: style, indent: 0, into: &out)
        out += "\n"
        return out
    }

    private static func write(_ trace: FakeTrace, style: TraceStyle, indent: Int, into out: inout String) {
        var fields: [(String, (inout String, Int) -> Void)] = []
        func string(_ key: String, _ value: String) {
            if !value.isEmpty { fields.append((key, { o, _ in goString(value, to: &o) })) }
        }
        string("name", trace.name)
        string("uri", trace.uri)
        string("type", trace.type)
        if !trace.ipAddresses.isEmpty {
            fields.append(("ip_addresses", { o, level in
                writeArray(trace.ipAddresses.count, level: level, into: &o) { o, i, _ in goString(trace.ipAddresses[i], to: &o) }
            }))
        }
        string("start_time", trace.startTime)
        string("end_time", trace.endTime)
        string("duration", trace.duration)
        for (key, map) in [("headers", trace.headers), ("cookies", trace.cookies)] where !map.isEmpty {
            fields.append((key, { o, level in
                let keys = map.keys.sorted(by: bytewise)
                writeObject(keys.count, level: level, into: &o) { o, i, _ in
                    goString(keys[i], to: &o)
                    o += ": "
                    goString(map[keys[i]]!, to: &o)
                }
            }))
        }
        if let body = trace.body {
            fields.append(("body", { o, _ in goString(body, to: &o) }))
        }
        if !trace.upstreamCalls.isEmpty {
            fields.append(("upstream_calls", { o, level in
                switch style {
                case .legacy:
                    let calls = trace.upstreamCalls
                    writeArray(calls.count, level: level, into: &o) { o, i, l in write(calls[i], style: style, indent: l, into: &o) }
                case .current:
                    // One entry per URI, the last to complete wins; keys sorted.
                    var byURI: [String: FakeTrace] = [:]
                    for call in trace.upstreamCalls { byURI[call.uri] = call }
                    let keys = byURI.keys.sorted(by: bytewise)
                    writeObject(keys.count, level: level, into: &o) { o, i, l in
                        goString(keys[i], to: &o)
                        o += ": "
                        write(byURI[keys[i]]!, style: style, indent: l, into: &o)
                    }
                }
            }))
        }
        fields.append(("code", { o, _ in o += String(trace.code) }))
        string("error", trace.error)

        writeObject(fields.count, level: indent, into: &out) { o, i, l in
            goString(fields[i].0, to: &o)
            o += ": "
            fields[i].1(&o, l)
        }
    }

    /// `{` items `}` with one item a line at `level + 1`; `{}` when empty.
    private static func writeObject(_ count: Int, level: Int, into out: inout String, item: (inout String, Int, Int) -> Void) {
        writeList(open: "{", close: "}", count, level: level, into: &out, item: item)
    }

    private static func writeArray(_ count: Int, level: Int, into out: inout String, item: (inout String, Int, Int) -> Void) {
        writeList(open: "[", close: "]", count, level: level, into: &out, item: item)
    }

    private static func writeList(
        open: String, close: String, _ count: Int, level: Int, into out: inout String, item: (inout String, Int, Int) -> Void
    ) {
        guard count > 0 else {
            out += open + close
            return
        }
        out += open
        for i in 0..<count {
            out += i == 0 ? "\n" : ",\n"
            out += String(repeating: "  ", count: level + 1)
            item(&out, i, level + 1)
        }
        out += "\n" + String(repeating: "  ", count: level) + close
    }

    /// Go sorts map keys by their bytes.
    private static func bytewise(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// A JSON string as fake-service writes it: Go's `encoding/json`, from a Go before 1.22.
private func goString(_ value: String, to out: inout String) {
    JSONValue.writeString(value, to: &out, style: .goBefore122)
}
