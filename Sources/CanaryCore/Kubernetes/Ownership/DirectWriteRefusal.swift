/// The one message canarytop gives when it will not write an owned entry through Consul.
///
/// It names the entry, its owner, what the owner would do to a direct write, and the way that
/// works. Every direct write path (the HTTP API, `consul config write`, headless or from the
/// dashboard, rollback included) asks ``EntryOwner/refusal(kind:name:action:)`` before writing.
extension EntryOwner {
    /// Why `action` (`roll back`, `set green to 10`, …) on the `kind` entry `name` must not go
    /// through Consul; `nil` when nobody owns the entry and the write may go ahead.
    public func refusal(kind: String, name: String, action: String) -> String? {
        let entry = "\(kind) \(GoQuote.quote(TerminalSafe.clean(name)))"
        switch self {
        case .none:
            return nil
        case .consulK8s(let datacenter):
            let resource = KubernetesKind(consulKind: kind)
            let resourceName = resource.map { "the \($0.kind) resource \(GoQuote.quote(TerminalSafe.clean(name)))" }
                ?? "its custom resource"
            // The way that works comes first: the dashboard's event line may cut the rest.
            return "refusing to \(action) (use --apply kubectl): \(entry) is managed by consul-k8s"
                + " (\(TerminalSafe.clean(datacenter))), which copies it from \(resourceName) and would put back a write"
                + " made in Consul at its next reconcile (a write without its Meta stops the sync instead)"
        case .external(let source):
            let owner = TerminalSafe.clean(source)
            let kubectl = source == "kubernetes" ? " (for a consul-k8s resource: --apply kubectl)" : ""
            return "refusing to \(action): \(entry) is managed elsewhere (Meta external-source = \(GoQuote.quote(owner))),"
                + " which would undo a change made in Consul; change it where it is managed\(kubectl)"
        }
    }
}

/// A consul-k8s custom resource kind and the Consul entry kind it becomes.
public struct KubernetesKind: Equatable, Sendable {
    /// `ServiceSplitter`, `ServiceResolver`.
    public let kind: String
    /// `servicesplitters`, `serviceresolvers`.
    public let plural: String
    /// `service-splitter`, `service-resolver`.
    public let consulKind: String

    public static let group = "consul.hashicorp.com"
    public static let apiVersion = "consul.hashicorp.com/v1alpha1"
    public static let serviceSplitter = KubernetesKind(kind: "ServiceSplitter", plural: "servicesplitters",
                                                       consulKind: SplitterEntry.kind)
    public static let serviceResolver = KubernetesKind(kind: "ServiceResolver", plural: "serviceresolvers",
                                                       consulKind: ResolverEntry.kind)

    /// The resource kind for a Consul entry kind canarytop knows; `nil` for others.
    public init?(consulKind: String) {
        switch consulKind {
        case SplitterEntry.kind: self = .serviceSplitter
        case ResolverEntry.kind: self = .serviceResolver
        default: return nil
        }
    }

    private init(kind: String, plural: String, consulKind: String) {
        self.kind = kind
        self.plural = plural
        self.consulKind = consulKind
    }

    /// `servicesplitters.consul.hashicorp.com`, as kubectl names the resource type.
    public var resource: String { "\(plural).\(Self.group)" }
}
