/// Splits as Go's `json.Marshal` writes the resource's `ServiceSplits` (the webhook quotes
/// this text in its sum message): fields in the type's order, every one `omitempty`, header
/// maps with sorted keys, strings escaped as Go escapes them (`<`, `>`, `&` included).
enum CRDSplitJSON {
    static func array(_ splits: [ServiceSplit], weights: [Float]) -> String {
        guard !splits.isEmpty else { return "null" }
        return "[" + zip(splits, weights).map { object($0, weight: $1) }.joined(separator: ",") + "]"
    }

    private static func object(_ split: ServiceSplit, weight: Float) -> String {
        var fields: [String] = []
        if weight != 0 { fields.append("\"weight\":\(GoFloatFormat.json32(weight))") }
        for (key, value) in [("service", split.service), ("serviceSubset", split.serviceSubset),
                             ("namespace", split.namespace), ("partition", split.partition)] where !value.isEmpty {
            fields.append("\"\(key)\":\(string(value))")
        }
        if let headers = split.requestHeaders { fields.append("\"requestHeaders\":\(self.headers(headers))") }
        if let headers = split.responseHeaders { fields.append("\"responseHeaders\":\(self.headers(headers))") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func headers(_ headers: HeaderModifiers) -> String {
        var fields: [String] = []
        for (key, pairs) in [("add", headers.add), ("set", headers.set)] where !pairs.isEmpty {
            var map: [String: String] = [:]
            for pair in pairs { map[pair.key] = pair.value }
            let body = map.keys.sorted().map { "\(string($0)):\(string(map[$0]!))" }.joined(separator: ",")
            fields.append("\"\(key)\":{\(body)}")
        }
        if !headers.remove.isEmpty {
            fields.append("\"remove\":[" + headers.remove.map(string).joined(separator: ",") + "]")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Go's `encoding/json` string (HTML-safe escapes, `\b` `\f`, controls and U+2028/9 as `\uXXXX`).
    static func string(_ text: String) -> String {
        var out = ""
        JSONValue.writeString(text, to: &out, style: .go)
        return out
    }
}
