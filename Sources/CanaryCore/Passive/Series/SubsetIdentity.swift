/// Which subset of which service one series counts, and where that was read.
///
/// In order: Consul's `consul_destination_service_subset` tag, else the deprecated
/// `consul_service_subset` (written unless `-omit-deprecated-tags`), else the full Envoy
/// cluster name parsed with ``EnvoyClusterName`` (when a user's `envoy_stats_config_json`
/// replaced Consul's tags). An empty subset label means "no subset" (the service's default
/// target). Envoy's `envoy_cluster_name` label is never used: it holds only the first
/// dot-free token of the cluster name (`green`, or `payments` for a target without a subset).
public struct SubsetIdentity: Sendable, Hashable {
    /// Where the subset was found.
    public enum Origin: String, Sendable, Hashable {
        case destinationLabel = "consul_destination_service_subset"
        case deprecatedLabel = "consul_service_subset"
        case clusterName = "cluster name"
    }

    /// The subset; `nil` for the service's default target (no subset).
    public var subset: String?
    /// The destination service, when the series names it.
    public var service: String?
    public var origin: Origin

    public init(subset: String?, service: String?, origin: Origin) {
        self.subset = subset
        self.service = service
        self.origin = origin
    }

    public static let destinationSubsetLabel = "consul_destination_service_subset"
    public static let deprecatedSubsetLabel = "consul_service_subset"
    public static let destinationServiceLabel = "consul_destination_service"
    public static let deprecatedServiceLabel = "consul_service"

    /// The subset of a series with `labels`; `clusterName` is its full Envoy cluster name when
    /// the caller knows it (a dotted stat name, or a label the user configured). `nil` when
    /// nothing says.
    public static func of(_ labels: PromLabels, clusterName: String? = nil) -> SubsetIdentity? {
        let service = labels[destinationServiceLabel] ?? labels[deprecatedServiceLabel]
        if let subset = labels[destinationSubsetLabel] {
            return SubsetIdentity(subset: subset.isEmpty ? nil : subset, service: service, origin: .destinationLabel)
        }
        if let subset = labels[deprecatedSubsetLabel] {
            return SubsetIdentity(subset: subset.isEmpty ? nil : subset, service: service, origin: .deprecatedLabel)
        }
        if let clusterName, let cluster = EnvoyClusterName(clusterName) {
            return SubsetIdentity(subset: cluster.subset, service: service ?? cluster.service, origin: .clusterName)
        }
        return nil
    }
}
