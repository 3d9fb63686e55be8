/// Where a JSON string's content lies in the input, and whether it needs unescaping.
struct StringSpan {
    /// Offset of the first content byte (just past the opening quote).
    var start: Int
    /// Offset of the closing quote.
    var end: Int
    /// Whether the content holds at least one backslash escape.
    var hasEscapes: Bool
}

extension JSONScanner {
    /// Scans the string whose opening quote is at `pos`, validating escapes and UTF-8,
    /// and leaves `pos` just past the closing quote.
    mutating func scanString() throws(ScanFailure) -> StringSpan {
        pos += 1
        let start = pos
        var hasEscapes = false
        while true {
            // Eight bytes at a time up to the first quote, backslash, control or non-ASCII byte.
            while pos &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes + pos).loadUnaligned(as: UInt64.self))
                let special = JSONScanner.specialBytes(word)
                if special != 0 {
                    pos &+= special.trailingZeroBitCount &>> 3
                    break
                }
                pos &+= 8
            }
            guard pos < count else { throw truncated }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return StringSpan(start: start, end: pos - 1, hasEscapes: hasEscapes)
            } else if b == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if b < 0x20 {
                throw malformed("an escape sequence instead of a control character")
            } else if b >= 0x80 {
                try scanMultibyte()
            } else {
                pos += 1
            }
        }
    }

    /// A mask whose lowest set bit lies in the first byte of `word` (in memory order) that is
    /// `"`, `\`, below 0x20 or at least 0x80; zero when there is none.
    ///
    /// Uses the "has a byte less than n" and "has a zero byte" bit tricks. Their borrows can
    /// only set bits above a byte that truly matches, so the lowest set bit is exact.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let quotes = (quote &- ones) & ~quote
        let backslashes = (backslash &- ones) & ~backslash
        return (control | quotes | backslashes | word) & (ones &* 0x80)
    }

    /// Validates the escape whose backslash is at `pos` and moves past it.
    private mutating func scanEscape() throws(ScanFailure) {
        guard pos + 1 < count else { throw truncated }
        switch bytes[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
        case UInt8(ascii: "u"):
            for k in 2..<6 {
                guard pos + k < count else { throw truncated }
                guard JSONScanner.hexValue(bytes[pos + k]) != nil else {
                    throw malformed("a hex digit", at: pos + k)
                }
            }
            pos += 6
        default:
            throw malformed("an escape character", at: pos + 1)
        }
    }

    /// Validates the multi-byte UTF-8 sequence starting at `pos` and moves past it.
    private mutating func scanMultibyte() throws(ScanFailure) {
        let start = pos
        let lead = bytes[start]
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F  // no UTF-16 surrogates
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F  // nothing past U+10FFFF
        default: throw ScanFailure(.invalidUTF8(offset: start))
        }
        for k in 1..<length {
            guard start + k < count else { throw truncated }
            let b = bytes[start + k]
            guard b >= low && b <= high else { throw ScanFailure(.invalidUTF8(offset: start)) }
            low = 0x80
            high = 0xBF
        }
        pos = start + length
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt32? {
        let digit = b &- UInt8(ascii: "0")
        if digit < 10 { return UInt32(digit) }
        let letter = (b | 0x20) &- UInt8(ascii: "a")
        return letter < 6 ? UInt32(letter) + 10 : nil
    }

    // MARK: Making Strings

    /// The content of a scanned string as a Swift `String`, escapes resolved.
    mutating func makeString(_ span: StringSpan) -> String {
        if !span.hasEscapes {
            return rawText(span.start..<span.end)
        }
        unescape(span)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// The text of `range` exactly as it appears in the input (already validated).
    func rawText(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// Calls `body` with the unescaped UTF-8 content of a scanned string, without making a String.
    @inline(__always)
    mutating func withContent<R>(_ span: StringSpan, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if !span.hasEscapes {
            return body(UnsafeBufferPointer(start: bytes + span.start, count: span.end - span.start))
        }
        unescape(span)
        return scratch.withUnsafeBufferPointer(body)
    }

    /// Writes the unescaped content of an already-validated string into ``scratch``.
    ///
    /// `\uXXXX` escapes become UTF-8; a surrogate pair becomes one scalar and a lone
    /// surrogate becomes U+FFFD.
    private mutating func unescape(_ span: StringSpan) {
        scratch.removeAll(keepingCapacity: true)
        var i = span.start
        let end = span.end
        while i < end {
            if bytes[i] != UInt8(ascii: "\\") {
                var j = i + 1
                while j < end, bytes[j] != UInt8(ascii: "\\") { j += 1 }
                scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + i, count: j - i))
                i = j
                continue
            }
            let kind = bytes[i + 1]
            i += 2
            switch kind {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var unit = hex4(at: i)
                i += 4
                if unit & 0xFC00 == 0xD800 {
                    // A high surrogate: only a directly following low surrogate completes it.
                    if i + 6 <= end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                        hex4(at: i + 2) & 0xFC00 == 0xDC00
                    {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (hex4(at: i + 2) - 0xDC00)
                        i += 6
                    } else {
                        unit = 0xFFFD
                    }
                } else if unit & 0xFC00 == 0xDC00 {
                    unit = 0xFFFD
                }
                appendUTF8(unit)
            default: scratch.append(kind)  // `"`, `\` and `/` stand for themselves
            }
        }
    }

    @inline(__always)
    private func hex4(at i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | (JSONScanner.hexValue(bytes[i + k]) ?? 0) }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
