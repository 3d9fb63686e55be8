/// A consul-k8s resource's `status`: its `Synced` condition and when it last reached Consul.
public struct ConsulSyncStatus: Equatable, Sendable {
    /// The `Synced` condition; `nil` when the controller has not written one yet.
    public var synced: SyncCondition?
    /// `status.lastSyncedTime`: the last successful write to Consul.
    public var lastSyncedTime: KubernetesTime?

    public init(synced: SyncCondition? = nil, lastSyncedTime: KubernetesTime? = nil) {
        self.synced = synced
        self.lastSyncedTime = lastSyncedTime
    }

    /// True only for `Synced=True` (an absent condition is `Unknown`, as the controller reads it).
    public var isSynced: Bool { synced?.status == "True" }

    /// Why canarytop will not write through the resource now, in one line; `nil` when synced.
    /// `Synced=False, ExternallyManagedConfigError: config entry already exists in Consul`.
    public var notSyncedReason: String? {
        guard !isSynced else { return nil }
        guard let synced else { return "the resource has no Synced condition yet (the controller has not synced it)" }
        var text = "Synced=\(TerminalSafe.clean(synced.status))"
        if !synced.reason.isEmpty { text += ", \(TerminalSafe.clean(synced.reason))" }
        if !synced.message.isEmpty { text += ": \(TerminalSafe.clean(synced.message))" }
        return text
    }

    init(_ fields: CRDFields?) throws(ConfigError) {
        guard let fields else {
            self.init()
            return
        }
        var synced: SyncCondition?
        for (index, node) in try fields.list("conditions").enumerated() {
            let condition = try CRDFields(node, path: "status.conditions[\(index)]", label: fields.label)
            guard try condition.string("type") == "Synced" else { continue }
            synced = SyncCondition(status: try condition.string("status"), reason: try condition.string("reason"),
                                   message: try condition.string("message"),
                                   lastTransitionTime: KubernetesTime(try condition.string("lastTransitionTime")))
        }
        self.init(synced: synced, lastSyncedTime: KubernetesTime(try fields.string("lastSyncedTime")))
    }
}

/// The `Synced` condition: `True`, `False` or `Unknown`, with the controller's reason.
public struct SyncCondition: Equatable, Sendable {
    public var status: String
    /// `ConsulAgentError`, `ExternallyManagedConfigError`, `MigrationFailedError`, …
    public var reason: String
    public var message: String
    public var lastTransitionTime: KubernetesTime?

    public init(status: String, reason: String = "", message: String = "", lastTransitionTime: KubernetesTime? = nil) {
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}
