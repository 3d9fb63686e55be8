/// A Consul `service-resolver` config entry, reduced to what splitting needs.
///
/// canarytop only reads resolvers: to name the default subset and to check that every
/// split's subset exists. `Redirect`, `Failover`, `ConnectTimeout`, `RequestTimeout`,
/// `LoadBalancer` and friends are accepted but not kept.
public struct ResolverEntry: Equatable, Sendable {
    public static let kind = "service-resolver"

    public var name: String
    public var namespace: String
    public var partition: String
    /// Empty means the unnamed default subset.
    public var defaultSubset: String
    /// Subsets in written order.
    public var subsets: [ResolverSubset]
    public var meta: [KeyValue]
    public var createIndex: UInt64?
    public var modifyIndex: UInt64?
    /// Keys Consul would reject when writing; empty for API replies.
    public var unknownKeys: [String]

    public init(name: String, namespace: String = "", partition: String = "", defaultSubset: String = "",
                subsets: [ResolverSubset] = [], meta: [KeyValue] = [], createIndex: UInt64? = nil,
                modifyIndex: UInt64? = nil, unknownKeys: [String] = []) {
        self.name = name
        self.namespace = namespace
        self.partition = partition
        self.defaultSubset = defaultSubset
        self.subsets = subsets
        self.meta = meta
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
        self.unknownKeys = unknownKeys
    }

    /// Consul's `SubsetExists`: the empty name always exists, others must be defined.
    public func hasSubset(_ name: String) -> Bool {
        name.isEmpty || subsets.contains { $0.name == name }
    }

    /// Reads a resolver from config text (HCL1 or JSON, detected as Consul does).
    /// - Parameters:
    ///   - label: names the text in error messages (no I/O happens).
    ///   - origin: `.apiReply` ignores unknown keys, `.file` records them.
    public init(text: String, label: String, origin: EntryOrigin = .file) throws(ConfigError) {
        let (_, root) = try ConfigReader.parse(text, label: label)
        self = try ResolverDecoder.decode(root, label: label, origin: origin)
    }
}

/// One named subset of a resolver: which instances belong to it.
public struct ResolverSubset: Equatable, Sendable {
    public var name: String
    /// A filter expression such as `Service.Meta.version == 2`.
    public var filter: String
    public var onlyPassing: Bool

    public init(name: String, filter: String = "", onlyPassing: Bool = false) {
        self.name = name
        self.filter = filter
        self.onlyPassing = onlyPassing
    }
}

/// Where config text came from, which decides how unknown keys are treated.
public enum EntryOrigin: Sendable, Equatable {
    /// A file the user will `consul config write`: unknown keys are errors, as in Consul.
    case file
    /// A reply from Consul's HTTP API: newer Consul versions add fields, so ignore them.
    case apiReply
}
