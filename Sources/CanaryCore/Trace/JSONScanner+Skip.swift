extension JSONScanner {
    /// Skips (and fully validates) the value at the next non-blank byte.
    ///
    /// `depth` is how many containers are already open around the value. Works without
    /// recursion: the kinds of the open containers are kept as bits of one word, which is
    /// enough because no more than ``maxDepth`` (64) can ever be open.
    mutating func skipValue(depth: Int) throws(ScanFailure) {
        var objectBits: UInt64 = 0  // bit k set: the container at level k + 1 is an object
        var level = 0

        nextValue: while true {
            let b = try peekNonBlank()
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try checkDepth(depth + level)
                let isObject = b == UInt8(ascii: "{")
                pos += 1
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if try peekNonBlank() == closer {
                    pos += 1  // empty container: a complete value
                } else {
                    if isObject {
                        objectBits |= 1 << UInt64(level)
                        try scanKey()
                    }
                    level += 1
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                _ = try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try scanNumber()
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                try scanLiteral()
            default:
                throw malformed("a value")
            }

            // A value is complete: close the containers that end here.
            while level > 0 {
                let isObject = objectBits >> UInt64(level - 1) & 1 == 1
                let b = try peekNonBlank()
                if b == UInt8(ascii: ",") {
                    pos += 1
                    if isObject { try scanKey() }
                    continue nextValue
                }
                guard b == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw malformed(isObject ? "',' or '}'" : "',' or ']'")
                }
                pos += 1
                level -= 1
                objectBits &= ~(1 << UInt64(level))
            }
            return
        }
    }

    /// Scans an object member's key and the `:` after it.
    mutating func scanKey() throws(ScanFailure) {
        guard try peekNonBlank() == UInt8(ascii: "\"") else { throw malformed("a key") }
        _ = try scanString()
        try expectColon()
    }
}
