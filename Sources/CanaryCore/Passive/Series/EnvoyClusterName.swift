/// An Envoy cluster name as Consul writes it for an upstream target, read with Consul's grammar:
///
///     [<prefix>~][<subset>.]<service>.<namespace>.<datacenter>.internal.<trust domain>
///     [<prefix>~][<subset>.]<service>.<namespace>.<partition>.<datacenter>.internal-v1.<trust domain>
///
/// (`green.payments.default.dc1.internal.7c1f….consul`). The prefix (`<8 hex>~` when the
/// caller's upstream block overrides protocol or timeouts, `failover-target~`) is kept apart.
/// Subset, service, namespace, partition and datacenter never contain dots, so the position of
/// `internal`/`internal-v1` tells whether a subset is there.
public struct EnvoyClusterName: Sendable, Hashable {
    /// What came before `~`, without it; `nil` when there was none.
    public var prefix: String?
    /// The subset; `nil` for a target without one (the service's default).
    public var subset: String?
    public var service: String
    public var namespace: String
    /// The admin partition; `nil` in the default partition's form (`internal`).
    public var partition: String?
    public var datacenter: String
    /// `<cluster-uuid>.consul`.
    public var trustDomain: String

    /// Reads `name`; `nil` when it is not a Consul upstream target's cluster name (`local_app`,
    /// a peer's `….external.…`, anything else).
    public init?(_ name: String) {
        var body = Substring(name)
        var prefix: String?
        if let tilde = body.lastIndex(of: "~") {
            prefix = String(body[..<tilde])
            body = body[body.index(after: tilde)...]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let fields: [String]
        let trust: ArraySlice<String>
        let partitioned: Bool
        if let at = [3, 4].first(where: { parts.count > $0 + 1 && parts[$0] == "internal" }) {
            fields = Array(parts[..<at]); trust = parts[(at + 1)...]; partitioned = false
        } else if let at = [4, 5].first(where: { parts.count > $0 + 1 && parts[$0] == "internal-v1" }) {
            fields = Array(parts[..<at]); trust = parts[(at + 1)...]; partitioned = true
        } else {
            return nil
        }
        guard fields.allSatisfy({ !$0.isEmpty }), trust.allSatisfy({ !$0.isEmpty }) else { return nil }
        let hasSubset = fields.count == (partitioned ? 5 : 4)
        var rest = fields[...]
        self.prefix = prefix
        self.subset = hasSubset ? rest.removeFirst() : nil
        self.service = rest.removeFirst()
        self.namespace = rest.removeFirst()
        self.partition = partitioned ? rest.removeFirst() : nil
        self.datacenter = rest.removeFirst()
        self.trustDomain = trust.joined(separator: ".")
    }

    /// Splits a dotted Envoy stat name, `cluster.<cluster name>.<stat>` (as `/stats` and
    /// `/stats?format=json` print them), into the cluster and the stat (`upstream_rq_5xx`,
    /// `retry.upstream_rq_5xx`). The trust domain must end in `.consul`, which is where the
    /// cluster name stops. `nil` for anything else.
    public static func splitStat(_ statName: String) -> (cluster: EnvoyClusterName, stat: String)? {
        guard statName.hasPrefix("cluster.") else { return nil }
        let parts = statName.dropFirst("cluster.".count).split(separator: ".", omittingEmptySubsequences: false)
        guard let internalAt = parts.firstIndex(where: { $0 == "internal" || $0 == "internal-v1" }),
            let consulAt = parts[internalAt...].firstIndex(of: "consul"), consulAt + 1 < parts.count
        else { return nil }
        let name = parts[...consulAt].joined(separator: ".")
        guard let cluster = EnvoyClusterName(name) else { return nil }
        return (cluster, parts[(consulAt + 1)...].joined(separator: "."))
    }
}
