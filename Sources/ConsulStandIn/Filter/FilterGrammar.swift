import CanaryCore

/// Parses Consul's filter language with go-bexpr's grammar, byte for byte: whitespace is
/// required around `and`, `or`, `in`, `contains`, `matches`, `is` and after `not`, optional
/// around `==`/`!=`; no space inside a selector before `.` or `[`; identifiers start with a
/// letter; numbers are `-`? (`0` | `[1-9][0-9]*`) (`.[0-9]+`)? and must be followed by
/// whitespace, `)` or the end; strings are `"…"` (Go escapes) or `` `…` ``.
///
/// A parsing expression grammar: ordered choice, and any error raised by a rule (a bad
/// number, string, index or parenthesis) fails the whole parse, as in Consul. When nothing
/// matches, the error names the farthest position reached and what was expected there.
struct FilterGrammar {
    private let b: [UInt8]
    private var farthest = 0
    private var expected: Set<String> = []
    private var ruleErrors: [FilterError] = []

    private init(_ text: String) { b = Array(text.utf8) }

    static func parse(_ text: String) throws(FilterError) -> FilterNode {
        var grammar = FilterGrammar(text)
        let node = grammar.input()
        if let error = grammar.ruleErrors.first { throw error }
        guard let node else {
            throw FilterError.syntax(at: grammar.farthest, in: grammar.b, expected: grammar.expected.sorted())
        }
        return node
    }

    // MARK: - Expressions

    private mutating func input() -> FilterNode? {
        let start = ws(0)
        if literal(start, "(") {
            if let (inner, end) = or(ws(start + 1)), literal(ws(end), ")"), isEnd(ws(ws(end) + 1)) { return inner }
        }
        guard let (node, end) = or(start), isEnd(ws(end)) else { return nil }
        return node
    }

    private mutating func or(_ i: Int) -> (FilterNode, Int)? {
        guard let (left, end) = and(i) else { return nil }
        if let k = keyword(end, "or"), let (right, after) = or(k) { return (.or(left, right), after) }
        return (left, end)
    }

    private mutating func and(_ i: Int) -> (FilterNode, Int)? {
        guard let (left, end) = not(i) else { return nil }
        if let k = keyword(end, "and"), let (right, after) = and(k) { return (.and(left, right), after) }
        return (left, end)
    }

    private mutating func not(_ i: Int) -> (FilterNode, Int)? {
        if literal(i, "not"), let k = ws1(i + 3), let (operand, end) = not(k) {
            if case .not(let inner) = operand { return (inner, end) }
            return (.not(operand), end)
        }
        return parenthesized(i)
    }

    private mutating func parenthesized(_ i: Int) -> (FilterNode, Int)? {
        var unclosed: Int?
        if literal(i, "(") {
            if let (inner, end) = or(ws(i + 1)) {
                let close = ws(end)
                if literal(close, ")") { return (inner, close + 1) }
                unclosed = close
            }
        }
        if let (match, end) = match(i) { return (.match(match), end) }
        if let unclosed { raise(at: unclosed, rule: "grouping", "Unmatched parentheses") }
        return nil
    }

    // MARK: - Matches

    private mutating func match(_ i: Int) -> (FilterMatch, Int)? {
        if let (selector, end) = selector(i) {
            if let (op, k) = firstOperator(end, [.equal, .notEqual, .isIn, .notIn, .matches, .notMatches], contains: true) {
                if let (value, after) = value(k) { return (FilterMatch(selector: selector, op: op, value: value), after) }
            } else if let (op, after) = firstOperator(end, [.isEmpty, .isNotEmpty], contains: false) {
                return (FilterMatch(selector: selector, op: op, value: nil), after)
            }
        }
        guard let (value, end) = value(i), let (op, k) = firstOperator(end, [.isIn, .notIn], contains: false) else { return nil }
        if let (selector, after) = selector(k) { return (FilterMatch(selector: selector, op: op, value: value), after) }
        raise(at: k, rule: "match", "Invalid selector")
        return nil
    }

    /// The first operator of `candidates` written at `i`, and where its trailing space ends.
    /// With `contains`, `in`/`not in` are spelled `contains`/`not contains` (selector first).
    private mutating func firstOperator(_ i: Int, _ candidates: [FilterOperator], contains: Bool) -> (FilterOperator, Int)? {
        for op in candidates {
            let end: Int?
            switch op {
            case .equal: end = literal(ws(i), "==") ? ws(ws(i) + 2) : nil
            case .notEqual: end = literal(ws(i), "!=") ? ws(ws(i) + 2) : nil
            case .isEmpty: end = words(i, ["is", "empty"], trailing: false)
            case .isNotEmpty: end = words(i, ["is", "not", "empty"], trailing: false)
            case .isIn: end = words(i, [contains ? "contains" : "in"], trailing: true)
            case .notIn: end = words(i, ["not", contains ? "contains" : "in"], trailing: true)
            case .matches: end = words(i, ["matches"], trailing: true)
            case .notMatches: end = words(i, ["not", "matches"], trailing: true)
            }
            if let end { return (op, end) }
        }
        return nil
    }

