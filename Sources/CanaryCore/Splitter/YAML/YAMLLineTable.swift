/// Turns libyaml's marks (1-based line, column in Unicode scalars) into byte offsets.
///
/// libyaml starts a new line at `\n`, at `\r` alone, at `\r\n` (one break), and at NEL
/// (U+0085), LS (U+2028) and PS (U+2029); a byte order mark at the very start is not counted.
/// The table follows the same rules, so a mark always lands on the byte it names.
struct YAMLLineTable {
    let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 is index 0).
    private(set) var lineStarts: [Int] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        var index = starts[0]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") {
                index += index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
                starts.append(index)
            } else if byte == UInt8(ascii: "\n") {
                index += 1
                starts.append(index)
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                index += 2
                starts.append(index)
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                      bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                index += 3
                starts.append(index)
            } else {
                index += 1
            }
        }
        lineStarts = starts
    }

    /// The position of a mark: the byte offset of its scalar, with the mark's line and column.
    /// Past the end of a line (or the text) it stops at the line's end.
    func position(line: Int, column: Int) -> SourcePosition {
        let lineIndex = min(max(line - 1, 0), lineStarts.count - 1)
        var offset = lineStarts[lineIndex]
        var remaining = column - 1
        while remaining > 0, offset < bytes.count {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        return SourcePosition(offset: offset, line: lineIndex + 1, column: column)
    }

    /// The position of byte `offset` (on a scalar boundary), for messages about places libyaml
    /// gave no mark for.
    func position(ofOffset offset: Int) -> SourcePosition {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1, index = lineStarts[low]
        while index < offset {
            index += 1
            while index < offset, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return SourcePosition(offset: offset, line: low + 1, column: column)
    }
}
