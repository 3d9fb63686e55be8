import Yams

/// A YAML stream read the way kubectl reads a manifest: each document turned into the JSON
/// value sigs.k8s.io/yaml would send (go-yaml v2's scalar resolution, merge keys `<<`
/// applied), as a ``ConfigNode`` tree whose positions point into the text.
///
/// Yams (libyaml) does the parsing. Positions: every node's range *starts* where libyaml's
/// mark says (for a node with an anchor or tag, at that property) and, for collections, ends
/// there too; the splitter reader finds a weight literal's end itself (``YAMLScalarExtent``).
/// One deliberate difference from kubectl: a key given twice in one mapping is refused (go-yaml
/// v2 keeps the last silently; the file is ambiguous to every other reader).
struct YAMLStream {
    struct Document {
        /// Position in the stream, from 0, counting empty documents.
        var index: Int
        var root: ConfigNode
        /// Start offsets of every node that is also reached through an alias (or a merge):
        /// writing there would change every place that refers to it.
        var shared: [Int: String]
    }

    let documents: [Document]
    let lines: YAMLLineTable

    init(_ text: String, label: String) throws(ConfigError) {
        let lines = YAMLLineTable(Array(text.utf8))
        self.lines = lines
        var documents: [Document] = []
        do {
            let parser = try Parser(yaml: text)
            // Yams holds anchors weakly; the parser keeps them alive until we are done.
            try withExtendedLifetime(parser) {
                while let root = try parser.nextRoot() {
                    var converter = Converter(lines: lines, label: label)
                    converter.countAnchors(root)
                    let node = try converter.convert(root, shared: nil, depth: 0)
                    documents.append(Document(index: documents.count, root: node, shared: converter.shared))
                }
            }
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw Self.syntaxError(error, label: label, lines: lines)
        } catch {
            throw ConfigError(stage: .syntax, label: label, position: nil, message: "\(error)")
        }
        self.documents = documents
    }

