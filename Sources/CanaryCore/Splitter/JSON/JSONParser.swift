/// Parses strict JSON (RFC 8259) into a ``ConfigNode`` tree with source ranges.
///
/// No comments, no trailing commas, no single quotes: exactly what `consul config write`
/// and Consul's HTTP API accept. Duplicate keys are kept as written (the decoder applies
/// "last one wins"). Lone UTF-16 surrogate escapes become U+FFFD, as in Go.
public enum JSONParser {
    /// Parses a whole JSON text, which may be any JSON value.
    /// - Parameter label: names the text in error messages (no I/O happens).
    public static func parse(_ text: String, label: String) throws(ConfigError) -> ConfigNode {
        var reader = JSONReader(cursor: SourceCursor(text), label: label)
        try reader.skipWhitespace()
        let value = try reader.parseValue()
        try reader.skipWhitespace()
        if !reader.cursor.isAtEnd {
            throw reader.error("unexpected \(reader.found) after the end of the JSON value")
        }
        return value
    }
}

private struct JSONReader {
    var cursor: SourceCursor
    let label: String
    var depth = 0

    var found: String {
        cursor.isAtEnd ? "end of file" : describeCharacter(cursor.scalar(at: cursor.offset))
    }

    func error(_ message: String, at position: SourcePosition? = nil) -> ConfigError {
        syntaxError(label, position ?? cursor.position, message)
    }

