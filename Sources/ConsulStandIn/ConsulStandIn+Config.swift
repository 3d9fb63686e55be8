import CanaryCore
import CanaryHTTP
import Foundation
import NIOCore
import NIOHTTP1

extension ConsulStandIn {
    /// Routes one request.
    func handle(_ request: LoopbackHTTPServer.Request, _ respond: LoopbackHTTPServer.Responder) {
        let line = request.method.rawValue + " " + request.path
            + (request.query.isEmpty ? "" : "?" + request.query.map { $0.1.isEmpty ? $0.0 : "\($0.0)=\($0.1)" }.joined(separator: "&"))
        let denied: LoopbackHTTPServer.Response? = state.withLock { s in
            s.requests.append(line)
            if let refused = scopeRefusal(request) { return refused }
            guard let required = s.requiredToken else { return nil }
            guard let token = request.headers.first(name: "X-Consul-Token"), !token.isEmpty else {
                return text(.forbidden, "Permission denied: anonymous token lacks permission", index: s.index)
            }
            return token == required ? nil : text(.forbidden, "ACL not found", index: s.index)
        }
        if let denied { return respond(denied) }

        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts.count) {
        case (.PUT, 2) where parts == ["v1", "config"]:
            respond(put(request))
        case (.GET, 4) where parts[0] == "v1" && parts[1] == "config":
            get(kind: parts[2], name: parts[3], request: request, respond)
        case (.DELETE, 4) where parts[0] == "v1" && parts[1] == "config":
            respond(delete(kind: parts[2], name: parts[3], request: request))
        case (.GET, 4) where parts[0] == "v1" && parts[1] == "health" && parts[2] == "service":
            health(service: parts[3], request: request, respond)
        default:
            respond(text(.notFound, "404 page not found", index: nil))
        }
    }

    private func put(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
                return text(.badRequest, "Request decoding failed: payload is not a JSON object", index: nil)
            }
            object = o
        } catch {
            return text(.badRequest, "Request decoding failed: \(error.localizedDescription)", index: nil)
        }
        let entry = Self.normalise(object)
        guard let kind = entry["Kind"] as? String, !kind.isEmpty else {
            return text(.badRequest, "Request decoding failed: Payload does not contain a kind/Kind key at the top level", index: nil)
        }
        let name = entry["Name"] as? String ?? ""
        let cas = request.queryValue("cas").map { UInt64($0) }
        if let cas, cas == nil {
            return text(.badRequest, "Request decoding failed: cas must be an integer", index: nil)
        }
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        let (response, wake) = state.withLock { s -> (LoopbackHTTPServer.Response, [@Sendable () -> Void]) in
            let (response, stored) = put(&s, kind: kind, name: name, entry: entry, json: json, cas: cas.flatMap { $0 })
            return (response, stored ? takeWaiters(&s) : [])
        }
        wake.forEach { $0() }
        return response
    }

    private func put(
        _ s: inout State, kind: String, name: String, entry: [String: Any], json: String, cas: UInt64?
    ) -> (LoopbackHTTPServer.Response, Bool) {
        if name.isEmpty { return (text(.internalServerError, "Name is required", index: s.index), false) }
        if let validator = s.validator {
            let entries = s.entries
            let lookup: (String, String) -> String? = { k, n in entries[Self.key(k, n)].map(Self.render) }
            if let message = validator(kind, json, lookup) {
                return (text(.internalServerError, message, index: s.index), false)
            }
        }
        let key = Self.key(kind, name)
        if let cas {
            let current = s.entries[key]?.modifyIndex ?? 0
            guard current == cas else { return (text(.ok, "false", index: s.index, json: true), false) }
        }
        _ = store(&s, kind: kind, name: name, json: kind.lowercased() == SplitterEntry.kind ? Self.normaliseWeights(entry) : entry)
        return (text(.ok, "true", index: s.index, json: true), true)
    }

    private func get(kind: String, name: String, request: LoopbackHTTPServer.Request, _ respond: LoopbackHTTPServer.Responder) {
        let key = Self.key(kind, name)
        let answer: @Sendable () -> LoopbackHTTPServer.Response = { [self] in
            state.withLock { s in
                guard let entry = s.entries[key] else {
                    return text(.notFound, "Config entry not found for \"\(kind)\" / \"\(name)\"", index: s.index)
                }
                return text(.ok, Self.render(entry), index: entry.modifyIndex, json: true)
            }
        }
        guard let wanted = request.queryValue("index").flatMap(UInt64.init), wanted > 0 else {
            return respond(answer())
        }
        let wait = Self.parseWait(request.queryValue("wait"))
        whenChanged(wait: wait, eventLoop: respond.eventLoop, ready: { s in (s.entries[key]?.modifyIndex ?? s.index) > wanted }) {
            respond(answer())
        }
    }

    /// Runs `then` once `ready` holds (re-checked after every change) or `wait` seconds have passed.
    func whenChanged(
        wait: Double, eventLoop: any EventLoop, ready: @escaping @Sendable (State) -> Bool, then: @escaping @Sendable () -> Void
    ) {
        let id = state.withLock { s -> UInt64? in
            if ready(s) { return nil }
            s.nextWaiter += 1
            return s.nextWaiter
        }
        guard let id else { return then() }
        let deadline = NIODeadline.now() + .milliseconds(Int64(wait * 1000))
        // Whoever removes the waiter (a change that makes it ready, or the timer) answers, exactly once.
        @Sendable func check() {
            let done = state.withLock { s -> Bool in
                if ready(s) { return true }
                s.waiters[id] = check
                return false
            }
            if done { then() }
        }
        state.withLock { s in s.waiters[id] = check }
        eventLoop.scheduleTask(deadline: deadline) { [self] in
            let pending = state.withLock { s in s.waiters.removeValue(forKey: id) != nil }
            if pending { then() }
        }
        // A change may have landed between the first check and registering.
        let landed = state.withLock { s in ready(s) && s.waiters.removeValue(forKey: id) != nil }
        if landed { then() }
    }

    private func delete(kind: String, name: String, request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let key = Self.key(kind, name)
        let cas = request.queryValue("cas").flatMap(UInt64.init)
        let (response, wake) = state.withLock { s -> (LoopbackHTTPServer.Response, [@Sendable () -> Void]) in
            if let cas, (s.entries[key]?.modifyIndex ?? 0) != cas { return (text(.ok, "false", index: s.index, json: true), []) }
            s.entries[key] = nil
            s.index += 1
            return (text(.ok, "true", index: s.index, json: true), takeWaiters(&s))
        }
        wake.forEach { $0() }
        return response
    }

    static func parseWait(_ text: String?) -> Double {
        guard var t = text, !t.isEmpty else { return 300 }
        var unit = 1.0
        if t.hasSuffix("ms") { unit = 0.001; t.removeLast(2) }
        else if t.hasSuffix("s") { t.removeLast() }
        else if t.hasSuffix("m") { unit = 60; t.removeLast() }
        return min(600, max(0, (Double(t) ?? 300) * unit))
    }

    func text(_ status: HTTPResponseStatus, _ body: String, index: UInt64?, json: Bool = false) -> LoopbackHTTPServer.Response {
        var headers: [(String, String)] = [("Content-Type", json ? "application/json" : "text/plain; charset=utf-8")]
        if let index { headers.append(("X-Consul-Index", String(index))) }
        return .init(status: status, headers: headers, body: Array(body.utf8))
    }

    /// Consul's CamelCase for snake_case keys, leaving user data (Meta, header maps, subset names) alone.
    static func normalise(_ object: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in object {
            let k = camel(key)
            switch k {
            case "Splits":
                out[k] = (value as? [Any])?.map { item -> Any in
                    guard let split = item as? [String: Any] else { return item }
                    return normaliseSplit(split)
                } ?? value
            case "Subsets":
                if let map = value as? [String: Any] {
                    out[k] = map.mapValues { v -> Any in
                        guard let subset = v as? [String: Any] else { return v }
                        return Dictionary(uniqueKeysWithValues: subset.map { (camel($0.key), $0.value) })
                    }
                } else {
                    out[k] = value
                }
            default:
                out[k] = value
            }
        }
        return out
    }

    private static func normaliseSplit(_ split: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in split {
            let k = camel(key)
            if k == "RequestHeaders" || k == "ResponseHeaders", let h = value as? [String: Any] {
                out[k] = Dictionary(uniqueKeysWithValues: h.map { (camel($0.key), $0.value) })
            } else {
                out[k] = value
            }
        }
        return out
    }

    /// Each split's `Weight` as Consul stores it: rounded to hundredths the way Consul rounds
    /// (`float32`, half away from zero: 99.999 → 100, 0.001 → 0, -0.001 → 0), a number even
    /// when written as a string, 0 when absent.
    static func normaliseWeights(_ entry: [String: Any]) -> [String: Any] {
        guard let splits = entry["Splits"] as? [Any] else { return entry }
        var out = entry
        out["Splits"] = splits.map { item -> Any in
            guard var split = item as? [String: Any] else { return item }
            let written: Double? = switch split["Weight"] {
            case let number as NSNumber: number.doubleValue
            case let text as String: text.isEmpty ? 0 : Double(text)
            default: 0
            }
            if let written, let weight = Weight.consulRounded(written) {
                split["Weight"] = Double(weight.description) ?? 0
            }
            return split
        }
        return out
    }

    /// `service_subset` → `ServiceSubset`, `kind` → `Kind`; already-CamelCase keys unchanged.
    static func camel(_ key: String) -> String {
        key.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
