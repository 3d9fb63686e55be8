import CanaryCore
import Synchronization

/// Attribution by the catalog: each resolver subset's instance addresses, from Consul's
/// health API with the subset's own filter expression, become an `ip` rule for that subset.
///
/// Explicit `--subset` rules come first and win. Subsets are queried in the resolver's order;
/// a subset with an empty filter (all instances) is tried last, so it only claims addresses
/// no narrower subset has. ``refresh(_:)`` keeps the rules current with blocking queries, so
/// a new instance is known as soon as Consul knows it.
///
/// `Service.Address` is used, else `Node.Address` (see ``HealthInstances``).
public final class CatalogAttribution: Sendable {
    /// What one subset's query found.
    public struct SubsetInstances: Sendable, Equatable {
        public var subset: String
        public var addresses: [String]
    }

    public let client: ConsulClient
    public let resolver: ResolverEntry
    /// The rules and hop pattern the user gave; catalog rules are added after them.
    public let base: Attributor
    private let found: Mutex<[String: (addresses: [String], index: UInt64?)]>

    public init(client: ConsulClient, resolver: ResolverEntry, base: Attributor) {
        self.client = client
        self.resolver = resolver
        self.base = base
        self.found = Mutex([:])
    }

    /// The subsets in the order their rules are tried: filtered ones first, in resolver order.
    var orderedSubsets: [ResolverSubset] {
        resolver.subsets.filter { !$0.filter.isEmpty } + resolver.subsets.filter { $0.filter.isEmpty }
    }

    /// Queries every subset once and returns the attributor they make.
    public func load() async throws -> Attributor {
        for subset in orderedSubsets {
            let reply = try await client.healthService(
                resolver.name, filter: subset.filter.isEmpty ? nil : subset.filter, passing: subset.onlyPassing)
            let addresses = try HealthInstances.addresses(fromJSON: reply.body)
            found.withLock { $0[subset.name] = (addresses, reply.index) }
        }
        return attributor
    }

    /// What each subset's last query found, in rule order.
    public var instances: [SubsetInstances] {
        let snapshot = found.withLock { $0 }
        return orderedSubsets.map { SubsetInstances(subset: $0.name, addresses: snapshot[$0.name]?.addresses ?? []) }
    }

    /// The explicit rules, then one `ipSet` rule per subset with instances.
    public var attributor: Attributor {
        var rules = base.rules
        for subset in instances where !subset.addresses.isEmpty {
            rules.append(SubsetRule(subset: subset.subset, selector: .ipSet(Set(subset.addresses))))
        }
        return Attributor(rules: rules, hopPattern: base.hopPattern)
    }

    /// Keeps the rules current: one blocking query per subset, re-issued as each returns, until
    /// the task is cancelled. `onChange` receives the new attributor whenever a subset's
    /// addresses change; `onError` hears of failed queries (each is retried after a pause).
    public func refresh(
        wait: Int = 30, onChange: @escaping @Sendable (Attributor) -> Void,
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for subset in orderedSubsets {
                group.addTask { await self.follow(subset, wait: wait, onChange: onChange, onError: onError) }
            }
        }
    }

    private func follow(
        _ subset: ResolverSubset, wait: Int, onChange: @Sendable (Attributor) -> Void,
        onError: @Sendable (String) -> Void
    ) async {
        while !Task.isCancelled {
            let index = found.withLock { $0[subset.name]?.index } ?? 0
            do {
                let reply = try await client.healthService(
                    resolver.name, filter: subset.filter.isEmpty ? nil : subset.filter, passing: subset.onlyPassing,
                    index: index, wait: wait)
                let addresses = try HealthInstances.addresses(fromJSON: reply.body)
                // An index that goes backwards means Consul restarted: start again from 0.
                let next = reply.index.map { $0 < index ? 0 : $0 }
                let changed = found.withLock { state -> Bool in
                    let old = state[subset.name]?.addresses
                    state[subset.name] = (addresses, next)
                    return old != addresses
                }
                if changed { onChange(attributor) }
            } catch {
                if Task.isCancelled { return }
                onError("catalog query for subset \(subset.name): \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
