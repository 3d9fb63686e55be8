/// A read position in UTF-8 source bytes that keeps line and column up to date.
///
/// Shared by the HCL and JSON readers. Advancing is byte by byte; the column only moves
/// on bytes that start a Unicode scalar, so it counts scalars, not bytes.
struct SourceCursor {
    let bytes: [UInt8]
    private(set) var position: SourcePosition = .start

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var offset: Int { position.offset }
    var isAtEnd: Bool { position.offset >= bytes.count }

    /// The byte `ahead` places after the current one, or `nil` past the end.
    func peek(_ ahead: Int = 0) -> UInt8? {
        let index = position.offset + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    /// Moves past one byte, updating line and column.
    mutating func advance() {
        guard position.offset < bytes.count else { return }
        let byte = bytes[position.offset]
        position.offset += 1
        if byte == UInt8(ascii: "\n") {
            position.line += 1
            position.column = 1
        } else if byte & 0xC0 != 0x80 {
            position.column += 1
        }
    }

    /// Moves past `count` bytes.
    mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    /// Moves past the whole Unicode scalar starting here and returns it.
    mutating func advanceScalar() -> Unicode.Scalar {
        let scalar = scalar(at: position.offset)
        advance()
        while let byte = peek(), byte & 0xC0 == 0x80 { advance() }
        return scalar
    }

    /// The Unicode scalar starting at byte `index` (U+FFFD if the bytes are not a scalar start).
    func scalar(at index: Int) -> Unicode.Scalar {
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80, end - index < 4 { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        return text.unicodeScalars.first ?? "\u{FFFD}"
    }

    /// The text of bytes `range`, which must lie on scalar boundaries.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// A range from `start` to the current position.
    func range(from start: SourcePosition) -> SourceRange {
        SourceRange(start: start, end: position)
    }
}

/// How error messages name a single character: `':'`, or `U+0007` when it is not printable.
func describeCharacter(_ scalar: Unicode.Scalar) -> String {
    let value = scalar.value
    if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0xFEFF
        || (0x2028...0x202E).contains(value) || (0x2066...0x2069).contains(value) {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
    return "'\(Character(scalar))'"
}
