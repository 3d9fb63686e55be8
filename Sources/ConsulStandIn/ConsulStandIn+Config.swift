import Foundation
import NIOHTTP1

extension ConsulStandIn {
    /// Routes one request.
    func handle(_ request: LoopbackHTTPServer.Request) async -> LoopbackHTTPServer.Response {
        let line = request.method.rawValue + " " + request.path
            + (request.query.isEmpty ? "" : "?" + request.query.map { $0.1.isEmpty ? $0.0 : "\($0.0)=\($0.1)" }.joined(separator: "&"))
        let denied: LoopbackHTTPServer.Response? = state.withLock { s in
            s.requests.append(line)
            guard let required = s.requiredToken else { return nil }
            guard let token = request.headers.first(name: "X-Consul-Token"), !token.isEmpty else {
                return text(.forbidden, "Permission denied: anonymous token lacks permission", index: s.index)
            }
            return token == required ? nil : text(.forbidden, "ACL not found", index: s.index)
        }
        if let denied { return denied }

        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts.count) {
        case (.PUT, 2) where parts == ["v1", "config"]:
            return put(request)
        case (.GET, 4) where parts[0] == "v1" && parts[1] == "config":
            return await get(kind: parts[2], name: parts[3], request: request)
        case (.DELETE, 4) where parts[0] == "v1" && parts[1] == "config":
            return delete(kind: parts[2], name: parts[3], request: request)
        default:
            return text(.notFound, "404 page not found", index: nil)
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
        return state.withLock { s -> LoopbackHTTPServer.Response in
            if name.isEmpty { return text(.internalServerError, "Name is required", index: s.index) }
            if let validator = s.validator {
                let entries = s.entries
                let lookup: (String, String) -> String? = { k, n in entries[Self.key(k, n)].map(Self.render) }
                if let message = validator(kind, json, lookup) {
                    return text(.internalServerError, message, index: s.index)
                }
            }
            let key = Self.key(kind, name)
            if let cas = cas.flatMap({ $0 }) {
                let current = s.entries[key]?.modifyIndex ?? 0
                guard current == cas else { return text(.ok, "false", index: s.index, json: true) }
            }
            _ = store(&s, kind: kind, name: name, json: entry)
            return text(.ok, "true", index: s.index, json: true)
        }
    }

    private func get(kind: String, name: String, request: LoopbackHTTPServer.Request) async -> LoopbackHTTPServer.Response {
        let key = Self.key(kind, name)
        if let wanted = request.queryValue("index").flatMap(UInt64.init), wanted > 0 {
            let wait = Self.parseWait(request.queryValue("wait"))
            await waitForChange(wait: wait) { s in (s.entries[key]?.modifyIndex ?? s.index) > wanted }
        }
        return state.withLock { s in
            guard let entry = s.entries[key] else {
                return text(.notFound, "Config entry not found for \"\(kind)\" / \"\(name)\"", index: s.index)
            }
            return text(.ok, Self.render(entry), index: entry.modifyIndex, json: true)
        }
    }

    private func delete(kind: String, name: String, request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let key = Self.key(kind, name)
        let cas = request.queryValue("cas").flatMap(UInt64.init)
        return state.withLock { s in
            if let cas, (s.entries[key]?.modifyIndex ?? 0) != cas { return text(.ok, "false", index: s.index, json: true) }
            s.entries[key] = nil
            s.index += 1
            wakeAll(&s)
            return text(.ok, "true", index: s.index, json: true)
        }
    }

    /// Suspends until `ready` holds (checked after every change) or `wait` seconds pass.
    func waitForChange(wait: Double, ready: @escaping @Sendable (State) -> Bool) async {
        let deadline = ContinuousClock.now + .milliseconds(Int64(wait * 1000))
        while true {
            if state.withLock({ ready($0) }) || ContinuousClock.now >= deadline { return }
            let id = state.withLock { s -> UInt64 in
                s.nextWaiter += 1
                return s.nextWaiter
            }
            let timer = Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                if !Task.isCancelled { self?.expireWaiter(id) }
            }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if ready(s) || s.expiredWaiters.remove(id) != nil { return true }
                    s.waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
            timer.cancel()
        }
    }

    /// The waiter's deadline passed: wake it (or mark it, if it has not registered yet).
    private func expireWaiter(_ id: UInt64) {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let c = s.waiters.removeValue(forKey: id) { return c }
            s.expiredWaiters.insert(id)
            return nil
        }
        c?.resume()
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

    /// `service_subset` → `ServiceSubset`, `kind` → `Kind`; already-CamelCase keys unchanged.
    static func camel(_ key: String) -> String {
        key.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
