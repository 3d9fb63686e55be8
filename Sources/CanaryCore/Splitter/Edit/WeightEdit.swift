/// A requested change to a splitter's weights, N-way, in exact integer hundredths.
///
/// Every successful edit yields weights in 0…100 that add up to exactly 100. An edit
/// that cannot be made throws ``WeightEditError`` and changes nothing. Splits are named
/// as ``SplitNames`` shows them (`blue`, `green`, `#2`, `other-service/green`).
public enum WeightEdit: Equatable, Sendable {
    /// Give one split this weight; the others give or take the difference in proportion
    /// to their current weights (evenly when they are all 0).
    case set(String, to: Weight)
    /// Move a split's weight up (or down, when negative) by this much, clamped to 0…100,
    /// the others balancing as for ``set(_:to:)``.
    case shift(toward: String, by: Weight)
    /// All traffic back to the stable split; every other split stays, at weight 0.
    case rollback(stable: String)
    /// All traffic to this split; every other split stays, at weight 0.
    case promote(String)
    /// Exactly these weights; splits not named keep theirs. Must add up to 100.
    case setAll([String: Weight])

    /// The change this edit makes to `entry`, named using `resolver`'s default subset.
    public func apply(to entry: SplitterEntry, resolver: ResolverEntry? = nil) throws(WeightEditError) -> WeightChange {
        let names = SplitNames(entry: entry, resolver: resolver)
        guard !entry.splits.isEmpty else { throw .noSplits }
        let current = entry.weights.map(\.hundredths)
        let after: [Int]
        switch self {
        case .set(let name, let weight):
            after = try balanced(set: names.index(of: name), to: weight.hundredths, current, names)
        case .shift(let name, let delta):
            let index = try names.index(of: name)
            let target = min(max(current[index] + delta.hundredths, 0), 10_000)
            after = try balanced(set: index, to: target, current, names)
        case .rollback(let name), .promote(let name):
            after = WeightMath.allTo(try names.index(of: name), count: current.count)
        case .setAll(let requested):
            after = try explicit(requested, current, names)
        }
        return WeightChange(names: names.names, before: entry.weights, after: after.map(Weight.init(hundredths:)))
    }

    private func balanced(set index: Int, to value: Int, _ current: [Int], _ names: SplitNames) throws(WeightEditError) -> [Int] {
        let name = names.names[index]
        guard (0...10_000).contains(value) else { throw .outOfRange(split: name, Weight(hundredths: value)) }
        if current.count == 1 {
            guard value == 10_000 else { throw .nothingToBalance(split: name, Weight(hundredths: value)) }
            return [value]
        }
        for other in current.indices where other != index && !(0...10_000).contains(current[other]) {
            throw .currentWeightOutOfRange(split: names.names[other], Weight(hundredths: current[other]))
        }
        return WeightMath.setting(index, to: value, in: current)
    }

    private func explicit(_ requested: [String: Weight], _ current: [Int],
                          _ names: SplitNames) throws(WeightEditError) -> [Int] {
        var result = current
        var assigned = Set<Int>()
        for (name, weight) in requested.sorted(by: { $0.key < $1.key }) {
            let index = try names.index(of: name)
            guard assigned.insert(index).inserted else { throw .namedTwice(split: names.names[index]) }
            guard weight.isInPercentRange else { throw .outOfRange(split: names.names[index], weight) }
            result[index] = weight.hundredths
        }
        for index in result.indices where !assigned.contains(index) && !(0...10_000).contains(result[index]) {
            throw .currentWeightOutOfRange(split: names.names[index], Weight(hundredths: result[index]))
        }
        let sum = result.reduce(0, +)
        guard sum == 10_000 else { throw .sumNotHundred(Weight(hundredths: sum)) }
        return result
    }
}
