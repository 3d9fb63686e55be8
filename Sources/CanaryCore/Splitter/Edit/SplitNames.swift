/// People-facing names for a splitter's splits, and the lookup from a typed name to a split.
///
/// A split is named by its `ServiceSubset`. An empty subset is the resolver's default
/// subset, shown by that subset's name when the resolver is known and as `(default)`
/// otherwise. A split to another service is shown as `service/subset` (or just `service`).
/// If two splits would share a name, each gets its position appended: `green#2`.
public struct SplitNames: Equatable, Sendable {
    /// One unique display name per split, in split order.
    public let names: [String]
    private let baseNames: [String]
    private let subsets: [String]
    private let ownService: [Bool]

    /// - Parameter defaultSubset: the resolver's `DefaultSubset`, when known.
    public init(entry: SplitterEntry, defaultSubset: String? = nil) {
        var base: [String] = []
        var own: [Bool] = []
        for split in entry.splits {
            let isOwn = split.service.isEmpty || split.service == entry.name
            own.append(isOwn)
            if isOwn {
                if !split.serviceSubset.isEmpty {
                    base.append(split.serviceSubset)
                } else if let defaultSubset, !defaultSubset.isEmpty {
                    base.append(defaultSubset)
                } else {
                    base.append("(default)")
                }
            } else {
                base.append(split.serviceSubset.isEmpty ? split.service : "\(split.service)/\(split.serviceSubset)")
            }
        }
        var counts: [String: Int] = [:]
        for name in base { counts[name, default: 0] += 1 }
        names = base.enumerated().map { index, name in counts[name]! > 1 ? "\(name)#\(index + 1)" : name }
        baseNames = base
        subsets = entry.splits.map(\.serviceSubset)
        ownService = own
    }

    /// The names for a splitter, using the resolver's default subset when it is the same service's.
    public init(entry: SplitterEntry, resolver: ResolverEntry?) {
        let defaultSubset = resolver.flatMap { $0.name == entry.name ? $0.defaultSubset : nil }
        self.init(entry: entry, defaultSubset: defaultSubset)
    }

    /// The split a typed name refers to.
    ///
    /// Tried in order: `#N` (1-based position), a display name, a name shared by several
    /// splits (ambiguous), `default`/`(default)`/empty for the default subset, and a bare
    /// subset name of a split to another service when only one split has it.
    public func index(of name: String) throws(WeightEditError) -> Int {
        if name.hasPrefix("#"), let position = Int(name.dropFirst()), (1...names.count).contains(position) {
            return position - 1
        }
        if let index = names.firstIndex(of: name) { return index }
        let sameBase = baseNames.indices.filter { baseNames[$0] == name }
        if sameBase.count > 1 { throw .ambiguousSplit(name, candidates: sameBase.map { names[$0] }) }
        if ["", "default", "(default)"].contains(name) {
            let defaults = subsets.indices.filter { ownService[$0] && subsets[$0].isEmpty }
            if defaults.count == 1 { return defaults[0] }
        }
        let bySubset = subsets.indices.filter { !subsets[$0].isEmpty && subsets[$0] == name }
        if bySubset.count == 1 { return bySubset[0] }
        if bySubset.count > 1 { throw .ambiguousSplit(name, candidates: bySubset.map { names[$0] }) }
        throw .unknownSplit(name, available: names)
    }
}
