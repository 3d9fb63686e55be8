/// Scans HCL1 heredocs (`<<EOF … EOF` and `<<-EOF … EOF`) and computes their value.
///
/// Matches HCL1 exactly, quirks included:
/// - the anchor line must end right after the name (`\r\n` is fine);
/// - a terminator line is optional whitespace, the name, optional `\r`, then a newline —
///   a terminator at the very end of the text without a newline does not count;
/// - the line must be at least as long as what followed `<<`, so `<<-EOF` needs its
///   terminator indented (or CRLF) — unindented `EOF` does not end a `<<-EOF` heredoc;
/// - `<<`: the value is the body plus the terminator's leading whitespace;
/// - `<<-`: that leading whitespace is removed from every line when all lines start with
///   it; otherwise the body is kept with trailing spaces and tabs trimmed.
enum HCLHeredoc {
    /// Reads a heredoc starting at `<<` and returns its value.
    static func scan(_ cursor: inout SourceCursor, label: String) throws(ConfigError) -> String {
        let start = cursor.position
        cursor.advance(by: 2)
        let indented = cursor.peek() == UInt8(ascii: "-")
        if indented { cursor.advance() }
        let anchorStart = cursor.offset
        while let byte = cursor.peek(), isIdentifierStart(byte) || isDecimalDigit(byte) { cursor.advance() }
        let anchor = Array(cursor.bytes[anchorStart..<cursor.offset])
        guard !anchor.isEmpty else {
            throw syntaxError(label, start, "heredoc needs a name after '<<', like <<EOF")
        }
        if cursor.peek() == UInt8(ascii: "\r"), cursor.peek(1) == UInt8(ascii: "\n") { cursor.advance() }
        guard cursor.peek() == UInt8(ascii: "\n") else {
            throw syntaxError(label, start, "heredoc anchor must be followed by a newline")
        }
        cursor.advance()
        let minimumLineLength = anchor.count + (indented ? 1 : 0)
        let bodyStart = cursor.offset
        var lineStart = cursor.offset
        while true {
            guard let byte = cursor.peek() else {
                let name = String(decoding: anchor, as: UTF8.self)
                throw syntaxError(label, start, "heredoc is not terminated: expected a line with \"\(name)\""
                                  + " followed by a newline")
            }
            if byte == 0 { throw syntaxError(label, cursor.position, "unexpected NUL character") }
            if byte == UInt8(ascii: "\n") {
                let line = cursor.bytes[lineStart..<cursor.offset]
                if line.count >= minimumLineLength, let indent = terminatorIndent(line, anchor: anchor) {
                    cursor.advance()
                    let body = Array(cursor.bytes[bodyStart..<lineStart])
                    let whitespace = Array(line.prefix(indent))
                    return value(body: body, terminatorIndent: whitespace, indented: indented)
                }
                cursor.advance()
                lineStart = cursor.offset
            } else {
                cursor.advance()
            }
        }
    }

    /// The length of the leading whitespace when `line` terminates the heredoc, else `nil`.
    private static func terminatorIndent(_ line: ArraySlice<UInt8>, anchor: [UInt8]) -> Int? {
        var index = line.startIndex
        while index < line.endIndex, isPOSIXSpace(line[index]) { index += 1 }
        let indent = index - line.startIndex
        guard line.endIndex - index >= anchor.count, Array(line[index..<index + anchor.count]) == anchor else {
            return nil
        }
        index += anchor.count
        while index < line.endIndex {
            if line[index] != UInt8(ascii: "\r") { return nil }
            index += 1
        }
        return indent
    }

    private static func value(body: [UInt8], terminatorIndent prefix: [UInt8], indented: Bool) -> String {
        let text = body + prefix
        guard indented else { return String(decoding: text, as: UTF8.self) }
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.allSatisfy({ $0.starts(with: prefix) }) else {
            var trimmed = text.dropLast()
            while let last = trimmed.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                trimmed = trimmed.dropLast()
            }
            return String(decoding: trimmed, as: UTF8.self)
        }
        var out: [UInt8] = []
        for line in lines.dropLast() {
            out += line.dropFirst(prefix.count)
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// POSIX `[[:space:]]`: space, tab, newline, vertical tab, form feed, carriage return.
    private static func isPOSIXSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
