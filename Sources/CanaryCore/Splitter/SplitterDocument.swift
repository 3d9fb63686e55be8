/// A splitter's config text, the entry it decodes to, and where each weight is written.
///
/// This is what a CLI or store holds on to: read it from text, look at ``entry``, apply a
/// ``WeightEdit``, then ask for the rewritten text (see ``SplitterRewrite``). A `ServiceSplitter`
/// in a Kubernetes manifest is read with ``init(yaml:label:name:)`` and rewritten the same way.
public struct SplitterDocument: Sendable {
    /// The caller's name for the text, used in messages.
    public let label: String
    /// The text exactly as given.
    public let text: String
    public let format: ConfigFormat
    public let origin: EntryOrigin
    public let entry: SplitterEntry
    /// One per split: where its weight literal is (or where a new one would go).
    let sources: [SplitSource]
    /// The top-level keys as written, to match their casing when adding a key.
    let topLevelKeys: [String]
    /// For a `ServiceSplitter` read from a Kubernetes manifest (``format`` `.yaml`): the
    /// object's metadata, its float32 weights, and what the writer needs; `nil` otherwise.
    public let manifest: SplitterManifest?

    /// Parses and decodes splitter config text (HCL1 or JSON, detected as Consul does).
    /// - Parameters:
    ///   - label: names the text in error messages (no I/O happens).
    ///   - origin: `.apiReply` ignores unknown keys; `.file` records them for validation.
    public init(text: String, label: String, origin: EntryOrigin = .file) throws(ConfigError) {
        let (format, root) = try ConfigReader.parse(text, label: label)
        let (entry, sources) = try SplitterDecoder.decode(root, label: label, origin: origin)
        self.label = label
        self.text = text
        self.format = format
        self.origin = origin
        self.entry = entry
        self.sources = sources
        topLevelKeys = root.members?.map(\.key) ?? []
        manifest = nil
    }

    init(label: String, text: String, format: ConfigFormat, entry: SplitterEntry, sources: [SplitSource],
         manifest: SplitterManifest) {
        self.label = label
        self.text = text
        self.format = format
        origin = .file
        self.entry = entry
        self.sources = sources
        topLevelKeys = []
        self.manifest = manifest
    }

    /// Where split `index`'s weight literal is written; `nil` when the split has no weight key.
    public func weightRange(ofSplit index: Int) -> SourceRange? {
        sources.indices.contains(index) ? sources[index].weight?.range : nil
    }

    /// Where split `index`'s weight is written, or where a weight key would be inserted
    /// (before the split's first key, or just inside an empty `{}`). `nil` for a bad index.
    public func weightSite(ofSplit index: Int) -> WeightSite? {
        guard sources.indices.contains(index) else { return nil }
        let source = sources[index]
        if let literal = source.weight { return .literal(literal.range) }
        if let first = source.members.first { return .insertion(first.keyRange.start) }
        let open = source.object.start
        return .insertion(SourcePosition(offset: open.offset + 1, line: open.line, column: open.column + 1))
    }
}

/// Where a split's weight is in the text.
public enum WeightSite: Equatable, Sendable {
    /// The weight's literal (for a quoted weight, including the quotes).
    case literal(SourceRange)
    /// The split has no weight key (weight 0); a key would be inserted here.
    case insertion(SourcePosition)
}
