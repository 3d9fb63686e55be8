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
        var top: [(String, JSONValue)] = [("Kind", .string(SplitterEntry.kind)), ("Name", .string(entry.name))]
        if !entry.namespace.isEmpty { top.append(("Namespace", .string(entry.namespace))) }
        if !entry.partition.isEmpty { top.append(("Partition", .string(entry.partition))) }
        top.append(("Splits", .array(entry.splits.map(split))))
        if !entry.meta.isEmpty { top.append(("Meta", stringMap(entry.meta))) }
        return JSONValue.object(top).pretty + "\n"
    }

    private static func split(_ split: ServiceSplit) -> JSONValue {
        // Hundredths over 100 print as the shortest decimal that reads back the same: `33.34`.
        var members: [(String, JSONValue)] = [("Weight", .number(Double(split.weight.hundredths) / 100))]
        for (key, value) in [("Service", split.service), ("ServiceSubset", split.serviceSubset),
                             ("Namespace", split.namespace), ("Partition", split.partition)] where !value.isEmpty {
            members.append((key, .string(value)))
        }
        if let headers = split.requestHeaders { members.append(("RequestHeaders", modifiers(headers))) }
        if let headers = split.responseHeaders { members.append(("ResponseHeaders", modifiers(headers))) }
        return .object(members)
    }

    private static func modifiers(_ headers: HeaderModifiers) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if !headers.add.isEmpty { members.append(("Add", stringMap(headers.add))) }
        if !headers.set.isEmpty { members.append(("Set", stringMap(headers.set))) }
        if !headers.remove.isEmpty { members.append(("Remove", .array(headers.remove.map { .string($0) }))) }
        return .object(members)
    }

    private static func stringMap(_ pairs: [KeyValue]) -> JSONValue {
        .object(pairs.map { ($0.key, .string($0.value)) })
    }
}
