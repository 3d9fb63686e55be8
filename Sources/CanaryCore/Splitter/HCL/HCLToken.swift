/// One lexical token of HCL version 1, with the source range it covers.
struct HCLToken: Equatable {
    enum Kind: Equatable {
        /// `[A-Za-z_][A-Za-z0-9_.-]*`, except `true` and `false`.
        case identifier(String)
        case bool(Bool)
        /// A double-quoted string, escapes already decoded.
        case string(String)
        /// A `<<EOF` or `<<-EOF` heredoc, its value already computed.
        case heredoc(String)
        case number(ConfigNumber)
        case leftBrace, rightBrace, leftBracket, rightBracket, comma, equals
        /// A character HCL1 has no use for (`:`, `;`, `+`, …), described for messages.
        case unexpected(String)
        case end
    }

    var kind: Kind
    var range: SourceRange

    /// How an error message names this token after "found": `':'`, `end of file`, …
    var foundDescription: String {
        switch kind {
        case .identifier(let name): return "identifier \"\(name)\""
        case .bool(let value): return value ? "true" : "false"
        case .string: return "a string"
        case .heredoc: return "a heredoc"
        case .number(let number): return "number \(number.literal)"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .equals: return "'='"
        case .unexpected(let description): return description
        case .end: return "end of file"
        }
    }

    /// True for tokens that can be a literal value (string, heredoc, number, bool).
    var isLiteral: Bool {
        switch kind {
        case .string, .heredoc, .number, .bool: return true
        default: return false
        }
    }

    /// The literal as a tree node, for tokens where ``isLiteral`` holds.
    var literalNode: ConfigNode? {
        switch kind {
        case .string(let text), .heredoc(let text): return ConfigNode(.string(text), range: range)
        case .number(let number): return ConfigNode(.number(number), range: range)
        case .bool(let value): return ConfigNode(.bool(value), range: range)
        default: return nil
        }
    }
}
