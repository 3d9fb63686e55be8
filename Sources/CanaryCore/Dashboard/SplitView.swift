/// The splitter as the dashboard shows and steers it.
public struct SplitView: Sendable, Equatable {
    /// The entry as last read.
    public var entry: SplitterEntry
    /// One display name per split (see ``SplitNames``).
    public var names: [String]
    /// The stable split's name (rollback target), when known.
    public var stable: String?
    /// The resolver, when given (names the default subset; validates edits).
    public var resolver: ResolverEntry?
    /// The version written last (`sha256:…`, `ModifyIndex 12`).
    public var version: String

    public init(entry: SplitterEntry, names: [String], stable: String?, resolver: ResolverEntry?, version: String) {
        self.entry = entry
        self.names = names
        self.stable = stable
        self.resolver = resolver
        self.version = version
    }

    /// The current weights, in split order.
    public var weights: [Weight] { entry.weights }

    /// Why Consul would refuse the splitter as it is, in Consul's words; empty when it would not.
    public var consulIssues: [String] {
        SplitterValidation.validate(entry, resolver: resolver).map(\.message)
    }

    /// The weight of the split called `name`.
    public func weight(of name: String) -> Weight? {
        names.firstIndex(of: name).map { entry.splits[$0].weight }
    }
}
