/// Decodes a `ServiceResolver` object into the project's ``ResolverEntry``: `metadata.name`,
/// `spec.defaultSubset` and `spec.subsets.<name>.filter` / `.onlyPassing`. The other spec
/// fields (`redirect`, `failover`, timeouts, `loadBalancer`, `prioritizeByLocality`) are
/// accepted and not kept, as for Consul's own files.
enum ResolverResourceDecoder {
    static let specFields: Set<String> = ["defaultSubset", "subsets", "redirect", "failover", "connectTimeout",
                                          "requestTimeout", "loadBalancer", "prioritizeByLocality"]
    static let subsetFields: Set<String> = ["filter", "onlyPassing"]

    static func decode(_ root: ConfigNode, label: String) throws(ConfigError) -> (KubernetesObjectMeta, ResolverEntry) {
        let top = try CRDFields(root, path: "", label: label)
        let metadata = try KubernetesObjectMeta(try top.object("metadata"))
        var unknown = top.unknown(SplitterResourceDecoder.topFields)
        let spec = try top.object("spec")
        unknown += spec?.unknown(specFields) ?? []
        var subsets: [ResolverSubset] = []
        if let map = try spec?.object("subsets") {
            for member in map.members {
                let fields = try CRDFields(member.value, path: map.qualified(member.key), label: label)
                unknown += fields.unknown(subsetFields)
                subsets.removeAll { $0.name == member.key }
                subsets.append(ResolverSubset(name: member.key, filter: try fields.string("filter"),
                                              onlyPassing: try fields.bool("onlyPassing")))
            }
        }
        let entry = ResolverEntry(name: metadata.name, defaultSubset: try spec?.string("defaultSubset") ?? "",
                                  subsets: subsets, unknownKeys: unknown)
        return (metadata, entry)
    }
}
