/// The manifest half of the writer's self-check: the rewritten stream, read again through
/// Yams, must be the original stream with only the splitter's weights changed — every other
/// document, and every other field of the splitter, the same JSON value as before.
enum YAMLRewriteCheck {
    static func verify(_ reread: SplitterManifest, against document: SplitterDocument, manifest: SplitterManifest,
                       weights: [Weight]) throws(SplitterRewriteError) {
        guard reread.documents.count == manifest.documents.count, reread.documentIndex == manifest.documentIndex else {
            throw .selfCheckFailed("the rewritten file has \(reread.documents.count) documents instead of \(manifest.documents.count)")
        }
        for (index, (before, after)) in zip(manifest.documents, reread.documents).enumerated() {
            let expected = index == manifest.documentIndex
                ? withWeights(before, weights, current: document.entry.weights) : before
            guard expected.canonicalJSON == after.canonicalJSON else {
                throw .selfCheckFailed("document \(index + 1) of the file changed beyond the weights")
            }
        }
    }

    /// `root` with `spec.splits[i].weight` set to `weights[i]` wherever it differs from `current`
    /// (a weight of 0 stays absent where it was absent).
    static func withWeights(_ root: ConfigNode, _ weights: [Weight], current: [Weight]) -> ConfigNode {
        func replacing(_ node: ConfigNode, key: String, _ transform: (ConfigNode?) -> ConfigNode?) -> ConfigNode {
            guard var members = node.members else { return node }
            let index = members.lastIndex { $0.key == key }
            let updated = transform(index.map { members[$0].value })
            if let index, let updated {
                members[index].value = updated
            } else if let updated {
                members.append(ConfigMember(key: key, keyRange: node.range, value: updated))
            }
            return ConfigNode(.object(members), range: node.range)
        }
        return replacing(root, key: "spec") { spec in
            spec.map { spec in
                replacing(spec, key: "splits") { splits in
                    guard let splits, case .list(var elements) = splits.value else { return splits }
                    for index in elements.indices where index < weights.count && weights[index] != current[index] {
                        elements[index] = replacing(elements[index], key: "weight") { old in
                            let isNull = old.map { if case .null = $0.value { return true } else { return false } } ?? true
                            if isNull, old == nil, weights[index] == .zero { return nil }
                            let value = Double(weights[index].hundredths) / 100
                            return ConfigNode(.number(ConfigNumber(literal: weights[index].description, value: value,
                                                                   integer: weights[index].hundredths % 100 == 0
                                                                       ? Int64(weights[index].hundredths / 100) : nil)),
                                              range: old?.range ?? elements[index].range)
                        }
                    }
                    return ConfigNode(.list(elements), range: splits.range)
                }
            }
        }
    }
}
