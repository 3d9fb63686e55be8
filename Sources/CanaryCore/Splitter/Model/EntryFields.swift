/// Looks up Consul fields among an object's members and converts their values.
///
/// Mirrors how Consul decodes config entries: keys match case-insensitively and through
/// snake_case aliases (`service_subset` → `ServiceSubset`), values are weakly typed
/// (a number where a string is expected becomes its text, a one-element list where one
/// value is expected is that value), a JSON `null` counts as absent,
/// and a repeated key keeps its last value — except that one field spelled two different
/// ways in one object is refused, because Consul would pick one of them at random.
struct EntryFields {
    let members: [ConfigMember]
    /// Where this object sits, as Consul names it: `""`, `Splits[0]`, `Splits[0].RequestHeaders`.
    let path: String
    let label: String
    /// Lowercased spelling → canonical field name.
    private let canonicalBySpelling: [String: String]

    /// - Parameter fields: canonical field name → extra accepted spellings (snake_case aliases).
    init(_ node: ConfigNode, path: String, fields: [String: [String]], label: String) throws(ConfigError) {
        guard let members = node.members else {
            throw decodeError(label, node.range.start, "expected an object for \(displayPath(path)), found \(node.kindDescription)")
        }
        self.members = members
        self.path = path
        self.label = label
        var table: [String: String] = [:]
        for (canonical, aliases) in fields {
            table[canonical.lowercased()] = canonical
            for alias in aliases { table[alias.lowercased()] = canonical }
        }
        canonicalBySpelling = table
    }

    /// The canonical field a written key maps to, if any.
    func canonical(for key: String) -> String? { canonicalBySpelling[key.lowercased()] }

    /// `path.field` for messages and unknown-key reports.
    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Members whose key is not a known field, as Consul would report them.
    func unknownKeys(ignoring ignored: Set<String> = []) -> [String] {
        members.filter { canonical(for: $0.key) == nil && !ignored.contains($0.key) }.map { qualified($0.key) }
    }

    /// All members for a field, in source order; refuses two different spellings.
    func all(_ field: String) throws(ConfigError) -> [ConfigMember] {
        let found = members.filter { canonical(for: $0.key) == field }
        if let first = found.first, let other = found.first(where: { $0.key != first.key }) {
            throw decodeError(label, other.keyRange.start,
                              "\(quoted(qualified(field))) is given twice, as \(quoted(first.key)) and \(quoted(other.key));"
                              + " Consul would pick either one, so write it once")
        }
        return found
    }

    /// The effective member for a scalar field: the last one written.
    func last(_ field: String) throws(ConfigError) -> ConfigMember? {
        try all(field).last
    }

    /// A string field, weakly typed; `""` when absent or null.
    func string(_ field: String) throws(ConfigError) -> String {
        guard let member = try last(field) else { return "" }
        return try weakString(member.value, name: qualified(field), label: label)
    }

    /// A non-negative integer field such as `ModifyIndex`; `nil` when absent or null.
    func index(_ field: String) throws(ConfigError) -> UInt64? {
        guard let member = try last(field) else { return nil }
        switch unwrappedScalar(member.value).value {
        case .null: return nil
        case .number(let number):
            if let integer = number.integer, integer >= 0 { return UInt64(integer) }
            if let big = UInt64(number.literal) { return big }
        case .string(let text):
            if let parsed = UInt64(text) { return parsed }
        default: break
        }
        throw decodeError(label, member.value.range.start,
                          "expected a non-negative integer for \(quoted(qualified(field))), found \(member.value.kindDescription)")
    }

    /// A boolean field, weakly typed (`1`, `"true"`, …); `false` when absent or null.
    func bool(_ field: String) throws(ConfigError) -> Bool {
        guard let member = try last(field) else { return false }
        switch unwrappedScalar(member.value).value {
        case .null: return false
        case .bool(let value): return value
        case .number(let number): return number.value != 0
        case .string(let text):
            if text.isEmpty { return false }
            if let value = GoScalarText.parseBool(text) { return value }
        default: break
        }
        throw decodeError(label, member.value.range.start,
                          "expected a boolean for \(quoted(qualified(field))), found \(member.value.kindDescription)")
    }

