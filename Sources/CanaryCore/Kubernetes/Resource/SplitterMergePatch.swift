/// The body of `kubectl patch servicesplitters.consul.hashicorp.com NAME --type=merge -p BODY`
/// that sets a resource's weights.
///
/// It carries the `metadata.resourceVersion` that was read, which makes the patch a conditional
/// write (a 409 if the object changed since), and — because a merge patch replaces a list whole
/// — every split with all its fields exactly as read, only `weight` changed (put first when the
/// split had none). A weight is written as canarytop writes every weight (`90`, `33.34`, `0`).
public enum SplitterMergePatch {
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The object was not read from the cluster (no `metadata.resourceVersion`).
        case noResourceVersion
        case wrongCount(expected: Int, got: Int)
        case outOfRange(split: Int, Weight)

        public var description: String {
            switch self {
            case .noResourceVersion:
                return "the resource has no metadata.resourceVersion (read it from the cluster first)"
            case .wrongCount(let expected, let got):
                return "expected \(expected) weights (one per split), got \(got)"
            case .outOfRange(let split, let weight):
                return "split \(split + 1) cannot be written with weight \(weight): weights must be between 0 and 100"
            }
        }
    }

    /// The compact JSON body that sets `resource`'s weights to `weights` (one per split).
    public static func body(for resource: ServiceSplitterResource, weights: [Weight]) throws(Problem) -> String {
        guard let version = resource.metadata.resourceVersion else { throw .noResourceVersion }
        guard weights.count == resource.splitNodes.count else {
            throw .wrongCount(expected: resource.splitNodes.count, got: weights.count)
        }
        for (index, weight) in weights.enumerated() where !weight.isInPercentRange { throw .outOfRange(split: index, weight) }
        var splits: [String] = []
        for (node, weight) in zip(resource.splitNodes, weights) {
            let number = ConfigNode(.number(ConfigNumber(literal: weight.description, value: Double(weight.hundredths) / 100,
                                                         integer: nil)), range: node.range)
            var members = node.members ?? []
            if let index = members.lastIndex(where: { $0.key == "weight" }) {
                members[index].value = number
                // A key given twice in the JSON: keep one, the one that counted.
                members = members.enumerated().filter { $0.offset == index || $0.element.key != "weight" }.map(\.element)
            } else {
                members.insert(ConfigMember(key: "weight", keyRange: node.range, value: number), at: 0)
            }
            splits.append(ConfigNode(.object(members), range: node.range).compactJSON)
        }
        var version_ = ""
        JSONValue.writeString(version, to: &version_)
        return "{\"metadata\":{\"resourceVersion\":\(version_)},\"spec\":{\"splits\":[\(splits.joined(separator: ","))]}}"
    }
}
