/// Decodes a `ServiceSplitter` object (a manifest document or what `kubectl get -o json`
/// prints) into the project's ``SplitterEntry``, keeping the float32 weights the resource holds
/// and where each split is written.
///
/// The entry's `Name` is `metadata.name`, as the controller names the Consul entry; its Consul
/// namespace and partition are left empty (the controller's settings decide them, not the
/// object). A missing or null `weight` is 0. A weight is the float32 Go reads from the JSON the
/// API server keeps (float64 → shortest text → `ParseFloat(s, 32)`), and Consul's hundredths
/// are derived from that float32 exactly as Consul rounds it.
struct SplitterResourceDecoder {
    static let topFields: Set<String> = ["apiVersion", "kind", "metadata", "spec", "status"]
    static let specFields: Set<String> = ["splits"]
    static let splitFields: Set<String> = ["weight", "service", "serviceSubset", "namespace", "partition",
                                           "requestHeaders", "responseHeaders"]
    static let headerFields: Set<String> = ["add", "set", "remove"]

    struct Decoded {
        var metadata: KubernetesObjectMeta
        var entry: SplitterEntry
        var float32Weights: [Float]
        var sources: [SplitSource]
        /// Each `spec.splits` element as written, for a merge patch that keeps every field.
        var splitNodes: [ConfigNode]
    }

    static func decode(_ root: ConfigNode, label: String) throws(ConfigError) -> Decoded {
        let top = try CRDFields(root, path: "", label: label)
        let metadata = try KubernetesObjectMeta(try top.object("metadata"))
        var unknown = top.unknown(topFields)
        let spec = try top.object("spec")
        unknown += spec?.unknown(specFields) ?? []
        var splits: [ServiceSplit] = [], weights: [Float] = [], sources: [SplitSource] = [], nodes: [ConfigNode] = []
        for (index, node) in try (spec?.list("splits") ?? []).enumerated() {
            let fields = try CRDFields(node, path: "spec.splits[\(index)]", label: label)
            unknown += fields.unknown(splitFields)
            let (weight, literal) = try decodeWeight(fields)
            splits.append(ServiceSplit(
                weight: try consulWeight(weight, fields), service: try fields.string("service"),
                serviceSubset: try fields.string("serviceSubset"), namespace: try fields.string("namespace"),
                partition: try fields.string("partition"),
                requestHeaders: try headers(fields, "requestHeaders", unknown: &unknown),
                responseHeaders: try headers(fields, "responseHeaders", unknown: &unknown)))
            weights.append(weight)
            sources.append(SplitSource(object: node.range, members: fields.members, weight: literal))
            nodes.append(node)
        }
        let entry = SplitterEntry(name: metadata.name, splits: splits, unknownKeys: unknown)
        return Decoded(metadata: metadata, entry: entry, float32Weights: weights, sources: sources, splitNodes: nodes)
    }

    /// The float32 weight and its literal; 0 and no literal when absent or null.
    private static func decodeWeight(_ fields: CRDFields) throws(ConfigError) -> (Float, WeightLiteral?) {
        guard let member = fields.members.last(where: { $0.key == "weight" }) else { return (0, nil) }
        let literal = WeightLiteral(range: member.value.range, keySpelling: member.key, isQuoted: false)
        // A null weight is pruned by the API server: 0, but its literal can take a number.
        if case .null = member.value.value { return (0, literal) }
        guard case .number(let number) = member.value.value else { throw fields.typeError(member, "number") }
        // The API server keeps an integer as int64 and anything else as float64, and writes
        // the float64 back in its shortest form; Go then parses that text as float32.
        let text = number.integer.map { String($0) } ?? number.value.description
        guard let weight = Float(text), weight.isFinite else {
            throw ConfigError(stage: .decode, label: fields.label, position: member.value.range.start,
                              message: "json: cannot unmarshal number \(number.literal) into Go struct field"
                                  + " ServiceSplit.spec.splits.weight of type float32")
        }
        return (weight, literal)
    }

    private static func consulWeight(_ weight: Float, _ fields: CRDFields) throws(ConfigError) -> Weight {
        guard abs(Double(weight)) <= SplitterDecoder.weightLimit, let rounded = Weight.consulRounded(Double(weight)) else {
            throw ConfigError(stage: .decode, label: fields.label, position: fields.member("weight")?.value.range.start,
                              message: "\(fields.qualified("weight")) is out of range: \(GoFloatFormat.verbV32(weight))"
                                  + " (weights are percentages)")
        }
        return rounded
    }

    private static func headers(_ fields: CRDFields, _ key: String,
                                unknown: inout [String]) throws(ConfigError) -> HeaderModifiers? {
        guard let object = try fields.object(key) else { return nil }
        unknown += object.unknown(headerFields)
        return HeaderModifiers(add: try object.stringMap("add"), set: try object.stringMap("set"),
                               remove: try object.stringList("remove"))
    }
}
