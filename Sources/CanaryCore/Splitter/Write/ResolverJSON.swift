/// Renders a resolver as the JSON body for Consul's `PUT /v1/config` (the demo seeds its
/// Consul stand-in with it).
extension SplitterRewrite {
    /// `Kind`, `Name`, `Namespace`/`Partition` and `DefaultSubset` when set, `Subsets` (each
    /// with its `Filter` and `OnlyPassing` when set) when there are any, then `Meta` when
    /// non-empty; two-space indented, ending in a newline. A key given twice in `Meta` keeps its
    /// last value, as Consul's decoder does.
    public static func renderJSON(_ resolver: ResolverEntry) -> String {
        var top: [(String, JSONValue)] = [("Kind", .string(ResolverEntry.kind)), ("Name", .string(resolver.name))]
        for (key, value) in [("Namespace", resolver.namespace), ("Partition", resolver.partition),
                             ("DefaultSubset", resolver.defaultSubset)] where !value.isEmpty {
            top.append((key, .string(value)))
        }
        if !resolver.subsets.isEmpty {
            top.append(("Subsets", .object(resolver.subsets.map { subset in
                var fields: [(String, JSONValue)] = []
                if !subset.filter.isEmpty { fields.append(("Filter", .string(subset.filter))) }
                if subset.onlyPassing { fields.append(("OnlyPassing", .bool(true))) }
                return (subset.name, .object(fields))
            })))
        }
        if !resolver.meta.isEmpty {
            var last: [String: String] = [:]
            for pair in resolver.meta { last[pair.key] = pair.value }
            var seen = Set<String>()
            let pairs = resolver.meta.filter { seen.insert($0.key).inserted }
            top.append(("Meta", .object(pairs.map { ($0.key, .string(last[$0.key] ?? $0.value)) })))
        }
        return JSONValue.object(top).pretty + "\n"
    }
}
