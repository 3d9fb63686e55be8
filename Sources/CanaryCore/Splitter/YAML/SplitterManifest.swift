/// What a splitter read from a Kubernetes manifest carries beyond its ``SplitterEntry``.
public struct SplitterManifest: Sendable {
    /// The `ServiceSplitter`'s metadata (name, Kubernetes namespace, labels, annotations, …).
    public let metadata: KubernetesObjectMeta
    /// The weights as the resource holds them (float32); what the webhook checks.
    public let float32Weights: [Float]
    /// The name the document was picked by (`nil`: the only `ServiceSplitter` in the file).
    let selection: String?
    /// Every document of the stream as read, and which one is the splitter (for the self-check).
    let documents: [ConfigNode]
    let documentIndex: Int
    /// One per split: how it is written.
    let layout: [YAMLSplitLayout]

    /// Other owners that would revert a change to the file's resource in the cluster.
    public var otherOwners: [OtherOwner] { OtherOwner.find(in: metadata) }
}

/// How one split of a manifest is written, for the writer.
struct YAMLSplitLayout: Sendable, Equatable {
    /// The split is a flow mapping (`{weight: 50, serviceSubset: blue}`).
    var isFlow: Bool
    /// The anchor through which the split's mapping is shared, when it is.
    var sharedBy: String?
    /// The anchor (or `<<` merge) through which the weight is shared, when it is.
    var weightSharedBy: String?
    /// Where a weight whose literal could not be pinned down exactly is (a plain scalar over
    /// several lines, say): never rewritten.
    var unlocatedWeight: SourcePosition?
    /// The split's first key written in the split itself (not merged in with `<<`): where a
    /// new `weight` key goes.
    var firstOwnKey: SourcePosition?
}

extension SplitterDocument {
    /// Reads the `ServiceSplitter` (`consul.hashicorp.com/v1alpha1`) of a manifest: the only one
    /// in the file, or the one whose `metadata.name` is `name`. Other documents (`---`), kinds
    /// and comments are kept for the rewrite, which changes only weight scalars.
    public init(yaml text: String, label: String, name: String? = nil) throws(ConfigError) {
        let stream = try YAMLStream(text, label: label)
        let document = try KubernetesManifest.select(stream, kind: .serviceSplitter, name: name, label: label)
        let decoded = try SplitterResourceDecoder.decode(document.root, label: label)
        let bytes = stream.lines.bytes
        var sources = decoded.sources
        var layouts: [YAMLSplitLayout] = []
        for (index, source) in sources.enumerated() {
            let open = YAMLScalarExtent.skipProperties(bytes, from: source.object.start.offset)
            var layout = YAMLSplitLayout(isFlow: open < bytes.count && bytes[open] == UInt8(ascii: "{"),
                                         sharedBy: document.shared[source.object.start.offset])
            layout.firstOwnKey = source.members.map(\.keyRange.start)
                .filter { document.shared[$0.offset] == nil }.min { $0.offset < $1.offset }
            if let literal = source.weight {
                let start = literal.range.start.offset
                layout.weightSharedBy = document.shared[start]
                // What libyaml read for the weight: the number's text, or a null's (`~`, `null`).
                let written = source.members.last { $0.key == "weight" }.flatMap { member -> String? in
                    switch member.value.value {
                    case .number(let number): return number.literal
                    case .null: return ["~", "null", "Null", "NULL"].first {
                        let extent = YAMLScalarExtent.locate(in: bytes, from: start, inFlow: layout.isFlow)
                        return extent.map { String(decoding: bytes[$0.range], as: UTF8.self) } == $0
                    }
                    default: return nil
                    }
                }
                if let extent = YAMLScalarExtent.locate(in: bytes, from: start, inFlow: layout.isFlow), extent.quote == nil,
                   String(decoding: bytes[extent.range], as: UTF8.self) == written {
                    sources[index].weight?.range = SourceRange(start: stream.lines.position(ofOffset: extent.range.lowerBound),
                                                               end: stream.lines.position(ofOffset: extent.range.upperBound))
                } else {
                    layout.unlocatedWeight = literal.range.start
                }
            }
            layouts.append(layout)
        }
        let manifest = SplitterManifest(metadata: decoded.metadata, float32Weights: decoded.float32Weights, selection: name,
                                        documents: stream.documents.map(\.root), documentIndex: document.index,
                                        layout: layouts)
        self.init(label: label, text: text, format: .yaml, entry: decoded.entry, sources: sources, manifest: manifest)
    }
}

extension ResolverEntry {
    /// Reads the `ServiceResolver` (`consul.hashicorp.com/v1alpha1`) of a manifest: the only one
    /// in the file, or the one whose `metadata.name` is `name`.
    public init(yaml text: String, label: String, name: String? = nil) throws(ConfigError) {
        let stream = try YAMLStream(text, label: label)
        let document = try KubernetesManifest.select(stream, kind: .serviceResolver, name: name, label: label)
        self = try ResolverResourceDecoder.decode(document.root, label: label).1
    }
}
