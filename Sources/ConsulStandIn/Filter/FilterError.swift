import CanaryCore

/// Why a filter expression was refused, worded as Consul (go-bexpr) words it.
///
/// ``description`` starts with Consul's `Failed to create boolean expression evaluator: `.
/// Syntax errors place the problem as `line:column (byte offset)` like Consul's parser; the
/// list of what was expected there is close to Consul's but not promised to be identical.
public enum FilterError: Error, Equatable, CustomStringConvertible {
    /// Nothing parses at `offset` (bytes from the start).
    case syntax(line: Int, column: Int, offset: Int, expected: [String])
    /// A grammar rule refused what it read: a bad number, string, index or parenthesis.
    case rule(line: Int, column: Int, offset: Int, rule: String, message: String)
    /// The selector names no field of the filtered type (`Service.Fooo`).
    case invalidSelector(String)
    /// The operator does not apply to what the selector reaches (`Service.Tags == v3`).
    case invalidOperator(operator: String, selector: String)
    /// The value cannot be turned into the field's type (`Service.Port == abc`).
    case coercion(value: String, selector: String, reason: String)
    /// A `matches` pattern that Go's regexp package refuses.
    case invalidPattern(pattern: String, reason: String)

    static func syntax(at offset: Int, in bytes: [UInt8], expected: [String]) -> FilterError {
        let (line, column) = position(offset, in: bytes)
        return .syntax(line: line, column: column, offset: offset, expected: expected)
    }

    static func rule(at offset: Int, in bytes: [UInt8], rule: String, message: String) -> FilterError {
        let (line, column) = position(offset, in: bytes)
        return .rule(line: line, column: column, offset: offset, rule: rule, message: message)
    }

    /// Line and column (counted in Unicode scalars, from 1) of a byte offset.
    private static func position(_ offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        let before = bytes.prefix(offset)
        let line = before.filter { $0 == 0x0A }.count + 1
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }

    public var description: String {
        "Failed to create boolean expression evaluator: " + detail
    }

    /// The message without Consul's prefix (what a resolver refusal quotes).
    public var detail: String {
        switch self {
        case .syntax(let line, let column, let offset, let expected):
            return "\(line):\(column) (\(offset)): no match found, expected: " + Self.list(expected)
        case .rule(let line, let column, let offset, let rule, let message):
            return "\(line):\(column) (\(offset)): rule \(GoQuote.quote(rule)): \(message)"
        case .invalidSelector(let selector):
            return "Selector \(GoQuote.quote(selector)) is not valid"
        case .invalidOperator(let op, let selector):
            return "Invalid match operator \(GoQuote.quote(op)) for selector \(GoQuote.quote(selector))"
        case .coercion(let value, let selector, let reason):
            return "Failed to coerce value \(GoQuote.quote(value)) for selector \(GoQuote.quote(selector)): \(reason)"
        case .invalidPattern(let pattern, let reason):
            return "Failed to compile regular expression \(GoQuote.quote(pattern)): error parsing regexp: \(reason)"
        }
    }

    private static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return "EOF"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items.last!
        }
    }
}
