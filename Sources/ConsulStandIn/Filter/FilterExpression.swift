/// A Consul filter expression (`Service.Meta.version == 2 and "v3" in Service.Tags`), read
/// exactly as Consul reads it (go-bexpr 0.1.2, the version Consul pins) and ready to test
/// values.
///
/// - ``init(_:shape:)`` is what `GET /v1/health/service/…?filter=` does: the text must parse,
///   every selector must exist in `shape`, every operator must apply to what it selects,
///   every value must convert to the field's type and every `matches` pattern must be a
///   regular expression Go accepts. An empty text keeps everything; whitespace alone does
///   not parse.
/// - ``checkSyntax(_:)`` is what Consul does with a resolver subset's `Filter`: parse only.
///
/// Evaluation follows go-bexpr: through a list of structures a match holds when it holds
/// for any element (`Checks.Status != passing`: some check is not passing); a map key that
/// is absent makes `==`, `in` and `is not empty` false and every other operator true; `in`
/// on a string field and `contains` on one are substring tests; strings compare as bytes.
public struct FilterExpression: Sendable {
    /// The expression as given.
    public let text: String
    private let root: FilterTree<Match>?

    struct Match: Sendable {
        var selector: [[UInt8]]
        var op: FilterOperator
        var value: FilterValue?
        var pattern: RE2Pattern?
    }

    /// Parses `text` and checks it against `shape`, as Consul's health endpoint does.
    public init(_ text: String, shape: FilterShape) throws(FilterError) {
        self.text = text
        let top = FieldConfiguration(shape)
        root = text.isEmpty ? nil : try FilterGrammar.parse(text).map { (m: FilterMatch) throws(FilterError) in try Self.check(m, top) }
    }

    /// Parses `text` without looking at fields, values or patterns, as Consul does with a
    /// resolver subset filter (`bexpr.CreateEvaluator(filter, nil)`).
    public static func checkSyntax(_ text: String) throws(FilterError) {
        _ = try FilterGrammar.parse(text)
    }

    /// Whether `value` (an entry of the filtered type) passes the filter.
    public func matches(_ value: FilterField) -> Bool {
        guard let root else { return true }
        return root.evaluate { $0.test(value, depth: 0) }
    }

    private static func check(_ m: FilterMatch, _ top: FieldConfiguration) throws(FilterError) -> Match {
        var config = top
        for (index, segment) in m.selector.enumerated() {
            guard let shape = config.next(segment) else {
                throw .invalidSelector(FilterMatch(selector: Array(m.selector[...index]), op: m.op).selectorText)
            }
            config = FieldConfiguration(shape)
        }
        guard config.operators.contains(m.op) else { throw .invalidOperator(operator: m.op.name, selector: m.selectorText) }
        var match = Match(selector: m.selector, op: m.op, value: nil, pattern: nil)
        guard let raw = m.value else { return match }
        if let kind = config.coercion {
            do {
                match.value = try FilterValue.coerce(raw, to: kind)
            } catch {
                throw .coercion(value: String(decoding: raw, as: UTF8.self), selector: m.selectorText, reason: error.reason)
            }
        } else {
            match.value = .string(raw)
        }
        if m.op == .matches || m.op == .notMatches {
            do {
                match.pattern = try RE2Pattern(raw)
            } catch {
                throw .invalidPattern(pattern: String(decoding: raw, as: UTF8.self), reason: error.message)
            }
        }
        return match
    }
}

extension FilterMatch {
    init(selector: [[UInt8]], op: FilterOperator) {
        self.init(selector: selector, op: op, value: nil)
    }
}

extension FilterExpression.Match {
    /// go-bexpr's walk: `field` is what the first `depth` segments reached.
    func test(_ field: FilterField, depth: Int) -> Bool {
        if depth == selector.count {
            let result = apply(op.positive, to: field)
            return op.isNegated ? !result : result
        }
        switch field {
        case .object(let fields):
            guard let name = String(validating: selector[depth], as: UTF8.self), let next = fields[name] else { return false }
            return test(next, depth: depth + 1)
        case .list(let items):
            return items.contains { test($0, depth: depth) }
        case .map(let entries):
            guard let entry = entries.first(where: { $0.key == selector[depth] }) else {
                return ![.equal, .isNotEmpty, .isIn].contains(op)
            }
            return test(entry.value, depth: depth + 1)
        case .string, .int, .bool:
            return false
        }
    }

    private func apply(_ op: FilterOperator, to field: FilterField) -> Bool {
        switch op {
        case .equal: return equals(field)
        case .isEmpty:
            switch field {
            case .list(let items): return items.isEmpty
            case .map(let entries): return entries.isEmpty
            default: return false
            }
        case .isIn:
            switch field {
            case .map(let entries): return entries.contains { .string($0.key) == value }
            case .list(let items): return items.contains { equals($0) }
            case .string(let s):
                guard case .string(let needle) = value else { return false }
                return Self.contains(Array(s.utf8), needle)
            default: return false
            }
        case .matches:
            guard let pattern, case .string(let s) = field else { return false }
            return pattern.matches(s)
        default: return false
        }
    }

    private func equals(_ field: FilterField) -> Bool {
        switch (field, value) {
        case (.string(let s), .string(let v)?): return Array(s.utf8) == v
        case (.int(let i), .int(let v)?): return i == v
        case (.bool(let b), .bool(let v)?): return b == v
        default: return false
        }
    }

    /// Byte-wise substring test, as Go's `strings.Contains`.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
