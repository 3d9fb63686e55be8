/// One token of a filter expression, with the byte offset where it starts.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        /// An identifier-like word: a selector part, a keyword (`and`, `in`…) or a bare value.
        case word(String)
        /// A number as written (`2`, `-1`, `2.5`).
        case number(String)
        /// A double-quoted or back-quoted string, unescaped.
        case string(String)
        case equal, notEqual, openParen, closeParen, openBracket, closeBracket, dot
        case end
    }

    var kind: Kind
    var offset: Int

    /// Whether this is the keyword `word` (keywords are lower case, as in Consul).
    func isKeyword(_ word: String) -> Bool { kind == .word(word) }
}

/// Splits a filter expression into tokens.
enum FilterLexer {
    static func tokens(_ text: String) throws(FilterError) -> [FilterToken] {
        let bytes = Array(text.utf8)
        var tokens: [FilterToken] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let start = i
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                i += 1
                continue
            case UInt8(ascii: "("): tokens.append(.init(kind: .openParen, offset: i)); i += 1
            case UInt8(ascii: ")"): tokens.append(.init(kind: .closeParen, offset: i)); i += 1
            case UInt8(ascii: "["): tokens.append(.init(kind: .openBracket, offset: i)); i += 1
            case UInt8(ascii: "]"): tokens.append(.init(kind: .closeBracket, offset: i)); i += 1
            case UInt8(ascii: "."): tokens.append(.init(kind: .dot, offset: i)); i += 1
            case UInt8(ascii: "="), UInt8(ascii: "!"):
                guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "=") else {
                    throw FilterError.syntax(offset: i + 1, in: text, expected: [#""=""#])
                }
                tokens.append(.init(kind: b == UInt8(ascii: "=") ? .equal : .notEqual, offset: i))
                i += 2
            case UInt8(ascii: "\""):
                let (value, next) = try quoted(bytes, from: i, text: text)
                tokens.append(.init(kind: .string(value), offset: start))
                i = next
            case UInt8(ascii: "`"):
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "`")) else {
                    throw FilterError.syntax(offset: bytes.count, in: text, expected: [#""`""#])
                }
                tokens.append(.init(kind: .string(String(decoding: bytes[(i + 1)..<close], as: UTF8.self)), offset: start))
                i = close + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                i += 1
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "."), i + 1 < bytes.count, isDigit(bytes[i + 1]) {
                    i += 1
                    while i < bytes.count, isDigit(bytes[i]) { i += 1 }
                }
                let literal = String(decoding: bytes[start..<i], as: UTF8.self)
                guard literal != "-" else { throw FilterError.syntax(offset: i, in: text, expected: ["[0-9]"]) }
                tokens.append(.init(kind: .number(literal), offset: start))
            default:
                guard isWordStart(b) else {
                    throw FilterError.syntax(offset: i, in: text, expected: [#""(""#, #""not""#, "selector", "value"])
                }
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                tokens.append(.init(kind: .word(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start))
            }
        }
        tokens.append(.init(kind: .end, offset: bytes.count))
        return tokens
    }

    /// A double-quoted string with Go's escapes (`\"`, `\\`, `\n`, `\t`, `\uXXXX`…).
    private static func quoted(_ bytes: [UInt8], from open: Int, text: String) throws(FilterError) -> (String, Int) {
        var out: [UInt8] = []
        var i = open + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return (String(decoding: out, as: UTF8.self), i + 1) }
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code) else {
                        throw FilterError.syntax(offset: i, in: text, expected: ["hex digit"])
                    }
                    out += Array(String(Character(scalar)).utf8)
                    i += 4
                default: out.append(e)
                }
                continue
            }
            out.append(b)
            i += 1
        }
        throw FilterError.syntax(offset: bytes.count, in: text, expected: [#""\"""#])
    }

    private static func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }

    private static func isWordStart(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            || b == UInt8(ascii: "_")
    }

    private static func isWordByte(_ b: UInt8) -> Bool { isWordStart(b) || isDigit(b) }
}
