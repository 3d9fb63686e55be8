/// Reads the reply and probe-fault lines ``RecordingEncoder`` writes by hand — nearly every line
/// of a recording — straight from their bytes, in their fixed key order, without a general JSON
/// parser or any allocation but the strings a reply holds.
///
/// Anything it does not expect (another key order, an escaped string, another kind of line)
/// makes it give up with `nil`, and ``RecordingDecoder`` reads the line with the JSON parser
/// instead, so the scanner is only ever a shortcut, never a second definition of the format.
struct RecordLineScanner {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The entry on the line, when it is a reply or a fault written the usual way.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> RecordingEntry? {
        var scanner = RecordLineScanner(bytes)
        return scanner.entry()
    }

    private mutating func entry() -> RecordingEntry? {
        guard literal("{\"k\":\""), let kind = next() else { return nil }
        guard literal("\",\"t\":"), let t = double(), literal(",\"lat\":"), let latency = double() else { return nil }
        switch kind {
        case UInt8(ascii: "f"):
            guard literal(",\"fault\":\""), let name = plainString(), let fault = ProbeFault(rawValue: name), literal("}"), atEnd else {
                return nil
            }
            return .fault(fault, latency: latency, at: t)
        case UInt8(ascii: "r"):
            guard literal(",\"st\":"), let status = int(), literal(",\"sub\":") else { return nil }
            var subset: String?
            if !literal("null") {
                guard literal("\""), let name = plainString() else { return nil }
                subset = name
            }
            var observation = Observation(subset: subset, status: status, body: .trace, latency: latency)
            if literal(",\"body\":\"") {
                guard let name = plainString(), let fault = TraceFault(className: name) else { return nil }
                observation.body = .notATrace(fault)
            }
            if literal(",\"hop\":") {
                guard let code = int() else { return nil }
                observation.hopCode = code
            }
            if literal(",\"hdur\":") {
                guard let duration = double() else { return nil }
                observation.hopDuration = duration
            }
            if literal(",\"fail\":{\"path\":[") {
                var path: [String] = []
                while !literal("]") {
                    if !path.isEmpty, !literal(",") { return nil }
                    guard literal("\""), let name = plainString() else { return nil }
                    path.append(name)
                }
                guard literal(",\"code\":") else { return nil }
                var code: Int?
                if !literal("null") {
                    guard let value = int() else { return nil }
                    code = value
                }
                guard literal(",\"err\":") else { return nil }
                var error: String?
                if !literal("null") {
                    guard literal("\""), let text = plainString() else { return nil }
                    error = text
                }
                guard literal("}") else { return nil }
                observation.failingHop = FailingHop(path: path, code: code, error: error)
            }
            guard literal("}"), atEnd else { return nil }
            return .reply(observation, at: t)
        default:
            return nil
        }
    }

    private var atEnd: Bool { i == bytes.count }

    private mutating func next() -> UInt8? {
        guard i < bytes.count else { return nil }
        defer { i += 1 }
        return bytes[i]
    }

    /// Skips `text` when the bytes start with it here.
    private mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard bytes.count - i >= n else { return false }
        let p = text.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        i += n
        return true
    }

    /// The rest of a string whose opening quote was read, when it holds no escape and no
    /// control character (else nil: the parser reads it).
    private mutating func plainString() -> String? {
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    private mutating func int() -> Int? {
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value = 0
        let start = i
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            guard i - start < 18 else { return nil }
            value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            i += 1
        }
        guard i > start else { return nil }
        return negative ? -value : value
    }

    /// A number as Swift writes a `Double`: the exact value the text names. Short decimals
    /// (at most 15 significant digits, a small exponent) are computed directly, exactly as a
    /// correctly rounded parse would; longer ones go to the standard library's parser.
    private mutating func double() -> Double? {
        let start = i
        var digits: UInt64 = 0
        var count = 0
        var fraction = 0
        var sawPoint = false
        var simple = true
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count {
            let b = bytes[i]
            if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                if count > 0 || b != UInt8(ascii: "0") { count += 1 }
                if count <= 15 { digits = digits * 10 + UInt64(b - UInt8(ascii: "0")) } else { simple = false }
                if sawPoint { fraction += 1 }
            } else if b == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
                simple = false
            } else {
                break
            }
            i += 1
        }
        guard i > start else { return nil }
        let negative = bytes[start] == UInt8(ascii: "-")
        if simple, fraction <= 22 {
            // Both the digits (< 2^53) and 10^fraction (≤ 10^22) are exact doubles, so one
            // division is correctly rounded: the same double the text names.
            let value = Double(digits) / Self.powersOfTen[fraction]
            return negative ? -value : value
        }
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
    }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { acc, _ in acc * 10 } }
}

extension TraceFault {
    /// A fault of the class `className` names (``TraceFault/className``): what a recording keeps
    /// of a body that was not a trace, and all the tallies count.
    public init?(className: String) {
        switch className {
        case "empty": self = .empty
        case "not-json": self = .notJSON(preview: "")
        case "truncated": self = .truncated(offset: 0)
        case "malformed": self = .malformed(offset: 0, expected: "")
        case "too-deep": self = .tooDeep(limit: 0)
        case "invalid-utf8": self = .invalidUTF8(offset: 0)
        case "not-an-object": self = .notAnObject
        default: return nil
        }
    }
}
