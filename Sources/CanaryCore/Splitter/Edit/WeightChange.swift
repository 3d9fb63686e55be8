/// The weights of every split before and after an edit, with a one-line summary.
public struct WeightChange: Equatable, Sendable, CustomStringConvertible {
    /// Display names, one per split (see ``SplitNames``).
    public let names: [String]
    public let before: [Weight]
    public let after: [Weight]

    public init(names: [String], before: [Weight], after: [Weight]) {
        precondition(names.count == before.count && before.count == after.count, "one value per split")
        self.names = names
        self.before = before
        self.after = after
    }

    /// True when the edit leaves every weight as it was.
    public var isNoChange: Bool { before == after }

    /// Positions of the splits whose weight changes.
    public var changedIndices: [Int] { before.indices.filter { before[$0] != after[$0] } }

    /// The changed splits as `blue 50→40, green 50→60`, or `no change`.
    public var summary: String {
        let parts = changedIndices.map { "\(names[$0]) \(before[$0])→\(after[$0])" }
        return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
    }

    public var description: String { summary }
}
