/// The trace keys the decoder keeps, recognised by comparing bytes (no String is built).
enum HopField {
    case name, uri, type, ipAddresses, duration, headers, body, code, error, upstreamCalls
    /// Any other key (`start_time`, `cookies`, a fork's `request_headers`…): skipped.
    case unknown

    /// The field a key's unescaped UTF-8 bytes name.
    init(key: UnsafeBufferPointer<UInt8>) {
        switch key.count {
        case 3:
            self = HopField.same(key, "uri") ? .uri : .unknown
        case 4:
            switch key[0] {
            case UInt8(ascii: "n"): self = HopField.same(key, "name") ? .name : .unknown
            case UInt8(ascii: "t"): self = HopField.same(key, "type") ? .type : .unknown
            case UInt8(ascii: "b"): self = HopField.same(key, "body") ? .body : .unknown
            case UInt8(ascii: "c"): self = HopField.same(key, "code") ? .code : .unknown
            default: self = .unknown
            }
        case 5:
            self = HopField.same(key, "error") ? .error : .unknown
        case 7:
            // fake-service v0.9.x wrote `Headers`.
            self = HopField.same(key, "headers") || HopField.same(key, "Headers") ? .headers : .unknown
        case 8:
            self = HopField.same(key, "duration") ? .duration : .unknown
        case 12:
            self = HopField.same(key, "ip_addresses") ? .ipAddresses : .unknown
        case 14:
            self = HopField.same(key, "upstream_calls") ? .upstreamCalls : .unknown
        default:
            self = .unknown
        }
    }

    /// Whether `key` holds exactly the bytes of `word` (same length already checked).
    @inline(__always)
    private static func same(_ key: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let letters = word.utf8Start
        for k in 0..<key.count where key[k] != letters[k] { return false }
        return true
    }
}
