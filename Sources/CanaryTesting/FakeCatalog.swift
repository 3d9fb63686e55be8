import CanaryHTTP
import Foundation
import NIOHTTP1
import Synchronization

/// Canned answers to Consul's `GET /v1/health/service/<name>?filter=…`, with blocking queries.
///
/// Not Consul and no filter evaluator: each filter expression is mapped by the test to the
/// instances it should list. Every filter asked for is recorded. A query with `?index=N`
/// waits until ``publish(_:for:)`` moves the index past `N` (or its `wait` ends).
public final class FakeCatalog: Sendable {
    /// One instance: its service address (empty: use the node's) and its node's address.
    public struct Instance: Sendable {
        public var serviceAddress: String
        public var nodeAddress: String
        public init(serviceAddress: String, nodeAddress: String = "192.0.2.1") {
            self.serviceAddress = serviceAddress
            self.nodeAddress = nodeAddress
        }
    }

    private struct State {
        var instances: [String: [Instance]] = [:]
        var index: UInt64 = 1
        var waiting: [@Sendable () -> Void] = []
        var filters: [String] = []
    }

    private let state = Mutex(State())
    private let server = Mutex<LoopbackHTTPServer?>(nil)

    /// `127.0.0.1:PORT`.
    public var address: String { server.withLock { "\($0!.host):\($0!.port)" } }

    /// Every `filter` value asked for, in order (an absent filter is recorded as `""`).
    public var filtersAsked: [String] { state.withLock { $0.filters } }

    private init() {}

    /// Starts answering for `service` with `instances` per filter expression.
    public static func start(service: String, instances: [String: [Instance]]) async throws -> FakeCatalog {
        let catalog = FakeCatalog()
        catalog.state.withLock { $0.instances = instances }
        let server = try await LoopbackHTTPServer.start { request, respond in
            catalog.answer(request, service: service, respond)
        }
        catalog.server.withLock { $0 = server }
        return catalog
    }

    /// Replaces the instances of `filter` and wakes every blocked query.
    public func publish(_ instances: [Instance], for filter: String) {
        let waiting = state.withLock { s in
            s.instances[filter] = instances
            s.index += 1
            defer { s.waiting.removeAll() }
            return s.waiting
        }
        for wake in waiting { wake() }
    }

    public func shutdown() async {
        let waiting = state.withLock { s in
            defer { s.waiting.removeAll() }
            return s.waiting
        }
        for wake in waiting { wake() }
        await server.withLock { $0 }?.shutdown()
    }

    private func answer(_ request: LoopbackHTTPServer.Request, service: String, _ respond: LoopbackHTTPServer.Responder) {
        guard request.path == "/v1/health/service/\(service)" else {
            return respond(.init(status: .notFound, contentType: "text/plain", text: "not found"))
        }
        let filter = request.queryValue("filter") ?? ""
        let asked = request.queryValue("index").flatMap { UInt64($0) }
        let reply: @Sendable () -> Void = { [self] in
            let (instances, index) = state.withLock { ($0.instances[filter] ?? [], $0.index) }
            let entries = instances.map { i in
                #"{"Node":{"Node":"node","Address":"\#(i.nodeAddress)"},"Service":{"ID":"\#(service)","Service":"\#(service)","Address":"\#(i.serviceAddress)","Port":9090},"Checks":[]}"#
            }
            respond(.init(
                status: .ok, contentType: "application/json", text: "[" + entries.joined(separator: ",") + "]",
                headers: [("X-Consul-Index", String(index))]))
        }
        let hold = state.withLock { s -> Bool in
            s.filters.append(filter)
            guard let asked, asked >= s.index else { return false }
            s.waiting.append(reply)
            return true
        }
        if !hold { reply() }
    }
}
