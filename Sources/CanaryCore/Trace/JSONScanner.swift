/// A forward-only reader over the bytes of one JSON document, used by ``TraceDecoder``.
///
/// It never builds a tree: callers ask it to scan the next token or to skip a whole value,
/// and it reports the first problem as a ``ScanFailure`` carrying the decoder's fault.
/// Every byte is looked at a bounded number of times, so scanning is linear in the input;
/// nesting is counted against ``maxDepth`` and skipping is iterative, so there is no
/// unbounded recursion.
struct JSONScanner {
    /// Arrays and objects may nest this deep (the top-level container counts as one).
    static let maxDepth = 64

    /// The document's bytes.
    let bytes: UnsafePointer<UInt8>
    /// How many bytes the document has.
    let count: Int
    /// The offset of the next byte to read.
    var pos: Int = 0
    /// Reused storage for unescaping strings that contain backslash escapes.
    var scratch: [UInt8] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // A zero-length buffer may have no address; any non-null pointer does, as it is never read.
        self.bytes = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.count = buffer.count
    }

    /// Whether every byte has been read.
    var atEnd: Bool { pos >= count }

    /// The byte at `pos`; only valid when not ``atEnd``.
    var current: UInt8 {
        @inline(__always) get { bytes[pos] }
    }

    // MARK: Failures

    /// The input stopped while more was needed.
    var truncated: ScanFailure { ScanFailure(.truncated(offset: count)) }

    /// The byte at `offset` is wrong; `expected` says what should have been there.
    func malformed(_ expected: String, at offset: Int? = nil) -> ScanFailure {
        ScanFailure(.malformed(offset: offset ?? pos, expected: expected))
    }

    /// Opening one more container at `depth` (containers already open) would nest too deep.
    @inline(__always)
    func checkDepth(_ depth: Int) throws(ScanFailure) {
        if depth >= JSONScanner.maxDepth { throw ScanFailure(.tooDeep(limit: JSONScanner.maxDepth)) }
    }

    // MARK: Whitespace and punctuation

    /// Moves past spaces, tabs, carriage returns and line feeds.
    ///
    /// Runs of spaces (pretty-printed replies are mostly indentation) go eight at a time.
    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let b = bytes[pos]
            if b > 0x20 { return }
            if b == 0x20 {
                pos &+= 1
                while pos &+ 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(bytes + pos).loadUnaligned(as: UInt64.self))
                    let notSpaces = word ^ 0x2020_2020_2020_2020
                    if notSpaces != 0 {
                        pos &+= notSpaces.trailingZeroBitCount &>> 3
                        break
                    }
                    pos &+= 8
                }
            } else if b == 0x0A || b == 0x0D || b == 0x09 {
                pos &+= 1
            } else {
                return
            }
        }
    }

    /// Skips whitespace and returns the next byte without consuming it.
    @inline(__always)
    mutating func peekNonBlank() throws(ScanFailure) -> UInt8 {
        skipWhitespace()
        guard pos < count else { throw truncated }
        return bytes[pos]
    }

    /// Skips whitespace and consumes the `:` between a key and its value.
    @inline(__always)
    mutating func expectColon() throws(ScanFailure) {
        guard try peekNonBlank() == UInt8(ascii: ":") else { throw malformed("':'") }
        pos += 1
    }

    /// Skips a UTF-8 byte order mark at the very start.
    mutating func skipByteOrderMark() {
        if pos == 0, count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    /// Checks that only whitespace follows the top-level value.
    mutating func expectEnd() throws(ScanFailure) {
        skipWhitespace()
        if pos < count { throw malformed("end of input") }
    }

    // MARK: Scalars

    /// Scans a number starting at `pos` (a `-` or a digit) and returns its byte range.
    mutating func scanNumber() throws(ScanFailure) -> Range<Int> {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") {
            pos += 1
            guard pos < count else { throw truncated }
        }
        let lead = bytes[pos]
        if lead == UInt8(ascii: "0") {
            pos += 1
        } else if isDigit(lead) {
            pos += 1
            skipDigits()
        } else {
            throw malformed("a digit")
        }
        if pos < count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            try scanDigits()
        }
        if pos < count, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            guard pos < count else { throw truncated }
            if bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            try scanDigits()
        }
        return start..<pos
    }

    /// Scans one or more digits.
    private mutating func scanDigits() throws(ScanFailure) {
        guard pos < count else { throw truncated }
        guard isDigit(bytes[pos]) else { throw malformed("a digit") }
        pos += 1
        skipDigits()
    }

    @inline(__always)
    private mutating func skipDigits() {
        while pos < count, isDigit(bytes[pos]) { pos += 1 }
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

    /// Scans `true`, `false` or `null` (whichever starts at `pos`).
    mutating func scanLiteral() throws(ScanFailure) {
        switch bytes[pos] {
        case UInt8(ascii: "t"): try scanWord("true")
        case UInt8(ascii: "f"): try scanWord("false")
        default: try scanWord("null")
        }
    }

    private mutating func scanWord(_ word: StaticString) throws(ScanFailure) {
        let letters = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard pos < count else { throw truncated }
            guard bytes[pos] == letters[k] else { throw malformed("'\(word)'") }
            pos += 1
        }
    }
}

/// The first problem a ``JSONScanner`` met, as the fault ``TraceDecoder`` will report.
struct ScanFailure: Error {
    var fault: TraceFault
    init(_ fault: TraceFault) { self.fault = fault }
}
