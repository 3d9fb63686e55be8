/// The parts of a Kubernetes object's `metadata` canarytop uses: identity, the version a
/// conditional write carries, and what tells other owners (labels, annotations, managedFields).
public struct KubernetesObjectMeta: Equatable, Sendable {
    public var name: String
    /// The Kubernetes namespace (not Consul's): `default`; empty when a manifest leaves it out.
    public var namespace: String
    public var labels: [KeyValue]
    public var annotations: [KeyValue]
    /// Set on objects read from the cluster; a merge patch carrying it is a conditional write.
    public var resourceVersion: String?
    /// Moves on spec changes only (status writes leave it).
    public var generation: Int64?
    public var uid: String?
    public var finalizers: [String]
    public var managedFields: [ManagedFieldsEntry]

    public init(name: String, namespace: String = "", labels: [KeyValue] = [], annotations: [KeyValue] = [],
                resourceVersion: String? = nil, generation: Int64? = nil, uid: String? = nil,
                finalizers: [String] = [], managedFields: [ManagedFieldsEntry] = []) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.uid = uid
        self.finalizers = finalizers
        self.managedFields = managedFields
    }

    public func label(_ key: String) -> String? { labels.last { $0.key == key }?.value }
    public func annotation(_ key: String) -> String? { annotations.last { $0.key == key }?.value }

    /// `default/payments` (or just `payments` without a namespace), for messages.
    public var qualifiedName: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    init(_ fields: CRDFields?) throws(ConfigError) {
        guard let fields else {
            self.init(name: "")
            return
        }
        var entries: [ManagedFieldsEntry] = []
        for (index, node) in try fields.list("managedFields").enumerated() {
            entries.append(try ManagedFieldsEntry(try CRDFields(node, path: "metadata.managedFields[\(index)]", label: fields.label)))
        }
        let version = try fields.string("resourceVersion")
        let uid = try fields.string("uid")
        self.init(name: try fields.string("name"), namespace: try fields.string("namespace"),
                  labels: try fields.stringMap("labels"), annotations: try fields.stringMap("annotations"),
                  resourceVersion: version.isEmpty ? nil : version, generation: try fields.integer("generation"),
                  uid: uid.isEmpty ? nil : uid, finalizers: try fields.stringList("finalizers"), managedFields: entries)
    }
}

/// One entry of `metadata.managedFields`: which field manager last wrote which fields.
public struct ManagedFieldsEntry: Equatable, Sendable {
    /// The field manager: by default the writing program's file name (`kubectl`,
    /// `kubectl-client-side-apply`, `argocd-controller`, `rollouts-plugin-trafficrouter-consul`).
    public var manager: String
    /// `Update` or `Apply`.
    public var operation: String
    /// RFC 3339 time of the write, as given.
    public var time: String
    /// `status` for writes to the status subresource, else empty.
    public var subresource: String
    /// True when the entry owns `spec.splits` (`fieldsV1` has `f:spec` → `f:splits`).
    public var ownsSplits: Bool

    public init(manager: String, operation: String = "Update", time: String = "", subresource: String = "",
                ownsSplits: Bool = false) {
        self.manager = manager
        self.operation = operation
        self.time = time
        self.subresource = subresource
        self.ownsSplits = ownsSplits
    }

    init(_ fields: CRDFields) throws(ConfigError) {
        let spec = try fields.object("fieldsV1")?.object("f:spec")
        self.init(manager: try fields.string("manager"), operation: try fields.string("operation"),
                  time: try fields.string("time"), subresource: try fields.string("subresource"),
                  ownsSplits: spec?.member("f:splits") != nil)
    }
}
