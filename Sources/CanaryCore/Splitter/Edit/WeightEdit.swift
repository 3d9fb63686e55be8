/// A splitter operation: a requested change to a splitter's weights, N-way, in exact integer
/// hundredths. The one description of an operation, from the CLI (`split set|shift|rollback|promote`)
/// and the dashboard's keys and rollout (``DashboardEffect/write(_:reason:)``) to the editor
/// (``ChangePlan``) and the journal (``name``).
///
/// Every successful edit yields weights in 0…100 that add up to exactly 100. An edit
/// that cannot be made throws ``WeightEditError`` and changes nothing. Splits are named
/// as ``SplitNames`` shows them (`blue`, `green`, `#2`, `other-service/green`).
///
/// A *relative* edit works from the current weights (``isRelative(splitCount:)``): on a
/// splitter Consul would refuse (weights adding up to 80, say) its result would be a guess, and
/// a silent repair: moving weight "toward green" out of 50/30 to 60/40 gives the stable subset
/// more. So a relative edit of an invalid splitter is refused with Consul's own words
/// (``WeightEditError/invalidSplitter(_:edit:)``); an edit that determines every weight by
/// itself (`setAll`, `rollback`, `promote`, `set` with two splits) may go ahead.
public enum WeightEdit: Equatable, Sendable, CustomStringConvertible {
    /// `split set payments.hcl green=10`: give one split this weight; the others give or take
    /// the difference in proportion to their current weights (evenly when they are all 0).
    case set(String, to: Weight)
    /// `split shift --to green --by 5`: move a split's weight up (or down, when negative) by
    /// this much, clamped to 0…100, the others balancing as for ``set(_:to:)``.
    case shift(toward: String, by: Weight)
    /// All traffic back to the stable split (see ``StableChoice``: the resolver's default, else
    /// `--stable`, else the first split); every other split stays, at weight 0.
    case rollback
    /// All traffic to this split; every other split stays, at weight 0.
    case promote(String)
    /// `split set payments.hcl blue=90 green=10`: exactly these weights; splits not named keep
    /// theirs. Must add up to 100.
    case setAll([String: Weight])

    /// The journal's name for it.
    public var name: String {
        switch self {
        case .set: return "set"
        case .setAll: return "set-all"
        case .shift: return "shift"
        case .rollback: return "rollback"
        case .promote: return "promote"
        }
    }

    /// How it reads in output and events: `set green=10`, `shift toward green by 5`, `rollback`.
    public var description: String {
        switch self {
        case .set(let name, let weight): return "set \(name)=\(weight)"
        case .setAll(let all): return "set " + Self.pairs(all)
        case .shift(let name, let delta): return "shift toward \(name) by \(delta)"
        case .rollback: return "rollback"
        case .promote(let name): return "promote \(name)"
        }
    }

    /// Whether the weights this edit writes depend on the current ones: a shift moves from
    /// them, and setting one split of three or more shares the rest in their proportions. With
    /// two splits, setting one determines the other.
    public func isRelative(splitCount: Int) -> Bool {
        switch self {
        case .shift: return true
        case .set: return splitCount > 2
        case .rollback, .promote, .setAll: return false
        }
    }

    /// The change this edit makes to `entry`, named using `resolver`'s default subset; a
    /// rollback goes to the split ``StableChoice`` picks (with `stable` as `--stable`).
    ///
    /// Throws ``WeightEditError/invalidSplitter(_:edit:)`` for a relative edit of an entry that
    /// ``SplitterValidation`` finds problems with.
    public func apply(
        to entry: SplitterEntry, resolver: ResolverEntry? = nil, stable: String? = nil
    ) throws(WeightEditError) -> WeightChange {
        let names = SplitNames(entry: entry, resolver: resolver)
        guard !entry.splits.isEmpty else { throw .noSplits }
        if isRelative(splitCount: entry.splits.count) {
            let issues = SplitterValidation.validate(entry, resolver: resolver)
            if !issues.isEmpty { throw .invalidSplitter(issues.map(\.message), edit: summary) }
        }
        let current = entry.weights.map(\.hundredths)
        let after: [Int]
        switch self {
        case .set(let name, let weight):
            after = try balanced(set: names.index(of: name), to: weight.hundredths, current, names)
        case .shift(let name, let delta):
            let index = try names.index(of: name)
            let target = min(max(current[index] + delta.hundredths, 0), 10_000)
            after = try balanced(set: index, to: target, current, names)
        case .rollback:
            let choice = try StableChoice.choose(in: entry, resolver: resolver, explicit: stable)
            after = WeightMath.allTo(choice.index, count: current.count)
        case .promote(let name):
            after = WeightMath.allTo(try names.index(of: name), count: current.count)
        case .setAll(let requested):
            after = try explicit(requested, current, names)
        }
        return WeightChange(names: names.names, before: entry.weights, after: after.map(Weight.init(hundredths:)))
    }

    /// How the edit reads in a refusal: `shift toward green by 10`, `set canary to 5`.
    private var summary: String {
        switch self {
        case .set(let name, let weight): return "set \(name) to \(weight)"
        case .rollback: return "roll back"
        case .shift, .promote, .setAll: return description
        }
    }

    /// `blue=90 green=10`, by name.
    private static func pairs(_ all: [String: Weight]) -> String {
        all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
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
