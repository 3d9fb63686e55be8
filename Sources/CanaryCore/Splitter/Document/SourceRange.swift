/// A point in a source text: UTF-8 byte offset plus 1-based line and column.
///
/// Columns count Unicode scalars from the start of the line, so `é` is one column
/// even though it takes two bytes. A tab is one column.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// Byte offset into the UTF-8 text, counted from 0.
    public var offset: Int
    /// Line number, counted from 1.
    public var line: Int
    /// Column number in Unicode scalars, counted from 1.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The start of a text.
    public static let start = SourcePosition(offset: 0, line: 1, column: 1)

    /// `line:column`, the way compilers print it.
    public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text: `start` is the first byte, `end` is just past the last.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// The byte offsets covered, for slicing a UTF-8 buffer.
    public var offsets: Range<Int> { start.offset..<end.offset }

    /// `line:column-line:column`.
    public var description: String { "\(start)-\(end)" }
}
