/// A Consul `service-splitter` config entry, as read from a file or an API reply.
///
/// Pure content: no source positions (those live in ``SplitterDocument``), so two entries
/// compare equal exactly when Consul would see the same configuration.
public struct SplitterEntry: Equatable, Sendable {
    public static let kind = "service-splitter"

    /// The service whose traffic is split.
    public var name: String
    public var namespace: String
    public var partition: String
    public var splits: [ServiceSplit]
    /// `Meta`, in the order written.
    public var meta: [KeyValue]
    /// Set when the entry came from Consul's HTTP API (or a file that carries it).
    public var createIndex: UInt64?
    /// Set when the entry came from Consul's HTTP API; use it for `?cas=`.
    public var modifyIndex: UInt64?
    /// Keys Consul would reject when writing, as Consul names them (`cornfig`,
    /// `Splits[0].cornfig`). Always empty for API replies, where unknown keys are ignored.
    public var unknownKeys: [String]

    public init(name: String, namespace: String = "", partition: String = "", splits: [ServiceSplit],
                meta: [KeyValue] = [], createIndex: UInt64? = nil, modifyIndex: UInt64? = nil,
                unknownKeys: [String] = []) {
        self.name = name
        self.namespace = namespace
        self.partition = partition
        self.splits = splits
        self.meta = meta
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
        self.unknownKeys = unknownKeys
    }

    /// Every split's weight, in split order.
    public var weights: [Weight] { splits.map(\.weight) }

    /// A copy with the weights replaced (same count and order as ``splits``).
    public func withWeights(_ weights: [Weight]) -> SplitterEntry {
        precondition(weights.count == splits.count, "one weight per split")
        var copy = self
        for index in copy.splits.indices { copy.splits[index].weight = weights[index] }
        return copy
    }
}

/// One destination of a splitter and the share of traffic it gets.
public struct ServiceSplit: Equatable, Sendable {
    /// Consul-rounded weight; a split without a `Weight` key has weight 0.
    public var weight: Weight
    /// Empty means the splitter's own service (`Name`).
    public var service: String
    /// Empty means the resolver's default subset.
    public var serviceSubset: String
    public var namespace: String
    public var partition: String
    public var requestHeaders: HeaderModifiers?
    public var responseHeaders: HeaderModifiers?

    public init(weight: Weight, service: String = "", serviceSubset: String = "", namespace: String = "",
                partition: String = "", requestHeaders: HeaderModifiers? = nil, responseHeaders: HeaderModifiers? = nil) {
        self.weight = weight
        self.service = service
        self.serviceSubset = serviceSubset
        self.namespace = namespace
        self.partition = partition
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
    }
}

/// `RequestHeaders` / `ResponseHeaders`: headers to add, set and remove.
public struct HeaderModifiers: Equatable, Sendable {
    public var add: [KeyValue]
    public var set: [KeyValue]
    public var remove: [String]

    public init(add: [KeyValue] = [], set: [KeyValue] = [], remove: [String] = []) {
        self.add = add
        self.set = set
        self.remove = remove
    }
}

/// One entry of a string map (`Meta`, header `Add`/`Set`), kept in written order.
public struct KeyValue: Equatable, Sendable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
