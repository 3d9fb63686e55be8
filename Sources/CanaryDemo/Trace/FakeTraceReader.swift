import Foundation

/// Reads an upstream's reply body back into a ``FakeTrace``, as fake-service unmarshals the
/// reply of each upstream it calls before nesting it in its own trace.
///
/// Accepts both `upstream_calls` shapes at every depth and ignores unknown keys. A `body`
/// that is not a JSON string is kept as its compact JSON text. Returns nil when the body is
/// not a JSON object (Envoy's 503 text, an empty reply).
public enum FakeTraceReader {
    public static func read(_ bytes: [UInt8]) -> FakeTrace? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return trace(object)
    }

    private static func trace(_ o: [String: Any]) -> FakeTrace {
        var t = FakeTrace()
        t.name = o["name"] as? String ?? ""
        t.uri = o["uri"] as? String ?? ""
        t.type = o["type"] as? String ?? ""
        t.ipAddresses = o["ip_addresses"] as? [String] ?? []
        t.startTime = o["start_time"] as? String ?? ""
        t.endTime = o["end_time"] as? String ?? ""
        t.duration = o["duration"] as? String ?? ""
        t.headers = o["headers"] as? [String: String] ?? [:]
        t.cookies = o["cookies"] as? [String: String] ?? [:]
        if let body = o["body"] {
            if let text = body as? String {
                t.body = text
            } else if let data = try? JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed, .sortedKeys]) {
                t.body = String(decoding: data, as: UTF8.self)
            }
        }
        if let list = o["upstream_calls"] as? [[String: Any]] {
            t.upstreamCalls = list.map(trace)
        } else if let map = o["upstream_calls"] as? [String: [String: Any]] {
            t.upstreamCalls = map.keys.sorted().map { key in
                var call = trace(map[key]!)
                if call.uri.isEmpty { call.uri = key }
                return call
            }
        }
        t.code = (o["code"] as? NSNumber)?.intValue ?? 0
        t.error = o["error"] as? String ?? ""
        return t
    }
}
