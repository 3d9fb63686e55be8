/// How `--apply kubectl` reaches the cluster: the user's own `kubectl` (so their contexts, auth
/// plugins and RBAC apply), where to look for the `ServiceSplitter`, and how long to wait.
public struct KubernetesTarget: Sendable, Equatable {
    /// `--kubectl`: a path, or a name looked up on `PATH` (default `kubectl`).
    public var kubectl: String
    /// `--k8s-namespace`; nil: the resource is found cluster-wide by name (exactly one must match).
    public var namespace: String?
    /// `--k8s-context`; nil: kubectl's current context.
    public var context: String?
    /// `--sync-timeout`: seconds to wait, after a patch, for the controller to put it into Consul.
    public var syncTimeout: Double
    /// Seconds between looks at the resource and the Consul entry while waiting.
    public var pollInterval: Double
    /// Seconds one kubectl call may take before it is stopped (`--command-timeout`).
    public var callTimeout: Double

    public init(kubectl: String = "kubectl", namespace: String? = nil, context: String? = nil, syncTimeout: Double = 60,
                pollInterval: Double = 0.25, callTimeout: Double = 30) {
        self.kubectl = kubectl
        self.namespace = namespace
        self.context = context
        self.syncTimeout = syncTimeout
        self.pollInterval = pollInterval
        self.callTimeout = callTimeout
    }
}
