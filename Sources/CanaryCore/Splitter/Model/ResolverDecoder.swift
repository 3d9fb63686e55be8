/// Decodes a parsed document into a ``ResolverEntry``.
enum ResolverDecoder {
    static let entryFields: [String: [String]] = [
        "Kind": [], "Name": [], "Namespace": [], "Partition": [],
        "DefaultSubset": ["default_subset"], "Subsets": [], "Redirect": [], "Failover": [],
        "ConnectTimeout": ["connect_timeout"], "RequestTimeout": ["request_timeout"],
        "LoadBalancer": ["load_balancer"], "PrioritizeByLocality": ["prioritize_by_locality"],
        "Meta": [], "CreateIndex": [], "ModifyIndex": [],
    ]
    static let subsetFields: [String: [String]] = ["Filter": [], "OnlyPassing": ["only_passing"]]

    static func decode(_ root: ConfigNode, label: String, origin: EntryOrigin) throws(ConfigError) -> ResolverEntry {
        try EntryKind.require(ResolverEntry.kind, in: root, label: label)
        let top = try EntryFields(root, path: "", fields: entryFields, label: label)
        var unknown = top.unknownKeys()
        // Subsets is a map: name → definition. A name given again (in another block)
        // replaces the earlier definition, as Consul's decoder does.
        var definitions: [(name: String, range: SourceRange, members: [ConfigMember])] = []
        for object in try top.objects("Subsets") {
            let written = object.members ?? []
            for member in written {
                try ResolverSchema.refuseRepeatedStruct(.object([:]), written.filter { $0.key == member.key },
                                                        path: "Subsets[\(member.key)]", label: label)
                let members: [ConfigMember]
                switch member.value.value {
                case .null: members = []
                case .object(let written): members = written
                default:
                    throw decodeError(label, member.value.range.start, "expected an object for"
                                      + " \(quoted("Subsets[\(member.key)]")), found \(member.value.kindDescription)")
                }
                if let index = definitions.firstIndex(where: { $0.name == member.key }) {
                    definitions[index].members = members
                } else {
                    definitions.append((member.key, member.value.range, members))
                }
            }
        }
        var subsets: [ResolverSubset] = []
        for definition in definitions {
            let node = ConfigNode(.object(definition.members), range: definition.range)
            let fields = try EntryFields(node, path: "Subsets[\(definition.name)]", fields: subsetFields, label: label)
            unknown += fields.unknownKeys()
            subsets.append(ResolverSubset(name: definition.name, filter: try fields.string("Filter"),
                                          onlyPassing: try fields.bool("OnlyPassing")))
        }
        // Fields canarytop keeps nothing of: checked as Consul decodes them.
        for (field, schema) in ResolverSchema.fields.sorted(by: { $0.key < $1.key }) {
            let members = try top.all(field)
            try ResolverSchema.refuseRepeatedStruct(schema, members, path: field, label: label)
            for member in members { unknown += try schema.check(member.value, path: field, label: label) }
        }
        return ResolverEntry(
            name: try top.string("Name"), namespace: try top.string("Namespace"),
            partition: try top.string("Partition"), defaultSubset: try top.string("DefaultSubset"),
            subsets: subsets, meta: try top.stringMap("Meta") ?? [],
            createIndex: try top.index("CreateIndex"), modifyIndex: try top.index("ModifyIndex"),
            unknownKeys: origin == .file ? unknown : [])
    }
}
