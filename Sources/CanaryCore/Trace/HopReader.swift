/// Maps the JSON of one fake-service hop onto ``Hop``, field by field, as it is scanned.
///
/// Lenient about content, strict about syntax: a field of the wrong type or `null` leaves
/// the field empty (the value is still validated), unknown keys are skipped, and a key that
/// appears twice takes its last value. Recursion only follows `upstream_calls`, and each
/// level of it opens two containers, so it is bounded by ``JSONScanner/maxDepth``.
extension JSONScanner {
    /// Reads the object whose `{` is at `pos` into `hop`, which starts out empty. `depth`
    /// counts the containers already open around it.
    ///
    /// Filling the caller's hop in place (the root, or the last element of its parent's
    /// `upstreamCalls`) spares copying every hop once more on the way out.
    mutating func readHop(into hop: inout Hop, depth: Int) throws(ScanFailure) {
        try forEachMember(depth: depth) { (scanner: inout JSONScanner, keySpan, first, inner) throws(ScanFailure) in
            let field =
                keySpan.hasEscapes
                ? scanner.withContent(keySpan) { HopField(key: $0) }
                : HopField(key: UnsafeBufferPointer(start: scanner.bytes + keySpan.start, count: keySpan.end - keySpan.start))
            switch field {
            case .name: hop.name = try scanner.readText(first, depth: inner)
            case .uri: hop.uri = try scanner.readText(first, depth: inner)
            case .type: hop.type = try scanner.readText(first, depth: inner)
            case .error: hop.error = try scanner.readText(first, depth: inner)
            case .duration: (hop.durationText, hop.duration) = try scanner.readDuration(first, depth: inner)
            case .code: hop.code = try scanner.readCode(first, depth: inner)
            case .body: hop.body = try scanner.readBody(first, depth: inner)
            case .ipAddresses: hop.ipAddresses = try scanner.readStrings(first, depth: inner)
            case .headers: hop.headers = try scanner.readHeaders(first, depth: inner)
            case .upstreamCalls: hop.upstreamCalls = try scanner.readUpstreamCalls(first, depth: inner)
            case .unknown: try scanner.skipValue(depth: inner)
            }
        }
    }

    // MARK: Scalar fields

    /// A string field's content; `nil` (after validating the value) for `null` or another type.
    private mutating func readText(_ first: UInt8, depth: Int) throws(ScanFailure) -> String? {
        guard first == UInt8(ascii: "\"") else {
            try skipValue(depth: depth)
            return nil
        }
        return makeString(try scanString())
    }

    /// The `duration` text and its value in seconds (`nil` when it is not a Go duration).
    private mutating func readDuration(_ first: UInt8, depth: Int) throws(ScanFailure) -> (String?, Double?) {
        guard first == UInt8(ascii: "\"") else {
            try skipValue(depth: depth)
            return (nil, nil)
        }
        let span = try scanString()
        let seconds = withContent(span) { GoDuration.seconds(utf8: UnsafeRawBufferPointer($0)) }
        return (makeString(span), seconds)
    }

    /// The `code`: an integral number (`500`, `500.0`, `-1`); `nil` for anything else.
    private mutating func readCode(_ first: UInt8, depth: Int) throws(ScanFailure) -> Int? {
        guard first == UInt8(ascii: "-") || isDigit(first) else {
            try skipValue(depth: depth)
            return nil
        }
        return JSONNumber.integer(bytes, try scanNumber())
    }

    /// The `body`: a string's content, `nil` for `null`, else the value's exact raw text.
    private mutating func readBody(_ first: UInt8, depth: Int) throws(ScanFailure) -> String? {
        if first == UInt8(ascii: "\"") { return makeString(try scanString()) }
        let start = pos
        try skipValue(depth: depth)
        return first == UInt8(ascii: "n") ? nil : rawText(start..<pos)
    }

    // MARK: Containers

    /// An array's string elements, in order (`ip_addresses`); other elements are ignored.
    private mutating func readStrings(_ first: UInt8, depth: Int) throws(ScanFailure) -> [String] {
        guard first == UInt8(ascii: "[") else {
            try skipValue(depth: depth)
            return []
        }
        var addresses: [String] = []
        try forEachElement(depth: depth) { (scanner, first, inner) throws(ScanFailure) in
            if let text = try scanner.readText(first, depth: inner) { addresses.append(text) }
        }
        return addresses
    }

