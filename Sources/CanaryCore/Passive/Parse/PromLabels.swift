/// The labels of one series: name/value pairs kept sorted by name, so two sets written in any
/// order are the same set (equal, and hash alike).
///
/// A label that is absent and a label whose value is empty are different here (Envoy writes
/// `consul_destination_service_subset=""` for "no subset"); PromQL's rule that a missing label
/// matches `""` is applied by ``PromMatcher``, not here.
public struct PromLabels: Sendable, Hashable, CustomStringConvertible {
    /// One `name="value"` pair.
    public struct Pair: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The pairs, sorted by name; each name appears once.
    public private(set) var pairs: [Pair]

    /// No labels.
    public init() { pairs = [] }

    /// `pairs` in any order; when a name repeats, the last value wins.
    public init(_ pairs: [(name: String, value: String)]) {
        var unique: [String: String] = [:]
        for pair in pairs { unique[pair.name] = pair.value }
        self.pairs = unique.map { Pair(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
    }

    /// `pairs` in any order, or `nil` when a name repeats (a sample with two values for one
    /// label names no single series).
    public init?(unique pairs: [Pair]) {
        let sorted = pairs.sorted { $0.name < $1.name }
        for index in sorted.indices.dropFirst() where sorted[index].name == sorted[index - 1].name { return nil }
        self.pairs = sorted
    }

    /// The value of label `name`, `nil` when the series has no such label.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// How many labels there are.
    public var count: Int { pairs.count }

    /// These labels without `name`.
    public func removing(_ name: String) -> PromLabels {
        var copy = self
        copy.pairs.removeAll { $0.name == name }
        return copy
    }

    /// `{a="1",b="x\"y"}` with the text format's escapes, names sorted; `{}` when empty.
    public var description: String {
        "{" + pairs.map { "\($0.name)=\"\(Self.escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// `value` with `\`, `"` and line feeds escaped as the text format writes them.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}

extension PromLabels: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }
}
