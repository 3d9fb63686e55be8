/// Picks among weighted choices in a fixed, evenly spread order (smooth weighted round-robin).
///
/// Each pick adds every choice's weight to its running credit, takes the choice with the most
/// credit (the first on a tie) and charges it the total weight. Over any run of picks each
/// choice's count stays within one of its exact share, a choice of weight 0 is never picked,
/// and 50/50 alternates. Envoy draws at random instead; the demo spreads evenly so that a
/// share can be checked tightly over a few hundred requests.
public struct SmoothWeightedRoundRobin: Sendable, Equatable {
    /// The weights, negatives counted as 0.
    public let weights: [Int]
    private var credit: [Int]
    private let total: Int

    public init(weights: [Int]) {
        self.weights = weights.map { max(0, $0) }
        credit = Array(repeating: 0, count: weights.count)
        total = self.weights.reduce(0, +)
    }

    /// The index of the next choice; nil when every weight is 0.
    public mutating func next() -> Int? {
        guard total > 0 else { return nil }
        var best = -1
        for i in weights.indices where weights[i] > 0 {
            credit[i] += weights[i]
            if best < 0 || credit[i] > credit[best] { best = i }
        }
        credit[best] -= total
        return best
    }
}
