/// Something besides consul-k8s that keeps a `ServiceSplitter` to its own version, so that its
/// next sync would revert a weight canarytop writes into the resource.
///
/// Read from the object's metadata (a manifest or `kubectl get -o json`):
/// - Argo CD tracks it: annotation `argocd.argoproj.io/tracking-id`, or label
///   `app.kubernetes.io/instance` (its older, label-based tracking); with self-heal it puts Git's
///   version back.
/// - Helm owns it: label `app.kubernetes.io/managed-by: Helm`; the next upgrade writes the chart's.
/// - The Argo Rollouts Consul plugin writes `spec.splits` itself at every step: a
///   `managedFields` entry that owns `spec.splits` under a manager named like it. client-go names
///   the manager after the writing program's file: the plugin's binary is
///   `rollouts-plugin-trafficrouter-consul`, and Argo Rollouts' own is `argo-rollouts`; any
///   manager with `rollouts` in its name counts.
public enum OtherOwner: Equatable, Sendable {
    case argoCD(evidence: String)
    case helm(release: String?)
    case argoRolloutsPlugin(manager: String, time: String)

    public static let argoTrackingAnnotation = "argocd.argoproj.io/tracking-id"
    public static let instanceLabel = "app.kubernetes.io/instance"
    public static let managedByLabel = "app.kubernetes.io/managed-by"

    /// Every other owner `metadata` shows, in the order above.
    public static func find(in metadata: KubernetesObjectMeta) -> [OtherOwner] {
        var owners: [OtherOwner] = []
        if let tracking = metadata.annotation(argoTrackingAnnotation), !tracking.isEmpty {
            owners.append(.argoCD(evidence: "annotation \(argoTrackingAnnotation)=\(tracking)"))
        } else if let instance = metadata.label(instanceLabel), !instance.isEmpty {
            owners.append(.argoCD(evidence: "label \(instanceLabel)=\(instance)"))
        }
        if metadata.label(managedByLabel) == "Helm" {
            owners.append(.helm(release: metadata.annotation("meta.helm.sh/release-name")))
        }
        for entry in splitsWriters(metadata) where entry.manager.lowercased().contains("rollouts") {
            owners.append(.argoRolloutsPlugin(manager: entry.manager, time: entry.time))
        }
        return owners
    }

    /// The `managedFields` entries that own `spec.splits` (who last wrote the weights).
    public static func splitsWriters(_ metadata: KubernetesObjectMeta) -> [ManagedFieldsEntry] {
        metadata.managedFields.filter { $0.ownsSplits && $0.subresource != "status" }
    }

    /// One line for the warning before the first write (text from the cluster is cleaned).
    public var warning: String {
        switch self {
        case .argoCD(let evidence):
            return "Argo CD tracks this resource (\(TerminalSafe.clean(evidence))): with self-heal, its next sync puts"
                + " Git's weights back; change the weights in Git, or pause its auto-sync first"
        case .helm(let release):
            let name = release.map { " release \(GoQuote.quote(TerminalSafe.clean($0)))" } ?? ""
            return "Helm owns this resource\(name) (label app.kubernetes.io/managed-by=Helm): the next upgrade writes"
                + " the chart's weights back"
        case .argoRolloutsPlugin(let manager, let time):
            let when = time.isEmpty ? "" : " at \(TerminalSafe.clean(time))"
            return "spec.splits was last written by \(GoQuote.quote(TerminalSafe.clean(manager)))\(when), the Argo Rollouts"
                + " Consul plugin: its next step sets the weights again; steer the Rollout instead"
        }
    }
}
