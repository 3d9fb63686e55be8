/// Decodes a parsed document into a ``SplitterEntry`` plus where each split's weight is.
enum SplitterDecoder {
    static let entryFields: [String: [String]] = [
        "Kind": [], "Name": [], "Namespace": [], "Partition": [], "Splits": [], "Meta": [],
        "CreateIndex": [], "ModifyIndex": [],
    ]
    static let splitFields: [String: [String]] = [
        "Weight": [], "Service": [], "ServiceSubset": ["service_subset"], "Namespace": [], "Partition": [],
        "RequestHeaders": ["request_headers"], "ResponseHeaders": ["response_headers"],
    ]
    static let headerFields: [String: [String]] = ["Add": [], "Set": [], "Remove": []]

    /// Largest weight magnitude accepted, in percent; anything beyond is surely a typo.
    static let weightLimit = 1_000_000.0

    static func decode(_ root: ConfigNode, label: String,
                       origin: EntryOrigin) throws(ConfigError) -> (SplitterEntry, [SplitSource]) {
        try EntryKind.require(SplitterEntry.kind, in: root, label: label)
        let top = try EntryFields(root, path: "", fields: entryFields, label: label)
        var unknown = top.unknownKeys()
        var splits: [ServiceSplit] = []
        var sources: [SplitSource] = []
        for (index, node) in try top.objects("Splits").enumerated() {
            let fields = try EntryFields(node, path: "Splits[\(index)]", fields: splitFields, label: label)
            unknown += fields.unknownKeys()
            let (split, source) = try decodeSplit(fields, node: node, unknown: &unknown)
            splits.append(split)
            sources.append(source)
        }
        let entry = SplitterEntry(
            name: try top.string("Name"), namespace: try top.string("Namespace"),
            partition: try top.string("Partition"), splits: splits, meta: try top.stringMap("Meta") ?? [],
            createIndex: try top.index("CreateIndex"), modifyIndex: try top.index("ModifyIndex"),
            unknownKeys: origin == .file ? unknown : [])
        return (entry, sources)
    }

    private static func decodeSplit(_ fields: EntryFields, node: ConfigNode,
                                    unknown: inout [String]) throws(ConfigError) -> (ServiceSplit, SplitSource) {
        let weightMember = try fields.last("Weight")
        let (weight, literal) = try decodeWeight(weightMember, name: fields.qualified("Weight"), label: fields.label)
        let split = ServiceSplit(
            weight: weight, service: try fields.string("Service"), serviceSubset: try fields.string("ServiceSubset"),
            namespace: try fields.string("Namespace"), partition: try fields.string("Partition"),
            requestHeaders: try headers(fields, "RequestHeaders", unknown: &unknown),
            responseHeaders: try headers(fields, "ResponseHeaders", unknown: &unknown))
        let source = SplitSource(object: node.range, members: fields.members, weight: literal)
        return (split, source)
    }

    /// The Consul-rounded weight of a split and where its literal is; 0 and `nil` when absent.
    static func decodeWeight(_ member: ConfigMember?, name: String,
                             label: String) throws(ConfigError) -> (Weight, WeightLiteral?) {
        guard let member else { return (.zero, nil) }
        // Consul decodes weakly into a float32: a one-element list is its element, a boolean
        // is 1 or 0, a string is parsed with Go's ParseFloat ("" is 0).
        let node = unwrappedScalar(member.value)
        var literal = WeightLiteral(range: node.range, keySpelling: member.key, isQuoted: false)
        let value: Double, written: String
        switch node.value {
        case .null:
            return (.zero, literal)
        case .number(let number):
            (value, written) = (number.value, number.literal)
        case .bool(let flag):
            return (flag ? Weight(percent: 1) : .zero, literal)
        case .string(let text):
            literal.isQuoted = true
            if text.isEmpty { return (.zero, literal) }
            guard let parsed = GoFloatSyntax.parseFloat32(text) else {
                throw decodeError(label, node.range.start, "expected a number for \(quoted(name)), found \(quoted(text))")
            }
            (value, written) = (Double(parsed), text)
        case .object, .list:
            throw decodeError(label, node.range.start, "expected a number for \(quoted(name)), found \(node.kindDescription)")
        }
        guard abs(value) <= weightLimit, let weight = Weight.consulRounded(value) else {
            throw decodeError(label, node.range.start,
                              "\(quoted(name)) is out of range: \(written) (weights are percentages)")
        }
        return (weight, literal)
    }

    private static func headers(_ fields: EntryFields, _ field: String,
                                unknown: inout [String]) throws(ConfigError) -> HeaderModifiers? {
        guard try !fields.all(field).isEmpty else { return nil }
        let objects = try fields.objects(field)
        guard let first = objects.first else { return nil }
        if objects.count > 1 {
            // Two header objects reach Consul's decoder as a list where it wants one struct.
            throw decodeError(fields.label, objects[1].range.start,
                              "\(quoted(fields.qualified(field))) is given twice (Consul expects one object, not a list)")
        }
        let merged = ConfigNode(.object(objects.flatMap { $0.members ?? [] }), range: first.range)
        let inner = try EntryFields(merged, path: fields.qualified(field), fields: headerFields, label: fields.label)
        unknown += inner.unknownKeys()
        return HeaderModifiers(add: try inner.stringMap("Add") ?? [], set: try inner.stringMap("Set") ?? [],
                               remove: try inner.stringList("Remove"))
    }
}

/// Where one split sits in the source: its object, its members and its weight literal.
struct SplitSource: Equatable, Sendable {
    /// The split's `{ … }`.
    var object: SourceRange
    /// The split's members as written (used to place a new `Weight` key).
    var members: [ConfigMember]
    /// The effective weight literal, `nil` when the split has no weight key.
    var weight: WeightLiteral?
}

/// The literal a weight was read from.
struct WeightLiteral: Equatable, Sendable {
    /// The value's range; for a quoted weight it includes the quotes.
    var range: SourceRange
    /// The key as written (`weight`, `Weight`).
    var keySpelling: String
    /// True when the weight was written as a string (`"50"`); rewrites keep the quotes.
    var isQuoted: Bool
}
