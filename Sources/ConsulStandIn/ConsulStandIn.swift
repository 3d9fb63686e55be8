import CanaryCore
import CanaryHTTP
import Foundation
import NIOHTTP1
import Synchronization

/// A loopback stand-in for the part of Consul's HTTP API that canarytop uses. It is **not Consul**.
///
/// Mirrors: `GET /v1/config/<kind>/<name>` (entry JSON with `CreateIndex`/`ModifyIndex`, 404 text
/// `Config entry not found for "<kind>" / "<name>"`), `PUT /v1/config[?cas=N]` (body `true`/`false`;
/// `cas=0` only if absent), `DELETE /v1/config/<kind>/<name>[?cas=N]`, blocking reads with
/// `?index=N&wait=Ds` and `X-Consul-Index` on every reply, 400 `Request decoding failed: …` for bad
/// JSON, 500 with a plain-text message when the validator refuses an entry, 403 `ACL not found`
/// / `Permission denied` when a token is required and missing or wrong, and snake_case keys
/// accepted and returned in Consul's CamelCase. Its catalog holds what is registered with
/// ``register(_:)`` and lists it at `GET /v1/health/service/<name>` with `?filter=` (see
/// ``FilterExpression``: Consul's filter language as go-bexpr reads it), `?passing` and blocking reads.
public final class ConsulStandIn: Sendable {
    /// Checks an entry before it is stored; returns Consul's error text to refuse it with a 500.
    /// Receives the entry's kind, its normalised JSON, and a way to look at other stored entries.
    public typealias Validator = @Sendable (_ kind: String, _ json: String, _ lookup: (String, String) -> String?) -> String?

    private let server: LoopbackHTTPServer
    let state: Mutex<State>

    /// `127.0.0.1:PORT`, as `CONSUL_HTTP_ADDR` wants it.
    public var address: String { "\(server.host):\(server.port)" }
    public var port: Int { server.port }

    struct Entry {
        var json: [String: Any]
        var createIndex: UInt64
        var modifyIndex: UInt64
    }

    struct State: @unchecked Sendable {
        var entries: [String: Entry] = [:]
        var index: UInt64 = 1
        /// Blocked reads, woken (and removed) on every change; each re-checks its own condition.
        var waiters: [UInt64: @Sendable () -> Void] = [:]
        var nextWaiter: UInt64 = 0
        var requiredToken: String?
        var validator: Validator?
        var requests: [String] = []
        /// The catalog: registered instances by id, and the index of each service's last change.
        var instances: [String: Registered] = [:]
        var serviceIndex: [String: UInt64] = [:]
    }

    struct Registered {
        var instance: ServiceInstance
        var index: UInt64
    }

    private init(server: LoopbackHTTPServer, state: State) {
        self.server = server
        self.state = Mutex(state)
    }

    /// Starts a stand-in on `host:port` (0 = a free port). Entries are checked by `validator`
    /// (Consul's rules by default).
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, requiredToken: String? = nil,
        validator: Validator? = ConsulStandIn.consulRules
    ) async throws -> ConsulStandIn {
        let box = StandInBox()
        let server = try await LoopbackHTTPServer.start(host: host, port: port) { request, respond in
            guard let standIn = box.standIn else { return respond(.init(status: .serviceUnavailable)) }
            standIn.handle(request, respond)
        }
        var initial = State()
        initial.requiredToken = requiredToken
        initial.validator = validator
        let standIn = ConsulStandIn(server: server, state: initial)
        box.standIn = standIn
        return standIn
    }

    public func shutdown() async {
        let waiters = state.withLock { s in
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for wake in waiters { wake() }
        await server.shutdown()
    }

    // MARK: - Direct access for tests and the demo

    /// Stores an entry as if written by someone else (bumps its ModifyIndex). Returns the new index.
    ///
    /// With `consulK8s`, the entry is stored as the consul-k8s controller of that datacenter
    /// writes the entries it copies from custom resources: with `Meta` `external-source:
    /// kubernetes` and `consul.hashicorp.com/source-datacenter: <dc>` (added to any `Meta` given).
    @discardableResult
    public func seed(json text: String, consulK8s datacenter: String? = nil) throws -> UInt64 {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SeedError("not a JSON object")
        }
        var normalised = Self.normalise(object)
        if let datacenter {
            var meta = normalised["Meta"] as? [String: Any] ?? [:]
            meta[EntryOwner.sourceKey] = "kubernetes"
            meta[EntryOwner.datacenterKey] = datacenter
            normalised["Meta"] = meta
        }
        guard let kind = normalised["Kind"] as? String, let name = normalised["Name"] as? String else {
            throw SeedError("entry needs Kind and Name")
        }
        let (index, wake) = state.withLock { s in
            let index = store(&s, kind: kind, name: name, json: normalised)
            return (index, takeWaiters(&s))
        }
        wake.forEach { $0() }
        return index
    }

    /// The stored entry's JSON (with indexes), or nil.
    public func entry(kind: String, name: String) -> String? {
        state.withLock { s in s.entries[Self.key(kind, name)].map { Self.render($0) } }
    }

    /// The ModifyIndex of an entry, or nil.
    public func modifyIndex(kind: String, name: String) -> UInt64? {
        state.withLock { s in s.entries[Self.key(kind, name)]?.modifyIndex }
    }

    /// Every request line seen (`PUT /v1/config?cas=5`), for tests.
    public var requestLog: [String] { state.withLock { $0.requests } }

    /// Requires `token` in `X-Consul-Token` from now on (nil: no ACLs).
    public func requireToken(_ token: String?) { state.withLock { $0.requiredToken = token } }

    // MARK: - Internals shared with the handlers

    static func key(_ kind: String, _ name: String) -> String { "\(kind.lowercased())/\(name)" }

    /// Stores an entry; caller holds the lock and then wakes ``takeWaiters(_:)``'s result outside it.
    func store(_ s: inout State, kind: String, name: String, json: [String: Any]) -> UInt64 {
        s.index += 1
        let k = Self.key(kind, name)
        let created = s.entries[k]?.createIndex ?? s.index
        s.entries[k] = Entry(json: json, createIndex: created, modifyIndex: s.index)
        return s.index
    }

    /// Removes every blocked reader so the caller can wake them after releasing the lock.
    func takeWaiters(_ s: inout State) -> [@Sendable () -> Void] {
        defer { s.waiters.removeAll() }
        return Array(s.waiters.values)
    }

    static func render(_ entry: Entry) -> String {
        var object = entry.json
        object["CreateIndex"] = entry.createIndex
        object["ModifyIndex"] = entry.modifyIndex
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    struct SeedError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}

/// Lets the request handler reach the stand-in, which exists only after the server is bound.
private final class StandInBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _standIn: ConsulStandIn?
    var standIn: ConsulStandIn? {
        get { lock.withLock { _standIn } }
        set { lock.withLock { _standIn = newValue } }
    }
}
