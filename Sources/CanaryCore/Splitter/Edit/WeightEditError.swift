/// Why a weight edit was refused. Nothing is changed when one of these is thrown.
public enum WeightEditError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The splitter has no splits to edit.
    case noSplits
    /// No split goes by this name.
    case unknownSplit(String, available: [String])
    /// Several splits go by this name.
    case ambiguousSplit(String, candidates: [String])
    /// A requested weight is below 0 or above 100.
    case outOfRange(split: String, Weight)
    /// An explicit set of weights does not add up to 100.
    case sumNotHundred(Weight)
    /// An explicit set of weights names the same split twice.
    case namedTwice(split: String)
    /// A split not being set has a weight outside 0…100 in the file, so proportions are meaningless.
    case currentWeightOutOfRange(split: String, Weight)
    /// Only one split: it must carry 100, nothing else can take the rest.
    case nothingToBalance(split: String, Weight)
    /// A relative edit (`edit`, as text) of a splitter Consul would refuse: `issues` in Consul's words.
    case invalidSplitter([String], edit: String)

    public var description: String {
        switch self {
        case .noSplits:
            return "the splitter has no splits"
        case .unknownSplit(let name, let available):
            return "no split named \(quoted(name)); the splits are \(available.joined(separator: ", "))"
        case .ambiguousSplit(let name, let candidates):
            return "\(quoted(name)) could mean \(candidates.joined(separator: " or ")); use one of those names"
        case .outOfRange(let split, let weight):
            return "\(split) cannot be set to \(weight): weights must be between 0 and 100"
        case .sumNotHundred(let sum):
            return "the new weights add up to \(sum), not 100"
        case .namedTwice(let split):
            return "\(split) is given more than once"
        case .currentWeightOutOfRange(let split, let weight):
            return "\(split) currently has weight \(weight), outside 0…100; set every weight explicitly instead"
        case .nothingToBalance(let split, let weight):
            return "\(split) is the only split, so it must stay at 100, not \(weight)"
        case .invalidSplitter(let issues, let edit):
            return "refusing to \(edit): \(issues.joined(separator: "; ")) (Consul refuses the splitter as it is, so a change"
                + " relative to its weights means nothing); set every weight explicitly, or roll back"
        }
    }
}
