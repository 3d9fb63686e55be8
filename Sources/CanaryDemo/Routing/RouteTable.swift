import CanaryCore
import ConsulStandIn

/// Where each share of a service's traffic goes: Consul's discovery chain for one service,
/// worked out from its splitter, its resolver and the catalog — what Envoy would be told.
///
/// Each split goes to a subset (empty: the resolver's `DefaultSubset`; still empty: every
/// instance). A subset's instances are the catalog's instances of the service that pass the
/// subset's `Filter` (evaluated with the stand-in's ``FilterExpression``); `critical` ones
/// never take traffic and, with `OnlyPassing`, neither do `warning` ones. A split to another
/// service, or to a subset the resolver does not define, has no instances — Envoy answers 503
/// `no healthy upstream` for it.
public struct RouteTable: Sendable, Equatable {
    /// One split's destination.
    public struct Target: Sendable, Equatable {
        /// The display name (``SplitNames``): `blue`, `green`, `(default)`.
        public var name: String
        public var weight: Weight
        public var instances: [ServiceInstance]
    }

    public var targets: [Target]

    public init(targets: [Target]) {
        self.targets = targets
    }

    /// The table for `splitter`, with `resolver` (when it is the same service's) and the
    /// service's registered `instances`.
    public init(splitter: SplitterEntry, resolver: ResolverEntry?, instances: [ServiceInstance]) {
        let resolver = resolver?.name == splitter.name ? resolver : nil
        let names = SplitNames(entry: splitter, resolver: resolver)
        targets = splitter.splits.enumerated().map { index, split in
            let service = split.service.isEmpty ? splitter.name : split.service
            let chosen = service == splitter.name
                ? Self.members(subset: split.serviceSubset.isEmpty ? resolver?.defaultSubset ?? "" : split.serviceSubset,
                               resolver: resolver, instances: instances.filter { $0.service == service })
                : []
            return Target(name: names.names[index], weight: split.weight, instances: chosen)
        }
    }

    /// `blue 50 / green 50`.
    public var summary: String {
        targets.map { "\($0.name) \($0.weight)" }.joined(separator: " / ")
    }

    private static func members(subset: String, resolver: ResolverEntry?, instances: [ServiceInstance]) -> [ServiceInstance] {
        let healthy = instances.filter { $0.status != .critical }
        guard !subset.isEmpty else { return healthy }
        guard let definition = resolver?.subsets.first(where: { $0.name == subset }),
              let filter = try? FilterExpression(definition.filter, shape: ServiceInstance.healthShape) else { return [] }
        return healthy.filter { instance in
            (!definition.onlyPassing || instance.status == .passing) && filter.matches(instance.filterField)
        }
    }
}
