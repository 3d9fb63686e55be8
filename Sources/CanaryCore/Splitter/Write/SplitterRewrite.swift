/// Writes new weights into a splitter's text, changing nothing but the weight literals.
///
/// Comments, key casing, order, blank lines, commas, indentation, `Meta`, header blocks
/// and CRLF line endings stay byte for byte. A weight is written as an integer when whole
/// (`100`, `0`) and with at most two decimals otherwise (`33.34`, `12.5`); a quoted
/// weight stays quoted. (One exception: a 0 written straight against a following `x` is
/// written `0.0`, because `0x…` would read as hex.) A split without a weight key gets one
/// (see ``WeightInsertion``) unless its new weight is 0, which is what an absent weight means.
///
/// Every result is read back and compared with the intended entry before it is returned.
public enum SplitterRewrite {
    /// `document`'s text with the splits' weights set to `weights` (one per split).
    public static func rewrite(_ document: SplitterDocument, to weights: [Weight]) throws(SplitterRewriteError) -> String {
        let entry = document.entry
        guard weights.count == entry.splits.count else {
            throw .wrongCount(expected: entry.splits.count, got: weights.count)
        }
        for (index, weight) in weights.enumerated() where !weight.isInPercentRange {
            throw .outOfRange(split: index, weight)
        }
        var bytes = Array(document.text.utf8)
        let edits: [(range: Range<Int>, text: [UInt8])]
        if let manifest = document.manifest {
            edits = try YAMLWeightWriter.edits(document, manifest: manifest, to: weights)
        } else {
            edits = try consulEdits(document, to: weights, bytes: bytes)
        }
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: edit.text)
        }
        let result = String(decoding: bytes, as: UTF8.self)
        try verify(result, of: document, weights: weights)
        return result
    }

    /// The edits for an HCL or JSON file: weight literals replaced, missing weights inserted.
    private static func consulEdits(_ document: SplitterDocument, to weights: [Weight],
                                    bytes: [UInt8]) throws(SplitterRewriteError) -> [(range: Range<Int>, text: [UInt8])] {
        let entry = document.entry
        var edits: [(range: Range<Int>, text: [UInt8])] = []
        for (index, source) in document.sources.enumerated() where weights[index] != entry.splits[index].weight {
            let value = weights[index].description
            if let literal = source.weight {
                var text = literal.isQuoted ? "\"\(value)\"" : value
                let next = literal.range.end.offset < bytes.count ? bytes[literal.range.end.offset] : 0
                if text == "0", next == UInt8(ascii: "x") || next == UInt8(ascii: "X") {
                    // `33.0x = 1` is a float then the key `x`; a bare 0 would read as hex `0x`.
                    text = "0.0"
                }
                if bytes[literal.range.start.offset] == UInt8(ascii: "<") {
                    // A heredoc's token ends with its terminator's line break: keep that.
                    text += bytes[literal.range.end.offset - 2] == UInt8(ascii: "\r") ? "\r\n" : "\n"
                }
                edits.append((literal.range.offsets, Array(text.utf8)))
            } else if weights[index] != .zero {
                let key = WeightInsertion.keySpelling(for: index, in: document.sources, topLevelKeys: document.topLevelKeys)
                guard let insertion = WeightInsertion.insertion(into: source, value: value, key: key,
                                                                 format: document.format, bytes: bytes) else {
                    throw .cannotPlaceWeight(split: index)
                }
                edits.append((insertion.offset..<insertion.offset, insertion.text))
            }
        }
        return edits
    }

    /// `document`'s text with `change` applied; refuses a change computed from other weights.
    public static func rewrite(_ document: SplitterDocument, applying change: WeightChange) throws(SplitterRewriteError) -> String {
        guard change.before == document.entry.weights else { throw .staleChange }
        return try rewrite(document, to: change.after)
    }

    /// Reads `text` back and checks it holds exactly the intended entry.
    static func verify(_ text: String, of document: SplitterDocument, weights: [Weight]) throws(SplitterRewriteError) {
        let reread: SplitterDocument
        do {
            if let manifest = document.manifest {
                reread = try SplitterDocument(yaml: text, label: document.label, name: manifest.selection)
            } else {
                reread = try SplitterDocument(text: text, label: document.label, origin: document.origin)
            }
        } catch {
            throw .selfCheckFailed("the rewritten text does not read back: \(error.message)")
        }
        guard reread.format == document.format else {
            throw .selfCheckFailed("the rewritten text reads as \(reread.format.rawValue), not \(document.format.rawValue)")
        }
        guard reread.entry.weights == weights else {
            let got = reread.entry.weights.map(\.description).joined(separator: "/")
            let wanted = weights.map(\.description).joined(separator: "/")
            throw .selfCheckFailed("the rewritten weights read back as \(got) instead of \(wanted)")
        }
        guard reread.entry == document.entry.withWeights(weights) else {
            throw .selfCheckFailed("something other than the weights changed")
        }
        if let manifest = document.manifest, let rereadManifest = reread.manifest {
            try YAMLRewriteCheck.verify(rereadManifest, against: document, manifest: manifest, weights: weights)
        }
    }
}

extension SplitterDocument {
    /// The text with the splits' weights set to `weights`; see ``SplitterRewrite``.
    public func rewritten(to weights: [Weight]) throws(SplitterRewriteError) -> String {
        try SplitterRewrite.rewrite(self, to: weights)
    }

    /// The text with `change` applied; see ``SplitterRewrite``.
    public func rewritten(applying change: WeightChange) throws(SplitterRewriteError) -> String {
        try SplitterRewrite.rewrite(self, applying: change)
    }
}

/// Why the writer refused to produce new text. The original text is never modified.
public enum SplitterRewriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not one weight per split.
    case wrongCount(expected: Int, got: Int)
    /// A weight outside 0…100 (split position from 0).
    case outOfRange(split: Int, Weight)
    /// The change was computed from weights other than the document's current ones.
    case staleChange
    /// A split without a weight key is not written as a plain `{ … }` (position from 0).
    case cannotPlaceWeight(split: Int)
    /// The rewritten text did not read back as intended — a bug; nothing was written.
    case selfCheckFailed(String)
    /// A manifest's weight (or split) is shared through a YAML anchor or `<<` merge: writing it
    /// would change every place that refers to it. `at` is `file:line:column`.
    case sharedThroughAlias(split: Int, anchor: String, at: String)
    /// A manifest's weight literal could not be pinned down exactly (`file:line:column`).
    case weightNotLocated(split: Int, at: String)

    public var description: String {
        switch self {
        case .wrongCount(let expected, let got):
            return "expected \(expected) weights (one per split), got \(got)"
        case .outOfRange(let split, let weight):
            return "split \(split + 1) cannot be written with weight \(weight): weights must be between 0 and 100"
        case .staleChange:
            return "the file's weights changed since the edit was computed; read it again"
        case .cannotPlaceWeight(let split):
            return "split \(split + 1) has no weight key and is not a plain { … } block to add one to"
        case .selfCheckFailed(let reason):
            return "refusing to write: \(reason)"
        case .sharedThroughAlias(let split, let anchor, let at):
            let through = anchor == "<<" ? "a << merge" : "the anchor &\(anchor)"
            return "\(at): split \(split + 1)'s weight is shared through \(through); canarytop does not rewrite through an"
                + " alias (it would change every place that uses it): write the split's weight in the split itself"
        case .weightNotLocated(let split, let at):
            return "\(at): split \(split + 1)'s weight is not written as a single plain scalar canarytop can replace"
                + " exactly; write it on one line (weight: 50)"
        }
    }
}
