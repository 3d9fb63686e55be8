/// Reads a recording from its bytes, chunk by chunk as they come off the disk: splits lines
/// (a line may straddle two chunks), checks the first is a header of this format's version,
/// and decodes the rest.
///
/// Tolerant where a crash or a stray write may have left its mark, strict where the file is not
/// a recording at all:
/// - a file whose first line is not a header, or a header of another version, is refused
///   (``RecordingReadError``);
/// - a line in the middle that is not a record (garbage, a line of another tool) is skipped and
///   counted; ``firstBadLine`` says where the first was and why;
/// - a last line without its line feed (the writer was killed mid-line) is not read:
///   ``finish()`` reports it, and everything before it has been read.
///
/// Pure: the caller reads the file and passes the bytes.
public struct RecordingReader {
    /// Where a line starts: its 1-based number and byte offset in the file.
    public struct Position: Sendable, Equatable {
        public var line: Int
        public var offset: Int

        public init(line: Int, offset: Int) {
            self.line = line
            self.offset = offset
        }
    }

    /// Lines that were not records, skipped.
    public private(set) var skipped = 0
    /// The first skipped line's number and what was wrong with it.
    public private(set) var firstBadLine: (line: Int, problem: String)?
    /// The header, once the first line has been read.
    public private(set) var header: RecordingHeader?
    /// Lines read so far (whole lines only).
    public private(set) var lines = 0
    /// Bytes taken in so far.
    public private(set) var offset = 0

    /// The bytes of a line not yet ended by a line feed.
    private var carry: [UInt8] = []

    /// A reader for a file read from its start, or from `offset`, which must be the start of
    /// the line numbered `line` (a seek index's position), after `header` was read.
    public init(from position: Position = Position(line: 1, offset: 0), header: RecordingHeader? = nil) {
        lines = position.line - 1
        offset = position.offset
        self.header = header
    }

    /// Reads the whole lines `chunk` completes, calling `body` with each record (the header
    /// included) and where its line starts.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, _ body: (RecordingEntry, Position) throws -> Void
    ) throws {
        var start = 0
        let base = offset
        offset += chunk.count
        while let end = Self.lineFeed(in: chunk, from: start) {
            if carry.isEmpty {
                try line(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), at: base + start, body)
            } else {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                let text = carry
                carry.removeAll(keepingCapacity: true)
                try text.withUnsafeBytes { try line($0, at: base - (text.count - (end - start)), body) }
            }
            start = end + 1
        }
        if start < chunk.count { carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...])) }
    }

    /// The end of the file: the unfinished last line (its number and length), if any. A file
    /// with no line at all is refused.
    public func finish() throws(RecordingReadError) -> (line: Int, bytes: Int)? {
        if header == nil {
            throw RecordingReadError(line: 1, carry.isEmpty ? "empty: not a canarytop recording" : "no whole line: not a canarytop recording")
        }
        return carry.isEmpty ? nil : (lines + 1, carry.count)
    }

    private mutating func line(
        _ bytes: UnsafeRawBufferPointer, at start: Int, _ body: (RecordingEntry, Position) throws -> Void
    ) throws {
        lines += 1
        let position = Position(line: lines, offset: start)
        if bytes.isEmpty { return }
        let entry: RecordingEntry
        do {
            entry = try RecordingDecoder.decode(bytes)
        } catch {
            if header == nil {
                let versioned = error.message.hasPrefix("recording format version")
                throw RecordingReadError(line: lines, versioned ? error.message : "not a canarytop recording (\(error.message))")
            }
            skip(error.message)
            return
        }
        if header == nil {
            guard case .header(let h) = entry else { throw RecordingReadError(line: lines, "not a canarytop recording: it does not start with a header") }
            header = h
        } else if case .header = entry {
            skip("a second header")
            return
        }
        try body(entry, position)
    }

    private mutating func skip(_ problem: String) {
        skipped += 1
        if firstBadLine == nil { firstBadLine = (lines, problem) }
    }

    private static func lineFeed(in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        while i < chunk.count {
            if chunk[i] == 0x0A { return i }
            i += 1
        }
        return nil
    }
}

/// A file that cannot be read as a recording, at `line`.
public struct RecordingReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
