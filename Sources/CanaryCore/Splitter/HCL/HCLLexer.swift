/// Splits HCL version 1 text into tokens, skipping whitespace and comments.
///
/// Follows HashiCorp's HCL1 scanner: whitespace is space, tab, CR and LF; comments are
/// `#…` and `//…` to the end of the line and `/* … */` (not nested); identifiers are
/// `[A-Za-z_][A-Za-z0-9_.-]*`; numbers may be negative, hex (`0x1F`), leading-zero octal
/// (`010`) or floats (`33.34`, `1e2`, `.5`). Tokens are produced on demand so errors come
/// out in source order.
struct HCLLexer {
    var cursor: SourceCursor
    let label: String

    init(_ text: String, label: String) {
        cursor = SourceCursor(text)
        self.label = label
    }

    /// The next token; `.end` once the text is used up (and on every call after that).
    mutating func next() throws(ConfigError) -> HCLToken {
        try skipTrivia()
        let start = cursor.position
        guard let byte = cursor.peek() else {
            return HCLToken(kind: .end, range: cursor.range(from: start))
        }
        let kind: HCLToken.Kind
        switch byte {
        case UInt8(ascii: "{"): cursor.advance(); kind = .leftBrace
        case UInt8(ascii: "}"): cursor.advance(); kind = .rightBrace
        case UInt8(ascii: "["): cursor.advance(); kind = .leftBracket
        case UInt8(ascii: "]"): cursor.advance(); kind = .rightBracket
        case UInt8(ascii: ","): cursor.advance(); kind = .comma
        case UInt8(ascii: "="): cursor.advance(); kind = .equals
        case UInt8(ascii: "\""):
            kind = .string(try HCLStringLiteral.scan(&cursor, label: label))
        case UInt8(ascii: "<") where cursor.peek(1) == UInt8(ascii: "<"):
            kind = .heredoc(try HCLHeredoc.scan(&cursor, label: label))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = .number(try HCLNumberLiteral.scan(&cursor, label: label))
        case UInt8(ascii: "-") where cursor.peek(1).map(isDecimalDigit) == true:
            kind = .number(try HCLNumberLiteral.scan(&cursor, label: label))
        case UInt8(ascii: ".") where cursor.peek(1).map(isDecimalDigit) == true:
            kind = .number(try HCLNumberLiteral.scan(&cursor, label: label))
        case _ where isIdentifierStart(byte):
            let name = scanIdentifier()
            switch name {
            case "true": kind = .bool(true)
            case "false": kind = .bool(false)
            default: kind = .identifier(name)
            }
        case 0:
            throw error(at: start, "unexpected NUL character")
        default:
            kind = .unexpected(describeCharacter(cursor.advanceScalar()))
        }
        return HCLToken(kind: kind, range: cursor.range(from: start))
    }

    private mutating func skipTrivia() throws(ConfigError) {
        while let byte = cursor.peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                cursor.advance()
            case UInt8(ascii: "#"):
                skipLineComment()
            case UInt8(ascii: "/"):
                let start = cursor.position
                switch cursor.peek(1) {
                case UInt8(ascii: "/"):
                    skipLineComment()
                case UInt8(ascii: "*"):
                    cursor.advance(by: 2)
                    var closed = false
                    while !cursor.isAtEnd {
                        if cursor.peek() == UInt8(ascii: "*"), cursor.peek(1) == UInt8(ascii: "/") {
                            cursor.advance(by: 2)
                            closed = true
                            break
                        }
                        if cursor.peek() == 0 { throw error(at: cursor.position, "unexpected NUL character") }
                        cursor.advance()
                    }
                    if !closed { throw error(at: start, "comment is not terminated (missing '*/')") }
                default:
                    throw error(at: start, "expected '//' or '/*' to start a comment, found '/'")
                }
            default:
                return
            }
        }
    }

    /// Skips to the end of the line, leaving the newline itself for the whitespace loop.
    private mutating func skipLineComment() {
        while let byte = cursor.peek(), byte != UInt8(ascii: "\n") {
            if byte == 0 { return }  // reported as a token error next
            cursor.advance()
        }
    }

    private mutating func scanIdentifier() -> String {
        let start = cursor.offset
        cursor.advance()
        while let byte = cursor.peek(), isIdentifierPart(byte) { cursor.advance() }
        return cursor.text(start..<cursor.offset)
    }

    private func error(at position: SourcePosition, _ message: String) -> ConfigError {
        ConfigError(stage: .syntax, label: label, position: position, message: message)
    }
}

func isDecimalDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

func isHexDigit(_ byte: UInt8) -> Bool {
    isDecimalDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
}

func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
}

func isIdentifierPart(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || isDecimalDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
}
