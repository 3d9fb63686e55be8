/// Go's `strconv.Unquote` for the two string forms of a filter expression, on bytes.
///
/// `"…"`: no raw newline; escapes `\a \b \f \n \r \t \v \\`, `\xHH` and `\OOO` (one byte
/// each, so the result may not be UTF-8), `\uHHHH` and `\UHHHHHHHH` (a valid code point,
/// as UTF-8); anything else after a backslash (`\q`, `\'`) is refused.
/// `` `…` ``: taken as written, without carriage returns.
enum GoUnquote {
    struct Invalid: Error {}

    /// `quoted` includes its quotes.
    static func unquote(_ quoted: [UInt8]) throws(Invalid) -> [UInt8] {
        guard quoted.count >= 2, let quote = quoted.first, quoted.last == quote else { throw Invalid() }
        let body = quoted[1..<(quoted.count - 1)]
        if quote == UInt8(ascii: "`") { return body.filter { $0 != 0x0D } }
        guard quote == UInt8(ascii: "\"") else { throw Invalid() }
        var out: [UInt8] = []
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            if c == 0x0A { throw Invalid() }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < body.endIndex else { throw Invalid() }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"): out.append(e)
            case UInt8(ascii: "x"):
                out.append(UInt8(try digits(body, &i, count: 2, radix: 16)))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                i -= 1
                let value = try digits(body, &i, count: 3, radix: 8)
                guard value <= 0xFF else { throw Invalid() }
                out.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let value = try digits(body, &i, count: e == UInt8(ascii: "u") ? 4 : 8, radix: 16)
                guard let scalar = Unicode.Scalar(value) else { throw Invalid() }
                out += Array(String(Character(scalar)).utf8)
            default:
                throw Invalid()
            }
        }
        return out
    }

    /// Exactly `count` digits of `radix` at `i`, advancing past them.
    private static func digits(_ body: ArraySlice<UInt8>, _ i: inout Int, count: Int, radix: UInt32) throws(Invalid) -> UInt32 {
        guard i + count <= body.endIndex else { throw Invalid() }
        var value: UInt32 = 0
        for c in body[i..<(i + count)] {
            guard let digit = Character(Unicode.Scalar(c)).hexDigitValue, UInt32(digit) < radix else { throw Invalid() }
            value = value * radix + UInt32(digit)
        }
        i += count
        return value
    }
}
