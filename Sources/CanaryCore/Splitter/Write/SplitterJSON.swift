/// Renders a splitter as the JSON body for Consul's `PUT /v1/config`.
extension SplitterRewrite {
    /// The full entry in Consul's CamelCase keys, two-space indented, ending in a newline.
    ///
    /// `Kind`, `Name`, `Namespace`/`Partition` (when set), `Splits` (each with `Weight`
    /// always, `Service`, `ServiceSubset`, `Namespace`, `Partition` when set, and
    /// `RequestHeaders`/`ResponseHeaders` when present), then `Meta` when non-empty — the
    /// fields Consul's own JSON omits when empty are omitted here too. Index fields are
    /// left out: use `?cas=<ModifyIndex>` for a check-and-set write.
    public static func renderJSON(_ entry: SplitterEntry) -> String {
        var top: [(String, JSONOut)] = [("Kind", .string(SplitterEntry.kind)), ("Name", .string(entry.name))]
        if !entry.namespace.isEmpty { top.append(("Namespace", .string(entry.namespace))) }
        if !entry.partition.isEmpty { top.append(("Partition", .string(entry.partition))) }
        top.append(("Splits", .array(entry.splits.map(split))))
        if !entry.meta.isEmpty { top.append(("Meta", stringMap(entry.meta))) }
        var out = ""
        JSONOut.object(top).write(to: &out, indent: "")
        return out + "\n"
    }

    private static func split(_ split: ServiceSplit) -> JSONOut {
        var members: [(String, JSONOut)] = [("Weight", .number(split.weight.description))]
        for (key, value) in [("Service", split.service), ("ServiceSubset", split.serviceSubset),
                             ("Namespace", split.namespace), ("Partition", split.partition)] where !value.isEmpty {
            members.append((key, .string(value)))
        }
        if let headers = split.requestHeaders { members.append(("RequestHeaders", modifiers(headers))) }
        if let headers = split.responseHeaders { members.append(("ResponseHeaders", modifiers(headers))) }
        return .object(members)
    }

    private static func modifiers(_ headers: HeaderModifiers) -> JSONOut {
        var members: [(String, JSONOut)] = []
        if !headers.add.isEmpty { members.append(("Add", stringMap(headers.add))) }
        if !headers.set.isEmpty { members.append(("Set", stringMap(headers.set))) }
        if !headers.remove.isEmpty { members.append(("Remove", .array(headers.remove.map(JSONOut.string)))) }
        return .object(members)
    }

    private static func stringMap(_ pairs: [KeyValue]) -> JSONOut {
        .object(pairs.map { ($0.key, .string($0.value)) })
    }
}

/// A minimal JSON value for rendering, members kept in the order given.
private indirect enum JSONOut {
    case string(String)
    case number(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    func write(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .string(let text):
            out += JSONOut.quote(text)
        case .number(let literal):
            out += literal
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += inner
                element.write(to: &out, indent: inner)
                out += index < elements.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += inner + JSONOut.quote(member.0) + ": "
                member.1.write(to: &out, indent: inner)
                out += index < members.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