    /// `_ w1 _ w2 … [_]`: each word preceded by required whitespace.
    private mutating func words(_ i: Int, _ list: [String], trailing: Bool) -> Int? {
        var at = i
        for word in list {
            guard let k = ws1(at), literal(k, word) else { return nil }
            at = k + word.utf8.count
        }
        return trailing ? ws1(at) : at
    }

    // MARK: - Selectors and values

    private mutating func selector(_ i: Int) -> ([[UInt8]], Int)? {
        guard let (first, end) = identifier(i) else { return nil }
        var segments = [first]
        var at = end
        while true {
            if literal(at, "."), let (name, next) = identifier(at + 1) {
                segments.append(name)
                at = next
            } else if let (key, next) = index(at) {
                segments.append(key)
                at = next
            } else {
                return (segments, at)
            }
        }
    }

    private mutating func identifier(_ i: Int) -> ([UInt8], Int)? {
        guard i < b.count, isLetter(b[i]) else { return fail(i, "[a-zA-Z]") }
        var end = i + 1
        while end < b.count, isLetter(b[end]) || isDigit(b[end]) || b[end] == UInt8(ascii: "_") { end += 1 }
        expect(end, "[a-zA-Z0-9_]")
        return (Array(b[i..<end]), end)
    }

    private mutating func index(_ i: Int) -> ([UInt8], Int)? {
        guard literal(i, "[") else { return nil }
        let start = ws(i + 1)
        guard let (key, end) = string(start) else {
            if !peekString(start) { raise(at: start, rule: "index", "Invalid index") }
            return nil
        }
        let close = ws(end)
        guard literal(close, "]") else {
            raise(at: close, rule: "index", "Unclosed index expression")
            return nil
        }
        return (key, close + 1)
    }

    private mutating func value(_ i: Int) -> ([UInt8], Int)? {
        if let (segments, end) = selector(i) { return (Array(segments.joined(separator: [UInt8(ascii: ".")])), end) }
        if let result = number(i) { return result }
        return string(i)
    }

    private mutating func number(_ i: Int) -> ([UInt8], Int)? {
        var at = i
        if at < b.count, b[at] == UInt8(ascii: "-") { at += 1 } else { expect(at, "\"-\"") }
        if literal(at, "0") {
            at += 1
        } else if at < b.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(b[at]) {
            at += 1
            while at < b.count, isDigit(b[at]) { at += 1 }
            expect(at, "[0-9]")
        } else {
            return fail(at, "[1-9]")
        }
        if literal(at, "."), at + 1 < b.count, isDigit(b[at + 1]) {
            at += 2
            while at < b.count, isDigit(b[at]) { at += 1 }
        }
        let followedWell = at >= b.count || isSpace(b[at]) || b[at] == UInt8(ascii: ")")
        guard followedWell else {
            raise(at: at, rule: "number", "Invalid number literal")
            return nil
        }
        return (Array(b[i..<at]), at)
    }

    /// `"…"` or `` `…` `` unquoted as Go's strconv.Unquote does.
    private mutating func string(_ i: Int) -> ([UInt8], Int)? {
        guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "`") else {
            expect(i, "\"\\\"\"")
            return fail(i, "\"`\"")
        }
        guard let close = b[(i + 1)...].firstIndex(of: b[i]) else {
            raise(at: b.count, rule: "string", "Unterminated string literal")
            return nil
        }
        do {
            return (try GoUnquote.unquote(Array(b[i...close])), close + 1)
        } catch {
            raise(at: i, rule: "string", "invalid syntax")
            return nil
        }
    }

    private func peekString(_ i: Int) -> Bool {
        i < b.count && (b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "`"))
            && b[(i + 1)...].contains(b[i])
    }

    // MARK: - Terminals

    /// `_`: one or more of space, tab, CR, LF; nil when there is none.
    private mutating func ws1(_ i: Int) -> Int? {
        let end = ws(i)
        return end > i ? end : nil
    }

    /// `_?`: skips whitespace.
    private mutating func ws(_ i: Int) -> Int {
        var end = i
        while end < b.count, isSpace(b[end]) { end += 1 }
        expect(end, "[ \\t\\r\\n]")
        return end
    }

    private mutating func keyword(_ i: Int, _ word: String) -> Int? {
        guard let k = ws1(i), literal(k, word) else { return nil }
        return ws1(k + word.utf8.count)
    }

    private mutating func literal(_ i: Int, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if i + bytes.count <= b.count, Array(b[i..<(i + bytes.count)]) == bytes { return true }
        expect(i, GoQuote.quote(text))
        return false
    }

    private mutating func isEnd(_ i: Int) -> Bool {
        if i >= b.count { return true }
        expect(i, "EOF")
        return false
    }

    /// Records what was expected at `i`; only the farthest position counts.
    private mutating func expect(_ i: Int, _ what: String) {
        if i > farthest {
            farthest = i
            expected = [what]
        } else if i == farthest {
            expected.insert(what)
        }
    }

    /// ``expect(_:_:)``, then nil.
    private mutating func fail<T>(_ i: Int, _ what: String) -> T? {
        expect(i, what)
        return nil
    }

    private mutating func raise(at offset: Int, rule: String, _ message: String) {
        ruleErrors.append(.rule(at: offset, in: b, rule: rule, message: message))
    }

    private func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
    }

    private func isDigit(_ c: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) }

    private func isLetter(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
    }
}