    /// `headers` (or `Headers`): an object of strings, in reply order. A value that is an array
    /// of strings (Go's `http.Header` shape) is joined with `", "`; other values are ignored.
    private mutating func readHeaders(_ first: UInt8, depth: Int) throws(ScanFailure) -> [Hop.Header] {
        guard first == UInt8(ascii: "{") else {
            try skipValue(depth: depth)
            return []
        }
        var headers: [Hop.Header] = []
        try forEachMember(depth: depth) { (scanner, key, first, inner) throws(ScanFailure) in
            if first == UInt8(ascii: "[") {
                let values = try scanner.readStrings(first, depth: inner)
                headers.append(Hop.Header(name: scanner.makeString(key), value: values.joined(separator: ", ")))
            } else if let value = try scanner.readText(first, depth: inner) {
                headers.append(Hop.Header(name: scanner.makeString(key), value: value))
            }
        }
        return headers
    }

    /// `upstream_calls` in either shape: an array of hops, or an object of hops keyed by URI
    /// (each hop's ``Hop/key`` set; a repeated key replaces the earlier hop in place).
    private mutating func readUpstreamCalls(_ first: UInt8, depth: Int) throws(ScanFailure) -> [Hop] {
        var calls: [Hop] = []
        if first == UInt8(ascii: "[") {
            try forEachElement(depth: depth) { (scanner, first, inner) throws(ScanFailure) in
                if first == UInt8(ascii: "{") {
                    calls.append(Hop())
                    try scanner.readHop(into: &calls[calls.count - 1], depth: inner)
                } else {
                    try scanner.skipValue(depth: inner)
                }
            }
        } else if first == UInt8(ascii: "{") {
            var index = KeyIndex()
            try forEachMember(depth: depth) { (scanner, keySpan, first, inner) throws(ScanFailure) in
                guard first == UInt8(ascii: "{") else { return try scanner.skipValue(depth: inner) }
                let key = scanner.makeString(keySpan)
                let slot: Int
                if let earlier = index.position(of: key, in: calls) {
                    slot = earlier
                    calls[slot] = Hop(key: key)
                } else {
                    slot = calls.count
                    index.insert(key, at: slot)
                    calls.append(Hop(key: key))
                }
                try scanner.readHop(into: &calls[slot], depth: inner)
            }
        } else {
            try skipValue(depth: depth)
        }
        return calls
    }

    // MARK: Walking containers

    /// Calls `element` for each element of the array whose `[` is at `pos`, with the scanner
    /// at the element's first byte (which is also passed) and the depth inside the array.
    @inline(__always)
    private mutating func forEachElement(
        depth: Int, _ element: (inout JSONScanner, UInt8, Int) throws(ScanFailure) -> Void
    ) throws(ScanFailure) {
        try checkDepth(depth)
        pos += 1
        if try peekNonBlank() == UInt8(ascii: "]") {
            pos += 1
            return
        }
        while true {
            try element(&self, try peekNonBlank(), depth + 1)
            let next = try peekNonBlank()
            pos += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { return }
            pos -= 1
            throw malformed("',' or ']'")
        }
    }

    /// Calls `member` for each member of the object whose `{` is at `pos`, with its key, the
    /// first byte of its value (the scanner stands there) and the depth inside the object.
    @inline(__always)
    private mutating func forEachMember(
        depth: Int, _ member: (inout JSONScanner, StringSpan, UInt8, Int) throws(ScanFailure) -> Void
    ) throws(ScanFailure) {
        try checkDepth(depth)
        pos += 1
        if try peekNonBlank() == UInt8(ascii: "}") {
            pos += 1
            return
        }
        while true {
            guard try peekNonBlank() == UInt8(ascii: "\"") else { throw malformed("a key") }
            let key = try scanString()
            try expectColon()
            try member(&self, key, try peekNonBlank(), depth + 1)
            let next = try peekNonBlank()
            pos += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") { return }
            pos -= 1
            throw malformed("',' or '}'")
        }
    }
}

/// Finds an earlier upstream call by its key: a plain scan while there are few, a dictionary
/// once there are many, so a hostile reply with a million keys stays linear.
struct KeyIndex {
    private var positions: [String: Int]?
    private static let scanLimit = 16

    /// Where the hop filed under `key` sits in `calls`, if it is there.
    mutating func position(of key: String, in calls: [Hop]) -> Int? {
        if let positions { return positions[key] }
        if calls.count < KeyIndex.scanLimit { return calls.firstIndex { $0.key == key } }
        var built: [String: Int] = [:]
        for (offset, hop) in calls.enumerated() { if let k = hop.key { built[k] = offset } }
        positions = built
        return built[key]
    }

    /// Records that the hop filed under `key` was appended at `offset`.
    mutating func insert(_ key: String, at offset: Int) {
        positions?[key] = offset
    }
}
