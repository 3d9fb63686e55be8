/// Why one sample line could not be read.
struct PromLineError: Error, Equatable {
    var reason: String
}

/// Reads one sample line, `name{label="value",…} value [timestamp]`, from its bytes.
///
/// Tolerant where Prometheus itself is: labels in any order, a trailing comma, spaces or tabs
/// between tokens, any `\x` escape in a label value (`\\`, `\"` and `\n` are decoded, any other
/// is kept as written), and an OpenMetrics exemplar (`# {…} 1`) after the value is ignored.
/// Strict where a wrong reading would mislabel a count: a repeated label name, an unterminated
/// value or anything unexpected makes the whole line a problem.
struct PromSampleLine {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos: Int
    let end: Int

    /// Reads the line `bytes[range]` (no line feed in it).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(PromLineError) -> PromSample {
        var reader = PromSampleLine(bytes: bytes, pos: range.lowerBound, end: range.upperBound)
        return try reader.sample()
    }

    private var current: UInt8? { pos < end ? bytes[pos] : nil }

    private mutating func skipBlanks() {
        while pos < end, bytes[pos] == UInt8(ascii: " ") || bytes[pos] == UInt8(ascii: "\t") { pos += 1 }
    }

    private func fail(_ reason: String) -> PromLineError { PromLineError(reason: reason) }

    private mutating func sample() throws(PromLineError) -> PromSample {
        skipBlanks()
        guard let first = current, Self.isNameStart(first, colon: true) else {
            throw fail("expected a metric name")
        }
        let name = word(colon: true)
        skipBlanks()
        var labels = PromLabels()
        if current == UInt8(ascii: "{") {
            pos += 1
            labels = try labelSet(of: name)
            skipBlanks()
        }
        let valueText = token()
        guard !valueText.isEmpty else { throw fail("expected a value after \(labels.count > 0 ? "the labels" : "the name")") }
        guard let value = PromFloat.parse(bytes: UnsafeBufferPointer(rebasing: bytes[valueText])) else {
            throw fail("the value \(quoted(valueText)) is not a number")
        }
        skipBlanks()
        var timestamp: Int64?
        if let next = current, next != UInt8(ascii: "#") {
            let stampText = token()
            guard let stamp = Int64(String(decoding: UnsafeBufferPointer(rebasing: bytes[stampText]), as: UTF8.self)) else {
                throw fail("the timestamp \(quoted(stampText)) is not a whole number of milliseconds")
            }
            timestamp = stamp
            skipBlanks()
        }
        if let next = current, next != UInt8(ascii: "#") {
            throw fail("unexpected text after the \(timestamp == nil ? "value" : "timestamp")")
        }
        return PromSample(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    /// The labels after `{`, up to and including `}`.
    private mutating func labelSet(of metric: String) throws(PromLineError) -> PromLabels {
        var pairs: [PromLabels.Pair] = []
        while true {
            skipBlanks()
            guard let byte = current else { throw fail("the labels are not closed with '}'") }
            if byte == UInt8(ascii: "}") { pos += 1; break }
            guard Self.isNameStart(byte, colon: false) else { throw fail("expected a label name") }
            let label = word(colon: false)
            skipBlanks()
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after label name \"\(label)\"") }
            pos += 1
            skipBlanks()
            guard current == UInt8(ascii: "\"") else { throw fail("expected '\"' to open the value of label \"\(label)\"") }
            pos += 1
            pairs.append(.init(name: label, value: try quotedValue(of: label)))
            skipBlanks()
            if current == UInt8(ascii: ",") { pos += 1; continue }
            guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' after the value of label \"\(label)\"") }
        }
        guard let labels = PromLabels(unique: pairs) else { throw fail("a label name repeats in \(metric)") }
        return labels
    }

    /// A label value after its opening quote, up to and including the closing one.
    private mutating func quotedValue(of label: String) throws(PromLineError) -> String {
        let start = pos
        var plain = true
        while pos < end, bytes[pos] != UInt8(ascii: "\"") {
            if bytes[pos] == UInt8(ascii: "\\") { plain = false; pos += 1 }
            pos += 1
        }
        guard pos < end else { throw fail("the value of label \"\(label)\" is not closed with '\"'") }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<pos])
        pos += 1
        if plain { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "\\"), index + 1 < raw.count {
                switch raw[index + 1] {
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                default: out.append(byte); out.append(raw[index + 1])
                }
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A metric name (`colon`) or label name at `pos`.
    private mutating func word(colon: Bool) -> String {
        let start = pos
        while pos < end, Self.isNamePart(bytes[pos], colon: colon) { pos += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    }

    /// The run of bytes up to the next blank or the end of the line.
    private mutating func token() -> Range<Int> {
        let start = pos
        while pos < end, bytes[pos] != UInt8(ascii: " "), bytes[pos] != UInt8(ascii: "\t") { pos += 1 }
        return start..<pos
    }

    private func quoted(_ range: Range<Int>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return "\"" + TerminalSafe.clean(text, limit: 24) + "\""
    }

    static func isNameStart(_ b: UInt8, colon: Bool) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_") || (colon && b == UInt8(ascii: ":"))
    }

    static func isNamePart(_ b: UInt8, colon: Bool) -> Bool {
        isNameStart(b, colon: colon) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
