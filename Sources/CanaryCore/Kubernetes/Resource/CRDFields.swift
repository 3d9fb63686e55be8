/// Reads fields of a Kubernetes object the way the API server and a Go client do: keys are
/// exact (case-sensitive camelCase), a `null` is the same as an absent field (the API server
/// prunes nulls from fields that are not nullable), and a value of the wrong JSON type is
/// refused with the API server's words: `spec.splits[0].weight in body must be of type
/// number: "string"`.
struct CRDFields {
    let members: [ConfigMember]
    /// `spec`, `spec.splits[0]`, … (empty at the top).
    let path: String
    let label: String
    let position: SourcePosition

    init(_ node: ConfigNode, path: String, label: String) throws(ConfigError) {
        switch node.value {
        case .object(let members): self.members = members
        case .null: self.members = []
        default: throw Self.typeError(node, path: path.isEmpty ? "<root>" : path, expected: "object", label: label)
        }
        self.path = path
        self.label = label
        position = node.range.start
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member for `key`, unless absent or null; the last one if repeated.
    func member(_ key: String) -> ConfigMember? {
        guard let member = members.last(where: { $0.key == key }) else { return nil }
        if case .null = member.value.value { return nil }
        return member
    }

    /// Fields other than `known`, as `spec.splits[0].Weight` (kubectl's strict field validation
    /// refuses them; without it the API server drops them).
    func unknown(_ known: Set<String>) -> [String] {
        members.filter { !known.contains($0.key) }.map { qualified($0.key) }
    }

    func string(_ key: String) throws(ConfigError) -> String {
        guard let member = member(key) else { return "" }
        guard case .string(let text) = member.value.value else { throw typeError(member, "string") }
        return text
    }

    func bool(_ key: String) throws(ConfigError) -> Bool {
        guard let member = member(key) else { return false }
        guard case .bool(let flag) = member.value.value else { throw typeError(member, "boolean") }
        return flag
    }

    func integer(_ key: String) throws(ConfigError) -> Int64? {
        guard let member = member(key) else { return nil }
        guard case .number(let number) = member.value.value, let integer = number.integer else {
            throw typeError(member, "integer")
        }
        return integer
    }

    func object(_ key: String) throws(ConfigError) -> CRDFields? {
        guard let member = member(key) else { return nil }
        return try CRDFields(member.value, path: qualified(key), label: label)
    }

    func list(_ key: String) throws(ConfigError) -> [ConfigNode] {
        guard let member = member(key) else { return [] }
        guard case .list(let elements) = member.value.value else { throw typeError(member, "array") }
        return elements
    }

    /// A `map[string]string` (labels, annotations, header maps), in written order.
    func stringMap(_ key: String) throws(ConfigError) -> [KeyValue] {
        guard let map = try object(key) else { return [] }
        var pairs: [KeyValue] = []
        for member in map.members {
            if case .null = member.value.value { continue }
            guard case .string(let text) = member.value.value else {
                throw map.typeError(member, "string")
            }
            pairs.removeAll { $0.key == member.key }
            pairs.append(KeyValue(member.key, text))
        }
        return pairs
    }

    func stringList(_ key: String) throws(ConfigError) -> [String] {
        var result: [String] = []
        for (index, element) in try list(key).enumerated() {
            guard case .string(let text) = element.value else {
                throw Self.typeError(element, path: "\(qualified(key))[\(index)]", expected: "string", label: label)
            }
            result.append(text)
        }
        return result
    }

    func typeError(_ member: ConfigMember, _ expected: String) -> ConfigError {
        Self.typeError(member.value, path: qualified(member.key), expected: expected, label: label)
    }

    static func typeError(_ node: ConfigNode, path: String, expected: String, label: String) -> ConfigError {
        ConfigError(stage: .decode, label: label, position: node.range.start,
                    message: "\(path) in body must be of type \(expected): \(GoQuote.quote(jsonType(node)))")
    }

    /// The JSON type name the API server reports.
    static func jsonType(_ node: ConfigNode) -> String {
        switch node.value {
        case .object: return "object"
        case .list: return "array"
        case .string: return "string"
        case .number(let number): return number.integer != nil ? "integer" : "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }
}
