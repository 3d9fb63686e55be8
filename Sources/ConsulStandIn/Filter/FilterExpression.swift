import Foundation

/// A parsed Consul filter expression (`Service.Meta.version == 2 and "v3" in Service.Tags`),
/// checked against the shape of what it filters, ready to test values.
///
/// The subset of Consul's filter language the stand-in implements: selectors with `.` and
/// `["key"]` segments; `==`, `!=`, `is empty`, `is not empty`, `in`, `not in`, `contains`,
/// `not contains`, `matches`, `not matches`; `and`, `or`, `not` and parentheses; values
/// double-quoted, back-quoted, bare words or numbers. Values are compared as the text
/// written, so `version == 2` and `version == "2"` are the same test on a string field.
/// An empty expression matches everything (as an absent `?filter=` does).
public struct FilterExpression: Sendable {
    /// The expression as given.
    public let text: String
    let root: Node?

    indirect enum Node: Sendable {
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
        case match(Match)
    }

    enum Operator: String, Sendable {
        case equal = "=="
        case notEqual = "!="
        case isEmpty = "is empty"
        case isNotEmpty = "is not empty"
        case isIn = "in"
        case notIn = "not in"
        case contains = "contains"
        case notContains = "not contains"
        case matches = "matches"
        case notMatches = "not matches"
    }

    struct Match: Sendable {
        var selector: [String]
        var op: Operator
        /// The value as written (absent for `is empty`).
        var value: String?
        /// What the selector reaches.
        var shape: FilterShape
        var pattern: NSRegularExpression?
    }

    /// Parses `text`, checking every selector and operator against `shape`.
    public init(_ text: String, shape: FilterShape) throws(FilterError) {
        self.text = text
        if text.allSatisfy(\.isWhitespace) {
            root = nil
        } else {
            var parser = FilterParser(text: text, shape: shape)
            root = try parser.parse()
        }
    }

    /// Whether `value` (an entry of the filtered type) passes the filter.
    public func matches(_ value: FilterField) -> Bool {
        guard let root else { return true }
        return Self.evaluate(root, value)
    }

    private static func evaluate(_ node: Node, _ value: FilterField) -> Bool {
        switch node {
        case .and(let a, let b): return evaluate(a, value) && evaluate(b, value)
        case .or(let a, let b): return evaluate(a, value) || evaluate(b, value)
        case .not(let a): return !evaluate(a, value)
        case .match(let m): return m.test(value.resolve(m.selector))
        }
    }
}

extension FilterExpression.Match {
    /// Applies the operator to the selected field (nil: a map key that is absent).
    func test(_ field: FilterField?) -> Bool {
        switch op {
        case .equal: return equals(field)
        case .notEqual: return !equals(field)
        case .isEmpty: return isEmpty(field)
        case .isNotEmpty: return !isEmpty(field)
        case .isIn, .contains: return contains(field)
        case .notIn, .notContains: return !contains(field)
        case .matches: return regexMatches(field)
        case .notMatches: return !regexMatches(field)
        }
    }

    private func equals(_ field: FilterField?) -> Bool {
        guard let value else { return false }
        switch field {
        case .string(let s): return s == value
        case .int(let i): return Int(value) == i
        case .bool(let b): return Bool(value) == b
        default: return false
        }
    }

    private func isEmpty(_ field: FilterField?) -> Bool {
        switch field {
        case nil: return true
        case .string(let s): return s.isEmpty
        case .strings(let list): return list.isEmpty
        case .stringMap(let map): return map.isEmpty
        case .list(let list): return list.isEmpty
        case .object(let fields): return fields.isEmpty
        case .int, .bool: return false
        }
    }

    private func contains(_ field: FilterField?) -> Bool {
        guard let value else { return false }
        switch field {
        case .strings(let list): return list.contains(value)
        case .stringMap(let map): return map[value] != nil
        case .string(let s): return s.contains(value)
        default: return false
        }
    }

    private func regexMatches(_ field: FilterField?) -> Bool {
        guard let pattern, case .string(let s) = field else { return false }
        return pattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}
