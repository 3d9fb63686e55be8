/// Which split a rollback sends all traffic to, and why that one.
public struct StableChoice: Equatable, Sendable {
    /// Why this split was chosen.
    public enum Source: Equatable, Sendable {
        /// It is the resolver's `DefaultSubset`.
        case resolverDefault
        /// The user named it (`--stable`).
        case explicit
        /// Nothing else said, so the first split.
        case firstSplit
    }

    /// Display name of the split (see ``SplitNames``).
    public let name: String
    /// Position of the split.
    public let index: Int
    public let source: Source
    /// The user's `--stable` name when the resolver's default took precedence over it.
    public let overridden: String?

    /// Picks the stable split: the resolver's `DefaultSubset` when it is one of the
    /// splits, else the explicit `--stable` name, else the first split.
    /// Throws when `explicit` is needed but names no split, or there are no splits.
    public static func choose(in entry: SplitterEntry, resolver: ResolverEntry?,
                              explicit: String?) throws(WeightEditError) -> StableChoice {
        let names = SplitNames(entry: entry, resolver: resolver)
        if let resolver, resolver.name == entry.name, !resolver.defaultSubset.isEmpty,
           let index = defaultSplit(in: entry, named: resolver.defaultSubset) {
            let overridden = explicit.flatMap { (try? names.index(of: $0)) == index ? nil : $0 }
            return StableChoice(name: names.names[index], index: index, source: .resolverDefault, overridden: overridden)
        }
        if let explicit {
            let index = try names.index(of: explicit)
            return StableChoice(name: names.names[index], index: index, source: .explicit, overridden: nil)
        }
        guard !entry.splits.isEmpty else { throw .noSplits }
        return StableChoice(name: names.names[0], index: 0, source: .firstSplit, overridden: nil)
    }

    /// The split that reaches the default subset: one naming it, else one with no subset.
    private static func defaultSplit(in entry: SplitterEntry, named subset: String) -> Int? {
        let own = entry.splits.indices.filter { entry.splits[$0].service.isEmpty || entry.splits[$0].service == entry.name }
        return own.first { entry.splits[$0].serviceSubset == subset } ?? own.first { entry.splits[$0].serviceSubset.isEmpty }
    }
}