    /// Every object given for a field: a list of objects, one object, or repeated blocks.
    func objects(_ field: String) throws(ConfigError) -> [ConfigNode] {
        var result: [ConfigNode] = []
        for member in try all(field) {
            switch member.value.value {
            case .null: continue
            case .object: result.append(member.value)
            case .list(let elements):
                for element in elements {
                    if case .null = element.value { continue }
                    guard element.members != nil else {
                        throw decodeError(label, element.range.start, "expected an object in \(quoted(qualified(field))),"
                                          + " found \(element.kindDescription)")
                    }
                    result.append(element)
                }
            default:
                throw decodeError(label, member.value.range.start,
                                  "expected an object or a list for \(quoted(qualified(field))), found \(member.value.kindDescription)")
            }
        }
        return result
    }

    /// A string map such as `Meta` (objects merged, later keys win); `nil` when absent.
    func stringMap(_ field: String) throws(ConfigError) -> [KeyValue]? {
        guard try !all(field).isEmpty else { return nil }
        var result: [KeyValue] = []
        for object in try objects(field) {
            for member in object.members ?? [] {
                let value = try weakString(member.value, name: "\(qualified(field)).\(member.key)", label: label)
                if let existing = result.firstIndex(where: { $0.key == member.key }) {
                    result[existing].value = value
                } else {
                    result.append(KeyValue(member.key, value))
                }
            }
        }
        return result
    }

    /// A list of strings such as `Remove`; a single string counts as a list of one.
    func stringList(_ field: String) throws(ConfigError) -> [String] {
        var result: [String] = []
        for member in try all(field) {
            let name = qualified(field)
            switch member.value.value {
            case .null: continue
            case .list(let elements):
                for element in elements { result.append(try weakString(element, name: name, label: label)) }
            default:
                result.append(try weakString(member.value, name: name, label: label))
            }
        }
        return result
    }
}

/// Consul's decode hook: where one value is expected, a list of exactly one value is that
/// value (`Name = ["payments"]`, `Weight = [50]`).
func unwrappedScalar(_ node: ConfigNode) -> ConfigNode {
    if case .list(let elements) = node.value, elements.count == 1 { return elements[0] }
    return node
}

/// Go's weak conversion to string: numbers become their text, booleans `1`/`0`, null `""`.
func weakString(_ written: ConfigNode, name: String, label: String) throws(ConfigError) -> String {
    let node = unwrappedScalar(written)
    switch node.value {
    case .string(let text): return text
    case .number(let number): return number.integer.map { String($0) } ?? plainDecimal(number.value)
    case .bool(let value): return value ? "1" : "0"
    case .null: return ""
    case .object, .list:
        throw decodeError(label, node.range.start, "expected a string for \(displayPath(name)), found \(node.kindDescription)")
    }
}

/// A double in plain positional notation with the fewest digits that read back exactly
/// (Go's `FormatFloat(f, 'f', -1, 64)`): `1e-05` → `0.00001`, `1e+20` → `100000000000000000000`.
func plainDecimal(_ value: Double) -> String {
    let text = "\(value)"
    guard let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
    var mantissa = String(text[..<eIndex])
    let exponent = Int(text[text.index(after: eIndex)...]) ?? 0
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa.removeFirst() }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
    var digits = whole + fraction
    var point = whole.count + exponent
    if point <= 0 {
        digits = String(repeating: "0", count: -point + 1) + digits
        point = 1
    } else if point > digits.count {
        digits += String(repeating: "0", count: point - digits.count)
    }
    var result = String(digits.prefix(point))
    var tail = String(digits.dropFirst(point))
    while tail.hasSuffix("0") { tail.removeLast() }
    if !tail.isEmpty { result += "." + tail }
    return (negative ? "-" : "") + result
}

func decodeError(_ label: String, _ position: SourcePosition, _ message: String) -> ConfigError {
    ConfigError(stage: .decode, label: label, position: position, message: message)
}

/// `Splits[0].Weight` → `"Splits[0].Weight"`, for messages.
func displayPath(_ path: String) -> String {
    path.isEmpty ? "the entry" : quoted(path)
}