    private static func syntaxError(_ error: YamlError, label: String, lines: YAMLLineTable) -> ConfigError {
        func at(_ mark: Mark?, _ message: String) -> ConfigError {
            ConfigError(stage: .syntax, label: label, position: mark.map { lines.position(line: $0.line, column: $0.column) },
                        message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return at(mark, "\(problem)\(while_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark, "a key is given twice in one mapping: " + duplicates.map { GoQuote.quote($0) }.joined(separator: ", "))
        case .reader(let problem, let offset, _, _):
            let position = offset.map { lines.position(ofOffset: min($0, lines.bytes.count)) }
            return ConfigError(stage: .syntax, label: label, position: position, message: problem)
        default:
            return at(nil, "\(error)")
        }
    }
}

/// Turns one Yams document into a JSON-typed ``ConfigNode``.
private struct Converter {
    let lines: YAMLLineTable
    let label: String
    /// How often each anchored node is reached (the definition plus each alias).
    var uses: [ObjectIdentifier: Int] = [:]
    var shared: [Int: String] = [:]

    init(lines: YAMLLineTable, label: String) {
        self.lines = lines
        self.label = label
    }

    mutating func countAnchors(_ node: Node, depth: Int = 0) {
        guard depth <= ConfigReader.maximumDepth else { return }
        if let anchor = node.anchor {
            let id = ObjectIdentifier(anchor)
            uses[id, default: 0] += 1
            if uses[id]! > 1 { return }  // an alias: its content was counted at the definition
        }
        switch node {
        case .mapping(let mapping): for (key, value) in mapping { countAnchors(key, depth: depth + 1); countAnchors(value, depth: depth + 1) }
        case .sequence(let sequence): for element in sequence { countAnchors(element, depth: depth + 1) }
        default: break
        }
    }

    func position(_ node: Node) -> SourcePosition {
        guard let mark = node.mark else { return .start }
        return lines.position(line: mark.line, column: mark.column)
    }

    func error(_ node: Node, _ message: String) -> ConfigError {
        ConfigError(stage: .syntax, label: label, position: position(node), message: message)
    }

    /// - Parameter shared: the anchor name when this node is inside a node reached more than once.
    /// - Parameter isKey: a mapping key, whose tag Yams has already resolved by its own rules
    ///   (it hashes keys to find duplicates): only the key's text and style count.
    mutating func convert(_ node: Node, shared inherited: String?, depth: Int,
                          isKey: Bool = false) throws(ConfigError) -> ConfigNode {
        guard depth <= ConfigReader.maximumDepth else {
            throw error(node, "mappings and sequences are nested too deeply (more than \(ConfigReader.maximumDepth) levels)")
        }
        var sharedBy = inherited
        if let anchor = node.anchor, (uses[ObjectIdentifier(anchor)] ?? 0) > 1 { sharedBy = anchor.rawValue }
        let start = position(node)
        if let sharedBy, shared[start.offset] == nil { shared[start.offset] = sharedBy }
        let range = SourceRange(start: start, end: start)
        switch node {
        case .scalar(let scalar):
            return ConfigNode(try value(of: scalar, node: node, isKey: isKey), range: range)
        case .sequence(let sequence):
            var elements: [ConfigNode] = []
            for element in sequence { elements.append(try convert(element, shared: sharedBy, depth: depth + 1)) }
            return ConfigNode(.list(elements), range: range)
        case .mapping(let mapping):
            var members: [ConfigMember] = []
            for (key, value) in mapping {
                if isMerge(key) {
                    try merge(value, into: &members, shared: sharedBy ?? "<<", depth: depth)
                    continue
                }
                let keyNode = try convert(key, shared: sharedBy, depth: depth + 1, isKey: true)
                let member = ConfigMember(key: try keyText(keyNode, node: key), keyRange: keyNode.range,
                                          value: try convert(value, shared: sharedBy, depth: depth + 1))
                set(member, in: &members)
            }
            return ConfigNode(.object(members), range: range)
        case .alias:
            throw error(node, "an unresolved alias")
        }
    }

    /// go-yaml v2: `<<` (plain, or tagged `!!merge`) merges a mapping, or a list of mappings of
    /// which earlier ones win, into this one; its keys replace those already set.
    private mutating func merge(_ node: Node, into members: inout [ConfigMember], shared: String,
                                depth: Int) throws(ConfigError) {
        let converted = try convert(node, shared: shared, depth: depth + 1)
        let sources: [ConfigNode]
        switch converted.value {
        case .object: sources = [converted]
        case .list(let elements): sources = elements.reversed()
        default: throw error(node, "map merge requires map or sequence of maps as the value")
        }
        for source in sources {
            guard let merged = source.members else {
                throw error(node, "map merge requires map or sequence of maps as the value")
            }
            for member in merged { set(member, in: &members) }
        }
    }

    private func set(_ member: ConfigMember, in members: inout [ConfigMember]) {
        if let existing = members.firstIndex(where: { $0.key == member.key }) {
            members.remove(at: existing)
        }
        members.append(member)
    }

    private func isMerge(_ key: Node) -> Bool {
        guard case .scalar(let scalar) = key, scalar.string == "<<" else { return false }
        return scalar.style == .plain || scalar.style == .any || scalar.tag.description == "tag:yaml.org,2002:merge"
    }

    /// A mapping key as JSON has it (sigs.k8s.io/yaml turns numbers and booleans into text).
    private func keyText(_ key: ConfigNode, node: Node) throws(ConfigError) -> String {
        switch key.value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            if let integer = number.integer { return String(integer) }
            return GoFloatFormat.verbV32(Float(number.value))
        case .null, .object, .list:
            throw error(node, "a mapping key must be a string, not \(key.kindDescription)")
        }
    }

    private func value(of scalar: Node.Scalar, node: Node, isKey: Bool) throws(ConfigError) -> ConfigNode.Value {
        let plain = scalar.style == .plain || scalar.style == .any
        let resolved: YAMLScalarResolution.Resolved
        do {
            resolved = try YAMLScalarResolution.resolve(scalar.string, plain: plain, tag: isKey ? "" : scalar.tag.description)
        } catch {
            throw self.error(node, error.message)
        }
        switch resolved {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string(let text), .timestamp(let text): return .string(text)
        case .integer(let value):
            return .number(ConfigNumber(literal: scalar.string, value: Double(value), integer: value))
        case .unsigned(let value):
            return .number(ConfigNumber(literal: scalar.string, value: Double(value), integer: nil))
        case .float(let value):
            guard value.isFinite else {
                throw self.error(node, "json: unsupported value: \(value.isNaN ? "NaN" : value < 0 ? "-Inf" : "+Inf")"
                                 + " (\(GoQuote.quote(scalar.string)) is a float JSON cannot carry)")
            }
            return .number(ConfigNumber(literal: scalar.string, value: value, integer: nil))
        }
    }
}
