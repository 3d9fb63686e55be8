import Foundation

/// Recursive descent over filter tokens: `or` binds loosest, then `and`, then unary `not`.
///
/// ```
/// expression := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" expression ")" | match
/// match      := selector ("==" | "!=") value | selector "is" ["not"] "empty"
///             | selector ["not"] ("contains" | "matches") value | value ["not"] "in" selector
/// selector   := word ("." word | "[" string "]")*
/// value      := string | number | word ("." word)*
/// ```
struct FilterParser {
    private let text: String
    private let shape: FilterShape
    private var tokens: [FilterToken] = []
    private var position = 0

    init(text: String, shape: FilterShape) {
        self.text = text
        self.shape = shape
    }

    mutating func parse() throws(FilterError) -> FilterExpression.Node {
        tokens = try FilterLexer.tokens(text)
        let node = try expression()
        guard current.kind == .end else { throw unexpected([#""and""#, #""or""#, "EOF"]) }
        return node
    }

    private var current: FilterToken { tokens[position] }
    private var next: FilterToken { tokens[min(position + 1, tokens.count - 1)] }
    private mutating func advance() { position = min(position + 1, tokens.count - 1) }

    private func unexpected(_ expected: [String]) -> FilterError {
        .syntax(offset: current.offset, in: text, expected: expected)
    }

    private mutating func expression() throws(FilterError) -> FilterExpression.Node {
        var left = try conjunction()
        while current.isKeyword("or") {
            advance()
            left = .or(left, try conjunction())
        }
        return left
    }

    private mutating func conjunction() throws(FilterError) -> FilterExpression.Node {
        var left = try unary()
        while current.isKeyword("and") {
            advance()
            left = .and(left, try unary())
        }
        return left
    }

    private mutating func unary() throws(FilterError) -> FilterExpression.Node {
        if current.isKeyword("not") {
            advance()
            return .not(try unary())
        }
        if current.kind == .openParen {
            advance()
            let inner = try expression()
            guard current.kind == .closeParen else { throw unexpected([#"")""#, #""and""#, #""or""#]) }
            advance()
            return inner
        }
        return .match(try match())
    }

    private mutating func match() throws(FilterError) -> FilterExpression.Match {
        // A quoted string or a number can only be the value of `value [not] in selector`.
        switch current.kind {
        case .string(let v), .number(let v):
            advance()
            return try membership(value: v)
        case .word:
            break
        default:
            throw unexpected([#""(""#, #""not""#, "selector", "value"])
        }
        let start = position
        let segments = try selector()
        switch current.kind {
        case .equal, .notEqual:
            let op: FilterExpression.Operator = current.kind == .equal ? .equal : .notEqual
            advance()
            return try make(segments, op, value: try value())
        case .word("is"):
            advance()
            var op = FilterExpression.Operator.isEmpty
            if current.isKeyword("not") {
                advance()
                op = .isNotEmpty
            }
            guard current.isKeyword("empty") else { throw unexpected([#""empty""#, #""not""#]) }
            advance()
            return try make(segments, op, value: nil)
        case .word("contains"), .word("matches"):
            let op: FilterExpression.Operator = current.isKeyword("contains") ? .contains : .matches
            advance()
            return try make(segments, op, value: try value())
        case .word("not") where next.isKeyword("contains") || next.isKeyword("matches"):
            let op: FilterExpression.Operator = next.isKeyword("contains") ? .notContains : .notMatches
            advance()
            advance()
            return try make(segments, op, value: try value())
        case .word("in"), .word("not"):
            // What looked like a selector was a bare value: `v3 in Service.Tags`.
            guard tokens[start..<position].allSatisfy({ if case .word = $0.kind { true } else { $0.kind == .dot } }) else {
                throw unexpected([#""==""#, #""!=""#, #""is""#, #""contains""#, #""matches""#])
            }
            return try membership(value: segments.joined(separator: "."))
        default:
            throw unexpected([#""!=""#, #"".""#, #""==""#, #""[""#, #""contains""#, #""in""#, #""is""#, #""matches""#, #""not""#])
        }
    }

    /// `value in selector` / `value not in selector`, with the value already read.
    private mutating func membership(value: String) throws(FilterError) -> FilterExpression.Match {
        var op = FilterExpression.Operator.isIn
        if current.isKeyword("not") {
            advance()
            op = .notIn
        }
        guard current.isKeyword("in") else { throw unexpected([#""in""#, #""not""#]) }
        advance()
        guard case .word = current.kind else { throw unexpected(["selector"]) }
        return try make(try selector(), op, value: value)
    }

    private mutating func selector() throws(FilterError) -> [String] {
        guard case .word(let first) = current.kind else { throw unexpected(["selector"]) }
        var segments = [first]
        advance()
        while true {
            switch current.kind {
            case .dot:
                advance()
                guard case .word(let w) = current.kind else { throw unexpected(["[a-zA-Z0-9_]"]) }
                segments.append(w)
                advance()
            case .openBracket:
                advance()
                guard case .string(let key) = current.kind else { throw unexpected(["string"]) }
                advance()
                guard current.kind == .closeBracket else { throw unexpected([#""]""#]) }
                advance()
                segments.append(key)
            default:
                return segments
            }
        }
    }

    private mutating func value() throws(FilterError) -> String {
        switch current.kind {
        case .string(let v), .number(let v):
            advance()
            return v
        case .word(let w):
            advance()
            var words = [w]
            while current.kind == .dot, case .word(let more) = next.kind {
                advance()
                advance()
                words.append(more)
            }
            return words.joined(separator: ".")
        default:
            throw unexpected(["value"])
        }
    }

    /// Checks the selector and operator against the shape and builds the match.
    private func make(_ segments: [String], _ op: FilterExpression.Operator, value: String?) throws(FilterError) -> FilterExpression.Match {
        let name = segments.joined(separator: ".")
        guard let reached = shape.resolve(segments) else { throw .invalidSelector(name) }
        let allowed: Bool
        switch (reached, op) {
        case (_, .isEmpty), (_, .isNotEmpty): allowed = true
        case (.string, _): allowed = true
        case (.int, .equal), (.int, .notEqual), (.bool, .equal), (.bool, .notEqual): allowed = true
        case (.strings, .isIn), (.strings, .notIn), (.strings, .contains), (.strings, .notContains): allowed = true
        case (.stringMap, .isIn), (.stringMap, .notIn), (.stringMap, .contains), (.stringMap, .notContains): allowed = true
        default: allowed = false
        }
        guard allowed else { throw .invalidOperator(operator: op.rawValue, selector: name) }
        if let value {
            if reached == .int, Int(value) == nil { throw .coercion(value: value, type: "int") }
            if reached == .bool, Bool(value) == nil { throw .coercion(value: value, type: "bool") }
        }
        var pattern: NSRegularExpression?
        if op == .matches || op == .notMatches, let value {
            do {
                pattern = try NSRegularExpression(pattern: value)
            } catch {
                throw .invalidPattern(value)
            }
        }
        return .init(selector: segments, op: op, value: value, shape: reached, pattern: pattern)
    }
}
