/// Parses HCL version 1 text into a ``ConfigNode`` tree.
///
/// Grammar (HCL1's, as Consul uses it):
/// - a file or `{ … }` body is a sequence of items, each optionally followed by one comma;
/// - an item is `key = value` or `key { … }`; `key "label" … { … }` is a block with labels,
///   read as nested objects (`key { label { … } }`);
/// - a key is an identifier or a quoted string; a value is a string, heredoc, number, bool,
///   object or list; list elements are comma-separated, with extra commas tolerated.
public enum HCLParser {
    /// Parses a whole HCL1 document; the top level becomes an object spanning the text.
    /// - Parameter label: names the text in error messages (no I/O happens).
    public static func parse(_ text: String, label: String) throws(ConfigError) -> ConfigNode {
        var parser = try Parser(text: text, label: label)
        return try parser.parseDocument()
    }
}

private struct Parser {
    var lexer: HCLLexer
    var token: HCLToken
    var depth = 0

    init(text: String, label: String) throws(ConfigError) {
        lexer = HCLLexer(text, label: label)
        token = try lexer.next()
    }

    mutating func advance() throws(ConfigError) {
        token = try lexer.next()
    }

    mutating func parseDocument() throws(ConfigError) -> ConfigNode {
        let members = try parseItems(openedAt: nil)
        let range = SourceRange(start: .start, end: lexer.cursor.position)
        return ConfigNode(.object(members), range: range)
    }

    /// Items up to `}` (left unconsumed) or, at top level, the end of the text.
    mutating func parseItems(openedAt open: HCLToken?) throws(ConfigError) -> [ConfigMember] {
        var members: [ConfigMember] = []
        while true {
            switch token.kind {
            case .end:
                if let open {
                    throw error("expected '}' to close the block opened at \(open.range.start), found end of file")
                }
                return members
            case .rightBrace where open != nil:
                return members
            case .identifier(let key), .string(let key):
                members.append(try parseItem(key: key))
            default:
                throw error("expected a key, found \(token.foundDescription)")
            }
            if token.kind == .comma { try advance() }
        }
    }

    mutating func parseItem(key: String) throws(ConfigError) -> ConfigMember {
        let keyRange = token.range
        try advance()
        var labels: [(String, SourceRange)] = []
        let value: ConfigNode
        loop: while true {
            switch token.kind {
            case .identifier(let label), .string(let label):
                labels.append((label, token.range))
                try advance()
            case .equals where labels.isEmpty:
                try advance()
                value = try parseValue(key: key)
                break loop
            case .leftBrace:
                value = try parseObject()
                break loop
            default:
                if labels.isEmpty {
                    throw error("expected '=' or '{' after key \(quoted(key)), found \(token.foundDescription)")
                }
                let names = ([key] + labels.map(\.0)).map(quoted).joined(separator: " ")
                throw error("expected '{' after block labels \(names), found \(token.foundDescription)")
            }
        }
        var nested = value
        for (label, range) in labels.reversed() {
            let member = ConfigMember(key: label, keyRange: range, value: nested)
            nested = ConfigNode(.object([member]), range: SourceRange(start: range.start, end: nested.range.end))
        }
        return ConfigMember(key: key, keyRange: keyRange, value: nested)
    }

    mutating func parseValue(key: String) throws(ConfigError) -> ConfigNode {
        if let literal = token.literalNode {
            try advance()
            return literal
        }
        switch token.kind {
        case .leftBrace: return try parseObject()
        case .leftBracket: return try parseList()
        default:
            throw error("expected a value after '=' for key \(quoted(key)), found \(token.foundDescription)")
        }
    }

    mutating func parseObject() throws(ConfigError) -> ConfigNode {
        let open = token
        try enter()
        try advance()
        let members = try parseItems(openedAt: open)
        let range = SourceRange(start: open.range.start, end: token.range.end)
        try advance()  // the '}' parseItems stopped at
        depth -= 1
        return ConfigNode(.object(members), range: range)
    }

    mutating func parseList() throws(ConfigError) -> ConfigNode {
        let open = token
        try enter()
        try advance()
        var elements: [ConfigNode] = []
        var needComma = false
        while true {
            if needComma, token.kind != .comma, token.kind != .rightBracket, token.kind != .end {
                throw error("expected ',' or ']' after a list element, found \(token.foundDescription)")
            }
            if let literal = token.literalNode {
                elements.append(literal)
                try advance()
                needComma = true
                continue
            }
            switch token.kind {
            case .leftBrace:
                elements.append(try parseObject())
                needComma = true
            case .leftBracket:
                elements.append(try parseList())
                needComma = true
            case .comma:
                try advance()
                needComma = false
            case .rightBracket:
                let range = SourceRange(start: open.range.start, end: token.range.end)
                try advance()
                depth -= 1
                return ConfigNode(.list(elements), range: range)
            case .end:
                throw error("expected ']' to close the list opened at \(open.range.start), found end of file")
            default:
                throw error("expected a value or ']' in list, found \(token.foundDescription)")
            }
        }
    }

    mutating func enter() throws(ConfigError) {
        depth += 1
        if depth > ConfigReader.maximumDepth {
            throw error("objects and lists are nested too deeply (more than \(ConfigReader.maximumDepth) levels)")
        }
    }

    func error(_ message: String) -> ConfigError {
        syntaxError(lexer.label, token.range.start, message)
    }
}

/// A key or label in double quotes for messages, with quotes and backslashes escaped.
func quoted(_ text: String) -> String {
    GoQuote.quote(text)
}