    mutating func skipWhitespace() throws(ConfigError) {
        while let byte = cursor.peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                cursor.advance()
            case UInt8(ascii: "/") where cursor.peek(1) == UInt8(ascii: "/") || cursor.peek(1) == UInt8(ascii: "*"):
                throw error("comments are not allowed in JSON")
            default:
                return
            }
        }
    }

    mutating func parseValue() throws(ConfigError) -> ConfigNode {
        let start = cursor.position
        switch cursor.peek() ?? 0 {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let text = try parseString()
            return ConfigNode(.string(text), range: cursor.range(from: start))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let number = try parseNumber()
            return ConfigNode(.number(number), range: cursor.range(from: start))
        case UInt8(ascii: "t"): return try parseWord("true", .bool(true))
        case UInt8(ascii: "f"): return try parseWord("false", .bool(false))
        case UInt8(ascii: "n"): return try parseWord("null", .null)
        default: throw error("expected a JSON value, found \(found)")
        }
    }

    mutating func parseWord(_ word: String, _ value: ConfigNode.Value) throws(ConfigError) -> ConfigNode {
        let start = cursor.position
        let mismatch = error("expected a JSON value, found \(describeCharacter(cursor.scalar(at: start.offset)))", at: start)
        for expected in word.utf8 {
            guard cursor.peek() == expected else { throw mismatch }
            cursor.advance()
        }
        if let next = cursor.peek(), isIdentifierPart(next) { throw mismatch }
        return ConfigNode(value, range: cursor.range(from: start))
    }

    mutating func enter() throws(ConfigError) {
        depth += 1
        if depth > ConfigReader.maximumDepth {
            throw error("objects and arrays are nested too deeply (more than \(ConfigReader.maximumDepth) levels)")
        }
    }

    mutating func parseObject() throws(ConfigError) -> ConfigNode {
        let start = cursor.position
        try enter()
        cursor.advance()
        var members: [ConfigMember] = []
        try skipWhitespace()
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.advance()
            depth -= 1
            return ConfigNode(.object([]), range: cursor.range(from: start))
        }
        while true {
            try skipWhitespace()
            guard cursor.peek() == UInt8(ascii: "\"") else {
                if cursor.peek() == UInt8(ascii: "}"), !members.isEmpty {
                    throw error("trailing comma before '}' is not allowed in JSON")
                }
                throw error("expected a string key in object, found \(found)")
            }
            let keyStart = cursor.position
            let key = try parseString()
            let keyRange = cursor.range(from: keyStart)
            try skipWhitespace()
            guard cursor.peek() == UInt8(ascii: ":") else {
                throw error("expected ':' after object key \(quoted(key)), found \(found)")
            }
            cursor.advance()
            try skipWhitespace()
            let value = try parseValue()
            members.append(ConfigMember(key: key, keyRange: keyRange, value: value))
            try skipWhitespace()
            switch cursor.peek() {
            case UInt8(ascii: ","):
                cursor.advance()
            case UInt8(ascii: "}"):
                cursor.advance()
                depth -= 1
                return ConfigNode(.object(members), range: cursor.range(from: start))
            default:
                throw error("expected ',' or '}' after object member, found \(found)")
            }
        }
    }

    mutating func parseArray() throws(ConfigError) -> ConfigNode {
        let start = cursor.position
        try enter()
        cursor.advance()
        var elements: [ConfigNode] = []
        try skipWhitespace()
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.advance()
            depth -= 1
            return ConfigNode(.list([]), range: cursor.range(from: start))
        }
        while true {
            try skipWhitespace()
            if cursor.peek() == UInt8(ascii: "]"), !elements.isEmpty {
                throw error("trailing comma before ']' is not allowed in JSON")
            }
            elements.append(try parseValue())
            try skipWhitespace()
            switch cursor.peek() {
            case UInt8(ascii: ","):
                cursor.advance()
            case UInt8(ascii: "]"):
                cursor.advance()
                depth -= 1
                return ConfigNode(.list(elements), range: cursor.range(from: start))
            default:
                throw error("expected ',' or ']' after array element, found \(found)")
            }
        }
    }

    mutating func parseNumber() throws(ConfigError) -> ConfigNumber {
        let start = cursor.position
        if cursor.peek() == UInt8(ascii: "-") { cursor.advance() }
        guard let first = cursor.peek(), isDecimalDigit(first) else {
            throw error("invalid number: expected a digit after '-'", at: start)
        }
        cursor.advance()
        if first == UInt8(ascii: "0"), let next = cursor.peek(), isDecimalDigit(next) {
            throw error("invalid number: leading zeros are not allowed in JSON", at: start)
        }
        while let byte = cursor.peek(), isDecimalDigit(byte) { cursor.advance() }
        var isInteger = true
        if cursor.peek() == UInt8(ascii: ".") {
            isInteger = false
            cursor.advance()
            guard try digits() else { throw error("invalid number: expected a digit after '.'", at: start) }
        }
        if cursor.peek() == UInt8(ascii: "e") || cursor.peek() == UInt8(ascii: "E") {
            isInteger = false
            cursor.advance()
            if cursor.peek() == UInt8(ascii: "+") || cursor.peek() == UInt8(ascii: "-") { cursor.advance() }
            guard try digits() else { throw error("invalid number: the exponent has no digits", at: start) }
        }
        let literal = cursor.text(start.offset..<cursor.offset)
        guard let value = Double(literal), value.isFinite else {
            throw error("number \(literal) is out of range", at: start)
        }
        return ConfigNumber(literal: literal, value: value, integer: isInteger ? Int64(literal) : nil)
    }

    /// Consumes a run of digits; false when there was none.
    mutating func digits() throws(ConfigError) -> Bool {
        let start = cursor.offset
        while let byte = cursor.peek(), isDecimalDigit(byte) { cursor.advance() }
        return cursor.offset > start
    }

    mutating func parseString() throws(ConfigError) -> String {
        let start = cursor.position
        cursor.advance()
        var out = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        func flushHigh(_ out: inout String.UnicodeScalarView) {
            if pendingHigh != nil { out.append("\u{FFFD}"); pendingHigh = nil }
        }
        while true {
            guard let byte = cursor.peek() else {
                throw error("string is not terminated (missing closing '\"')", at: start)
            }
            if byte == UInt8(ascii: "\"") {
                cursor.advance()
                flushHigh(&out)
                return String(out)
            }
            if byte < 0x20 {
                throw error("control character \(describeCharacter(Unicode.Scalar(byte))) in string must be escaped")
            }
            if byte != UInt8(ascii: "\\") {
                flushHigh(&out)
                out.append(cursor.advanceScalar())
                continue
            }
            let escapeStart = cursor.position
            cursor.advance()
            let simple: [UInt8: Unicode.Scalar] = [
                UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/",
                UInt8(ascii: "b"): "\u{08}", UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n",
                UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
            ]
            if let letter = cursor.peek(), let scalar = simple[letter] {
                cursor.advance()
                flushHigh(&out)
                out.append(scalar)
                continue
            }
            guard cursor.peek() == UInt8(ascii: "u") else {
                throw error("invalid escape sequence in string", at: escapeStart)
            }
            cursor.advance()
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = cursor.peek(), isHexDigit(digit) else {
                    throw error("invalid \\u escape in string: expected 4 hexadecimal digits", at: escapeStart)
                }
                value = value * 16 + UInt32(hexDigitValue(digit))
                cursor.advance()
            }
            switch value {
            case 0xD800...0xDBFF:
                flushHigh(&out)
                pendingHigh = value
            case 0xDC00...0xDFFF:
                if let high = pendingHigh {
                    pendingHigh = nil
                    out.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)) ?? "\u{FFFD}")
                } else {
                    out.append("\u{FFFD}")
                }
            default:
                flushHigh(&out)
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            }
        }
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return byte - UInt8(ascii: "A") + 10
        }
    }
}
