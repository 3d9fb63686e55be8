import CanaryCore

/// The benchmark's baseline: the same ``Hop`` information decoded through `Codable` and
/// Foundation's `JSONDecoder`, accepting the same shapes as ``TraceDecoder`` does
/// (`upstream_calls` as an array or keyed by URI, `headers` or `Headers`, a string or raw body).
///
/// It is written to be fair: it keeps the same fields, parses `duration` with the same
/// ``GoDuration``, skips unknown keys, and probes each `upstream_calls` shape only once.
struct CodableHop: Decodable {
    var key: String?
    var name: String?
    var uri: String?
    var type: String?
    var ipAddresses: [String]
    var durationText: String?
    var duration: Double?
    var headers: [String: String]
    var body: String?
    var code: Int?
    var error: String?
    var upstreamCalls: [CodableHop]

    private enum Field: String, CodingKey {
        case name, uri, type, duration, headers, Headers, body, code, error
        case ipAddresses = "ip_addresses"
        case upstreamCalls = "upstream_calls"
    }

    /// Any JSON key, for `upstream_calls` in its object form.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Field.self)
        name = try fields.decodeIfPresent(String.self, forKey: .name)
        uri = try fields.decodeIfPresent(String.self, forKey: .uri)
        type = try fields.decodeIfPresent(String.self, forKey: .type)
        ipAddresses = try fields.decodeIfPresent([String].self, forKey: .ipAddresses) ?? []
        durationText = try fields.decodeIfPresent(String.self, forKey: .duration)
        duration = durationText.flatMap { GoDuration.seconds($0) }
        headers =
            try fields.decodeIfPresent([String: String].self, forKey: .headers)
            ?? fields.decodeIfPresent([String: String].self, forKey: .Headers) ?? [:]
        // A body that is raw JSON rather than a string is skipped (the samples have strings).
        body = (try? fields.decodeIfPresent(String.self, forKey: .body)) ?? nil
        code = try fields.decodeIfPresent(Int.self, forKey: .code)
        error = try fields.decodeIfPresent(String.self, forKey: .error)

        upstreamCalls = []
        guard fields.contains(.upstreamCalls), try !fields.decodeNil(forKey: .upstreamCalls) else { return }
        if var list = try? fields.nestedUnkeyedContainer(forKey: .upstreamCalls) {
            while !list.isAtEnd { upstreamCalls.append(try list.decode(CodableHop.self)) }
        } else {
            let keyed = try fields.nestedContainer(keyedBy: AnyKey.self, forKey: .upstreamCalls)
            for key in keyed.allKeys {
                var hop = try keyed.decode(CodableHop.self, forKey: key)
                hop.key = key.stringValue
                upstreamCalls.append(hop)
            }
        }
    }

    /// How many hops this one and its upstream calls hold.
    var hopCount: Int { 1 + upstreamCalls.reduce(0) { $0 + $1.hopCount } }
}

extension Hop {
    /// How many hops this one and its upstream calls hold.
    var hopCount: Int { 1 + upstreamCalls.reduce(0) { $0 + $1.hopCount } }
}
