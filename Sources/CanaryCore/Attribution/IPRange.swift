/// An IP address or CIDR block (`10.42.0.19`, `10.42.0.0/24`, `fd00::/8`) to test trace addresses against.
///
/// Addresses in traces are not validated by fake-service (real replies have carried
/// `123.234.456.210`): anything that does not parse simply does not match.
public struct IPRange: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The network's bytes (4 for IPv4, 16 for IPv6), host bits cleared.
    public let network: [UInt8]
    /// Prefix length in bits.
    public let prefixLength: Int

    /// Parses `10.42.0.19` (a /32), `10.42.0.0/16`, `::1`, `fd00::/8`; `nil` when malformed.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = IPRange.parseAddress(parts[0]) else { return nil }
        var length = bytes.count * 8
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 0, n <= bytes.count * 8, !parts[1].hasPrefix("+") else { return nil }
            length = n
        }
        self.prefixLength = length
        self.network = IPRange.mask(bytes, to: length)
    }

    public var description: String {
        let address: String
        if network.count == 4 {
            address = network.map(String.init).joined(separator: ".")
        } else {
            address = stride(from: 0, to: 16, by: 2)
                .map { String(UInt16(network[$0]) << 8 | UInt16(network[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
        return prefixLength == network.count * 8 ? address : "\(address)/\(prefixLength)"
    }

    /// Whether the address `text` lies inside this range (an IPv4-mapped IPv6 address counts as IPv4).
    public func contains(_ text: some StringProtocol) -> Bool {
        if network.count == 4, let address = IPRange.quickIPv4(text) {
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefixLength))
            let net = network.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return address & mask == net
        }
        guard var bytes = IPRange.parseAddress(text) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }),
            bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return IPRange.mask(bytes, to: prefixLength) == network
    }

    private static func mask(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<out.count {
            let bitsHere = max(0, min(8, length - i * 8))
            out[i] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
        }
        return out
    }

    /// A dotted IPv4 address read straight from its UTF-8 bytes, with the same rules as
    /// ``parseIPv4(_:)`` (four parts of one to three digits, each at most 255); `nil` otherwise.
    /// Allocates nothing: it runs for every hop of every reply.
    static func quickIPv4(_ text: some StringProtocol) -> UInt32? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard digits <= 3, part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    /// Parses a dotted IPv4 address or an IPv6 address (with `::` and an optional trailing IPv4 part).
    static func parseAddress(_ text: some StringProtocol) -> [UInt8]? {
        if text.contains(":") { return parseIPv6(text) }
        return parseIPv4(text)
    }

    private static func parseIPv4(_ text: some StringProtocol) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }),
                let v = Int(p), v <= 255 else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    private static func parseIPv6(_ text: some StringProtocol) -> [UInt8]? {
        var text = Substring(text)
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        let halves = splitOnDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        func groups(_ s: Substring) -> [UInt8]? {
            if s.isEmpty { return [] }
            var out: [UInt8] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, p) in parts.enumerated() {
                if i == parts.count - 1, p.contains(".") {
                    guard let v4 = parseIPv4(p) else { return nil }
                    out += v4
                } else {
                    guard (1...4).contains(p.count), let v = UInt16(p, radix: 16) else { return nil }
                    out += [UInt8(v >> 8), UInt8(v & 0xFF)]
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// `a::b` → `["a", "b"]`; `a::b::c` → three parts (invalid); no `::` → one part.
    private static func splitOnDoubleColon(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let next = text.index(after: i)
            if text[i] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<i])
                start = text.index(after: next)
                i = start
            } else {
                i = next
            }
        }
        parts.append(text[start...])
        return parts
    }
}
