/// Finds where a YAML scalar is written, from the start libyaml marks for it.
///
/// libyaml marks a node where its properties begin (`&anchor`, `!tag`); this skips them and
/// finds the scalar's own text: a double- or single-quoted scalar to its closing quote, a plain
/// scalar to the end of its line, a ` #` comment, or — inside `{…}` / `[…]` — a `,`, `]` or
/// `}`, without trailing blanks. Callers compare the text found with what libyaml read, so a
/// scalar this does not handle (a plain scalar folded over several lines, say) is never
/// rewritten by guesswork.
enum YAMLScalarExtent {
    struct Extent: Equatable {
        /// The scalar itself, quotes included.
        var range: Range<Int>
        /// Where its properties (anchor, tag) begin, or the scalar's start when it has none.
        var nodeStart: Int
        var quote: UInt8?
    }

    static func locate(in bytes: [UInt8], from start: Int, inFlow: Bool) -> Extent? {
        var index = skipProperties(bytes, from: start)
        guard index < bytes.count else { return nil }
        let first = bytes[index]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let open = index
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if first == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == first {
                    if first == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == first {
                        index += 2
                        continue
                    }
                    return Extent(range: open..<(index + 1), nodeStart: start, quote: first)
                }
                index += 1
            }
            return nil
        }
        let begin = index
        var end = index
        while index < bytes.count {
            let byte = bytes[index]
            if isBreak(bytes, index) { break }
            if byte == UInt8(ascii: "#"), index > begin, isBlank(bytes[index - 1]) { break }
            if byte == UInt8(ascii: ":"), index + 1 >= bytes.count || isBlank(bytes[index + 1]) || isBreak(bytes, index + 1)
                || (inFlow && isFlowIndicator(bytes[index + 1])) { break }
            if inFlow, isFlowIndicator(byte) { break }
            index += 1
            if !isBlank(byte) { end = index }
        }
        return end > begin ? Extent(range: begin..<end, nodeStart: start, quote: nil) : nil
    }

    /// Past `&anchor`, `!tag`, `!<verbatim>` and the blanks after each.
    static func skipProperties(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "!") {
            if bytes[index] == UInt8(ascii: "!"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "<") {
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                index += 1
            } else {
                while index < bytes.count, !isBlank(bytes[index]), !isBreak(bytes, index) { index += 1 }
            }
            while index < bytes.count, isBlank(bytes[index]) || isBreak(bytes, index) { index += 1 }
        }
        return index
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// `\n`, `\r`, NEL, LS and PS: what libyaml counts as a line break.
    static func isBreak(_ bytes: [UInt8], _ index: Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return true
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85
        case 0xE2: return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        default: return false
        }
    }

    static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }
}
