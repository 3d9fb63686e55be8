/// A `ServiceSplitter` as `kubectl get servicesplitters.consul.hashicorp.com NAME -o json`
/// prints it: its metadata (the `resourceVersion` a conditional write carries, the
/// `generation`, labels, annotations, managedFields), its splits as the project's
/// ``SplitterEntry``, the float32 weights it holds, and its sync status.
public struct ServiceSplitterResource: Equatable, Sendable {
    public var metadata: KubernetesObjectMeta
    /// `Name` is `metadata.name`; the weights are Consul's hundredths of the float32 ones.
    public var entry: SplitterEntry
    public var float32Weights: [Float]
    public var status: ConsulSyncStatus
    /// Each `spec.splits` element exactly as read, so a patch keeps every field (even ones this
    /// version of canarytop does not know).
    let splitNodes: [ConfigNode]

    /// Decodes kubectl's JSON for one object (not a `List`). `label` names it in messages.
    public init(json text: String, label: String) throws(ConfigError) {
        try self.init(root: try JSONParser.parse(text, label: label), label: label)
    }

    /// The items of `kubectl get servicesplitters.consul.hashicorp.com -A -o json` (a `List`),
    /// for the cluster-wide lookup by name that must find exactly one.
    public static func items(ofList text: String, label: String) throws(ConfigError) -> [ServiceSplitterResource] {
        let root = try JSONParser.parse(text, label: label)
        let top = try CRDFields(root, path: "", label: label)
        guard try top.string("kind").hasSuffix("List") else {
            throw ConfigError(stage: .kind, label: label, position: root.range.start,
                              message: "expected a List, found \(GoQuote.quote(try top.string("kind")))")
        }
        var resources: [ServiceSplitterResource] = []
        for item in try top.list("items") { resources.append(try ServiceSplitterResource(root: item, label: label)) }
        return resources
    }

    init(root: ConfigNode, label: String) throws(ConfigError) {
        let top = try CRDFields(root, path: "", label: label)
        let kind = try top.string("kind"), version = try top.string("apiVersion")
        guard kind == KubernetesKind.serviceSplitter.kind, version == KubernetesKind.apiVersion else {
            throw ConfigError(stage: .kind, label: label, position: root.range.start,
                              message: "expected a ServiceSplitter (\(KubernetesKind.apiVersion)), found"
                                  + " \(GoQuote.quote(kind)) (\(GoQuote.quote(version)))")
        }
        let decoded = try SplitterResourceDecoder.decode(root, label: label)
        metadata = decoded.metadata
        entry = decoded.entry
        float32Weights = decoded.float32Weights
        splitNodes = decoded.splitNodes
        status = try ConsulSyncStatus(try top.object("status"))
    }

    /// Other owners whose next sync would revert a patch (Argo CD, Helm, the Rollouts plugin).
    public var otherOwners: [OtherOwner] { OtherOwner.find(in: metadata) }

    /// True when `other` (a re-read after a 409) has the same spec generation and splits: the
    /// conflict came from a status write, and the patch may be retried with its resourceVersion.
    public func hasSameSpec(as other: ServiceSplitterResource) -> Bool {
        metadata.generation == other.metadata.generation && entry.splits == other.entry.splits
            && float32Weights == other.float32Weights
            && splitNodes.map(\.canonicalJSON) == other.splitNodes.map(\.canonicalJSON)
    }
}
