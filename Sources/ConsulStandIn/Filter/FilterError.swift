/// Why a filter expression was refused, worded as Consul words it.
///
/// ``description`` starts with Consul's `Failed to create boolean expression evaluator: ` and,
/// for syntax errors, places the problem as `line:column (byte offset)` like Consul's parser;
/// the list of what was expected there is our own, not a copy of Consul's.
public enum FilterError: Error, Equatable, CustomStringConvertible {
    /// The text does not parse at `offset` (bytes from the start).
    case syntax(line: Int, column: Int, offset: Int, expected: [String])
    /// The selector names no field of the filtered type (`Service.Fooo`).
    case invalidSelector(String)
    /// The operator does not apply to what the selector reaches (`Service.Tags == v3`).
    case invalidOperator(operator: String, selector: String)
    /// The value cannot be turned into the field's type (`Service.Port == abc`).
    case coercion(value: String, type: String)
    /// A `matches` pattern that is not a regular expression.
    case invalidPattern(String)

    /// A syntax error at byte `offset` of `text`, with its line and column worked out.
    static func syntax(offset: Int, in text: String, expected: [String]) -> FilterError {
        let before = Array(text.utf8).prefix(offset)
        let line = before.filter { $0 == 0x0A }.count + 1
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return .syntax(line: line, column: column, offset: offset, expected: expected)
    }

    public var description: String {
        "Failed to create boolean expression evaluator: " + detail
    }

    /// The message without Consul's prefix.
    public var detail: String {
        switch self {
        case .syntax(let line, let column, let offset, let expected):
            return "\(line):\(column) (\(offset)): no match found, expected: " + Self.list(expected)
        case .invalidSelector(let selector):
            return "Selector \"\(selector)\" is not valid"
        case .invalidOperator(let op, let selector):
            return "Invalid match operator \"\(op)\" for selector \"\(selector)\""
        case .coercion(let value, let type):
            return "Failed to coerce value \"\(value)\" to type \(type)"
        case .invalidPattern(let pattern):
            return "Invalid regular expression \"\(pattern)\""
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
