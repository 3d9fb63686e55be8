import CanaryCore
import Foundation

/// Renders a resolver as the JSON body Consul's `PUT /v1/config` takes (the fields the demo uses).
enum ResolverJSON {
    static func render(_ resolver: ResolverEntry) -> String {
        var object: [String: Any] = ["Kind": ResolverEntry.kind, "Name": resolver.name]
        if !resolver.defaultSubset.isEmpty { object["DefaultSubset"] = resolver.defaultSubset }
        if !resolver.subsets.isEmpty {
            var subsets: [String: Any] = [:]
            for subset in resolver.subsets {
                var fields: [String: Any] = [:]
                if !subset.filter.isEmpty { fields["Filter"] = subset.filter }
                if subset.onlyPassing { fields["OnlyPassing"] = true }
                subsets[subset.name] = fields
            }
            object["Subsets"] = subsets
        }
        if !resolver.meta.isEmpty {
            object["Meta"] = Dictionary(resolver.meta.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
