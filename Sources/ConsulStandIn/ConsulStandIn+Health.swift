import CanaryHTTP
import Foundation

extension ConsulStandIn {
    // MARK: - Registration (direct access for tests and the demo)

    /// Adds or replaces the instance with `instance.id`, and wakes blocked health reads.
    public func register(_ instance: ServiceInstance) {
        changeCatalog { s in
            let old = s.instances[instance.id]?.instance.service
            s.index += 1
            s.instances[instance.id] = .init(instance: instance, index: s.index)
            s.serviceIndex[instance.service] = s.index
            if let old, old != instance.service { s.serviceIndex[old] = s.index }
        }
    }

    /// Removes an instance; unknown ids are ignored.
    public func deregister(id: String) {
        changeCatalog { s in
            guard let old = s.instances.removeValue(forKey: id) else { return }
            s.index += 1
            s.serviceIndex[old.instance.service] = s.index
        }
    }

    /// Sets the status of an instance's service check (for `?passing`).
    public func setStatus(id: String, _ status: ServiceInstance.Status) {
        changeCatalog { s in
            guard var entry = s.instances[id], entry.instance.status != status else { return }
            s.index += 1
            entry.instance.status = status
            entry.index = s.index
            s.instances[id] = entry
            s.serviceIndex[entry.instance.service] = s.index
        }
    }

    /// The registered instances of `service`, ordered by id.
    public func instances(of service: String) -> [ServiceInstance] {
        state.withLock { s in Self.listed(s, service) }
    }

    private func changeCatalog(_ change: (inout State) -> Void) {
        let wake = state.withLock { s in
            let before = s.index
            change(&s)
            return s.index != before ? takeWaiters(&s) : []
        }
        wake.forEach { $0() }
    }

    private static func listed(_ s: State, _ service: String) -> [ServiceInstance] {
        s.instances.values.map(\.instance).filter { $0.service == service }.sorted { $0.id < $1.id }
    }

    // MARK: - GET /v1/health/service/<name>

    /// `?filter=<expr>` (400 with Consul's text when it is refused; see ``FilterExpression``), `?passing` (only
    /// instances whose checks all pass), `?tag=`, and blocking `?index=N&wait=…` on the
    /// service's own index; `X-Consul-Index` on every reply. An unknown service is `[]`.
    func health(service: String, request: LoopbackHTTPServer.Request, _ respond: LoopbackHTTPServer.Responder) {
        let filter: FilterExpression
        do {
            filter = try FilterExpression(request.queryValue("filter") ?? "", shape: ServiceInstance.healthShape)
        } catch {
            let index = state.withLock { $0.index }
            return respond(text(.badRequest, error.description, index: index))
        }
        let passing = request.hasQueryItem("passing")
        let tag = request.queryValue("tag")
        let answer: @Sendable () -> LoopbackHTTPServer.Response = { [self] in
            let (instances, index) = state.withLock { s in
                (Self.listed(s, service).map { ($0, s.instances[$0.id]?.index ?? s.index) }, Self.serviceIndex(s, service))
            }
            let chosen = instances.filter { instance, _ in
                (!passing || instance.status == .passing) && (tag.map { instance.tags.contains($0) } ?? true)
            }
            // The filter sees exactly the entry served, as Consul's sees its CheckServiceNode.
            let body = chosen.map { $0.0.healthEntry(index: $0.1) }
                .filter { filter.matches(FilterField(json: $0, shape: ServiceInstance.healthShape)) }
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("[]".utf8)
            return text(.ok, String(decoding: data, as: UTF8.self), index: index, json: true)
        }
        guard let wanted = request.queryValue("index").flatMap(UInt64.init), wanted > 0 else {
            return respond(answer())
        }
        let wait = Self.parseWait(request.queryValue("wait"))
        whenChanged(wait: wait, eventLoop: respond.eventLoop, ready: { s in Self.serviceIndex(s, service) > wanted }) {
            respond(answer())
        }
    }

    /// The index of the last change to `service`'s instances (Consul reports at least 1).
    static func serviceIndex(_ s: State, _ service: String) -> UInt64 {
        max(1, s.serviceIndex[service] ?? 1)
    }
}
