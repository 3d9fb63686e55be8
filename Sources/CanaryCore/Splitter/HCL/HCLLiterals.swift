/// Scans HCL1 double-quoted strings and decodes their escapes.
///
/// Escapes are Go's: `\a \b \f \n \r \t \v \\ \"`, three-digit octal `\101`, `\xHH`,
/// `\uXXXX` and `\UXXXXXXXX`. A raw newline ends the string with an error. Inside `${…}`
/// HCL1 copies text verbatim (quotes do not end the string there), and so do we.
enum HCLStringLiteral {
    /// Reads a string starting at the opening quote and returns its decoded value.
    static func scan(_ cursor: inout SourceCursor, label: String) throws(ConfigError) -> String {
        let start = cursor.position
        cursor.advance()  // opening quote
        var out: [UInt8] = []
        var braces = 0
        while true {
            guard let byte = cursor.peek() else {
                throw syntaxError(label, start, "string is not terminated (missing closing '\"')")
            }
            switch byte {
            case UInt8(ascii: "\n"):
                throw syntaxError(label, cursor.position,
                                  "unexpected newline in string (a string must end on the line it starts)")
            case 0:
                throw syntaxError(label, cursor.position, "unexpected NUL character")
            case UInt8(ascii: "\"") where braces == 0:
                cursor.advance()
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "$") where braces == 0 && cursor.peek(1) == UInt8(ascii: "{"):
                out += [UInt8(ascii: "$"), UInt8(ascii: "{")]
                cursor.advance(by: 2)
                braces = 1
            case _ where braces > 0:
                if byte == UInt8(ascii: "{") { braces += 1 }
                if byte == UInt8(ascii: "}") { braces -= 1 }
                out.append(byte)
                cursor.advance()
            case UInt8(ascii: "\\"):
                try decodeEscape(&cursor, into: &out, label: label)
            default:
                out.append(byte)
                cursor.advance()
            }
        }
    }

    private static func decodeEscape(_ cursor: inout SourceCursor, into out: inout [UInt8],
                                     label: String) throws(ConfigError) {
        let start = cursor.position
        cursor.advance()  // backslash
        guard let letter = cursor.peek() else {
            throw syntaxError(label, start, "string is not terminated (missing closing '\"')")
        }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
            UInt8(ascii: "v"): 0x0B, UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "\""): UInt8(ascii: "\""),
        ]
        if let value = simple[letter] {
            cursor.advance()
            out.append(value)
            return
        }
        let radix: UInt32, count: Int, isByte: Bool
        switch letter {
        case UInt8(ascii: "0")...UInt8(ascii: "7"): (radix, count, isByte) = (8, 3, true)
        case UInt8(ascii: "x"): (radix, count, isByte) = (16, 2, true); cursor.advance()
        case UInt8(ascii: "u"): (radix, count, isByte) = (16, 4, false); cursor.advance()
        case UInt8(ascii: "U"): (radix, count, isByte) = (16, 8, false); cursor.advance()
        default:
            let shown = describeCharacter(cursor.scalar(at: cursor.offset))
            throw syntaxError(label, start, "invalid escape sequence in string: backslash followed by \(shown)")
        }
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let digit = cursor.peek(), let digitValue = hexValue(digit), digitValue < radix else {
                throw syntaxError(label, start, "invalid escape sequence in string: expected \(count) "
                                  + (radix == 8 ? "octal" : "hexadecimal") + " digits")
            }
            value = value * radix + digitValue
            cursor.advance()
        }
        if isByte {
            guard value < 0x80 else {
                throw syntaxError(label, start, "escape sequence in string gives byte \(value), which is not valid UTF-8 text")
            }
            out.append(UInt8(value))
            return
        }
        guard value <= 0x10FFFF else {
            throw syntaxError(label, start, "escape sequence in string is beyond the last Unicode code point")
        }
        // Go encodes a surrogate half as U+FFFD; do the same.
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out += Array(String(Character(scalar)).utf8)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

/// Scans HCL1 numbers: decimal integers, floats, `0x` hex and leading-zero octal.
enum HCLNumberLiteral {
    /// Reads a number starting at a digit, a `-` before a digit, or a `.` before a digit.
    static func scan(_ cursor: inout SourceCursor, label: String) throws(ConfigError) -> ConfigNumber {
        let start = cursor.position
        let negative = cursor.peek() == UInt8(ascii: "-")
        if negative { cursor.advance() }
        if cursor.peek() == UInt8(ascii: "0"), cursor.peek(1) == UInt8(ascii: "x") || cursor.peek(1) == UInt8(ascii: "X") {
            cursor.advance(by: 2)
            let digitsStart = cursor.offset
            while let byte = cursor.peek(), isHexDigit(byte) { cursor.advance() }
            let literal = cursor.text(start.offset..<cursor.offset)
            guard cursor.offset > digitsStart else {
                throw syntaxError(label, start, "invalid hexadecimal number \"\(literal)\"")
            }
            let digits = cursor.text(digitsStart..<cursor.offset)
            return try integer(literal, digits: digits, radix: 16, negative: negative, label: label, at: start)
        }
        let digitsStart = cursor.offset
        while let byte = cursor.peek(), isDecimalDigit(byte) { cursor.advance() }
        let digitsEnd = cursor.offset
        var isFloat = false
        if cursor.peek() == UInt8(ascii: ".") {
            isFloat = true
            cursor.advance()
            while let byte = cursor.peek(), isDecimalDigit(byte) { cursor.advance() }
        }
        if cursor.peek() == UInt8(ascii: "e") || cursor.peek() == UInt8(ascii: "E") {
            isFloat = true
            cursor.advance()
            if cursor.peek() == UInt8(ascii: "+") || cursor.peek() == UInt8(ascii: "-") { cursor.advance() }
            let exponentStart = cursor.offset
            while let byte = cursor.peek(), isDecimalDigit(byte) { cursor.advance() }
            if cursor.offset == exponentStart {
                let literal = cursor.text(start.offset..<cursor.offset)
                throw syntaxError(label, start, "invalid number \"\(literal)\": the exponent has no digits")
            }
        }
        let literal = cursor.text(start.offset..<cursor.offset)
        if isFloat {
            guard let value = Double(literal), value.isFinite else {
                throw syntaxError(label, start, "number \"\(literal)\" is out of range")
            }
            return ConfigNumber(literal: literal, value: value, integer: nil)
        }
        let digits = cursor.text(digitsStart..<digitsEnd)
        if digits.count > 1, digits.hasPrefix("0") {
            guard digits.utf8.allSatisfy({ $0 <= UInt8(ascii: "7") }) else {
                throw syntaxError(label, start,
                                  "invalid octal number \"\(literal)\" (a leading zero makes a number octal: digits 0-7 only)")
            }
            return try integer(literal, digits: digits, radix: 8, negative: negative, label: label, at: start)
        }
        return try integer(literal, digits: digits, radix: 10, negative: negative, label: label, at: start)
    }

    private static func integer(_ literal: String, digits: String, radix: Int, negative: Bool,
                                label: String, at start: SourcePosition) throws(ConfigError) -> ConfigNumber {
        guard let magnitude = UInt64(digits, radix: radix),
              magnitude <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)) else {
            throw syntaxError(label, start, "number \"\(literal)\" is out of range")
        }
        let value = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
        return ConfigNumber(literal: literal, value: Double(value), integer: value)
    }
}

func syntaxError(_ label: String, _ position: SourcePosition, _ message: String) -> ConfigError {
    ConfigError(stage: .syntax, label: label, position: position, message: message)
}
