/// The edits that set a manifest's `ServiceSplitter` weights: each weight scalar replaced,
/// and a `weight` key added to a split that has none, in the split's own style.
///
/// A weight is written as canarytop writes every weight (`100`, `33.34`, `12.5`); a whole weight
/// written with a decimal point (`50.0`) keeps one when the new weight is whole too (`60.0`).
/// A split without a weight gets `weight: 10, ` at the front of a flow mapping
/// (`{weight: 10, serviceSubset: green}`), or its own line before the first key of a block
/// mapping, at that key's column (after `- `). Nothing is written through an anchor or a
/// `<<` merge (it would change every place that refers to it), nor where the literal could
/// not be pinned down exactly.
enum YAMLWeightWriter {
    typealias Edit = (range: Range<Int>, text: [UInt8])

    static func edits(_ document: SplitterDocument, manifest: SplitterManifest,
                      to weights: [Weight]) throws(SplitterRewriteError) -> [Edit] {
        let bytes = Array(document.text.utf8)
        var edits: [Edit] = []
        for (index, source) in document.sources.enumerated() where weights[index] != document.entry.splits[index].weight {
            let layout = manifest.layout[index]
            let value = weights[index].description
            if let literal = source.weight {
                if let anchor = layout.weightSharedBy {
                    throw .sharedThroughAlias(split: index, anchor: anchor, at: place(document, literal.range.start))
                }
                if let position = layout.unlocatedWeight { throw .weightNotLocated(split: index, at: place(document, position)) }
                // A whole weight written as a float (`50.0`, `50.`) stays a float (`60.0`).
                let old = bytes[literal.range.offsets]
                let wholeFloat = old.contains(UInt8(ascii: ".")) && !old.contains { $0 | 0x20 == UInt8(ascii: "e") }
                    && document.entry.splits[index].weight.hundredths % 100 == 0
                let text = wholeFloat && !value.contains(".") ? value + ".0" : value
                edits.append((literal.range.offsets, Array(text.utf8)))
            } else if weights[index] != .zero {
                if let anchor = layout.sharedBy {
                    throw .sharedThroughAlias(split: index, anchor: anchor, at: place(document, source.object.start))
                }
                guard let insertion = insertion(into: source, layout: layout, value: value,
                                                key: keySpelling(document.sources, bytes: bytes), bytes: bytes) else {
                    throw .cannotPlaceWeight(split: index)
                }
                edits.append(insertion)
            }
        }
        return edits
    }

    private static func place(_ document: SplitterDocument, _ position: SourcePosition) -> String {
        "\(document.label):\(position.line):\(position.column)"
    }

    /// `weight` as another split writes its key (`weight`, `"weight"`, `'weight'`).
    private static func keySpelling(_ sources: [SplitSource], bytes: [UInt8]) -> String {
        for source in sources {
            guard let member = source.members.last(where: { $0.key == "weight" }), source.weight != nil else { continue }
            let start = YAMLScalarExtent.skipProperties(bytes, from: member.keyRange.start.offset)
            if start < bytes.count, bytes[start] == UInt8(ascii: "\"") { return "\"weight\"" }
            if start < bytes.count, bytes[start] == UInt8(ascii: "'") { return "'weight'" }
            return "weight"
        }
        return "weight"
    }

    private static func insertion(into source: SplitSource, layout: YAMLSplitLayout, value: String, key: String,
                                  bytes: [UInt8]) -> Edit? {
        let item = "\(key): \(value)"
        if layout.isFlow {
            let open = YAMLScalarExtent.skipProperties(bytes, from: source.object.start.offset)
            guard let first = layout.firstOwnKey else {
                return source.members.isEmpty ? (open + 1..<open + 1, Array(item.utf8)) : nil
            }
            let position = first.offset
            let (lineStart, ownLine) = lineStart(before: position, bytes: bytes)
            guard ownLine else { return (position..<position, Array("\(item), ".utf8)) }
            let indent = String(decoding: bytes[lineStart..<position], as: UTF8.self)
            return (position..<position, Array("\(item),\(lineEnding(at: position, bytes: bytes))\(indent)".utf8))
        }
        guard let first = layout.firstOwnKey else { return nil }
        let position = first.offset
        // The new line starts with as many spaces as there are characters before the key
        // (`  - ` → 4), so the key keeps its column; only spaces and `-` may stand there.
        let (lineStart, atLineStart) = lineStart(before: position, bytes: bytes,
                                                 through: [UInt8(ascii: " "), UInt8(ascii: "-")])
        guard atLineStart else { return nil }
        let indent = String(repeating: " ", count: position - lineStart)
        return (position..<position, Array("\(item)\(lineEnding(at: position, bytes: bytes))\(indent)".utf8))
    }

    /// Where the line holding `position` starts, moving back over `through` (spaces by default),
    /// and whether only those stand between the line start and `position`.
    private static func lineStart(before position: Int, bytes: [UInt8],
                                  through allowed: Set<UInt8> = [UInt8(ascii: " ")]) -> (Int, Bool) {
        var index = position
        while index > 0, allowed.contains(bytes[index - 1]) { index -= 1 }
        let atLineStart = index == 0 || bytes[index - 1] == UInt8(ascii: "\n") || bytes[index - 1] == UInt8(ascii: "\r")
        return (index, atLineStart)
    }

    /// The line ending of the line holding `position`: `\r\n`, `\r` or `\n`.
    private static func lineEnding(at position: Int, bytes: [UInt8]) -> String {
        var index = position
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") { index += 1 }
        guard index < bytes.count else { return "\n" }
        if bytes[index] == UInt8(ascii: "\r") { return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? "\r\n" : "\r" }
        return "\n"
    }
}
