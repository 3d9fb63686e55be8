/// The split closest to an intended one that the consul-k8s webhook admits.
///
/// Offered when an N-way change would be refused for its float32 sum (16.75 / 52.01 / 31.24
/// adds up to 99.999992). Among all weight vectors that
/// - keep every split that is 0 at 0 and every other split at 0.01 or more (no traffic is sent
///   where the operator sent none, none taken from where they sent some),
/// - add up to exactly 100 in hundredths (so Consul agrees too), and
/// - the webhook admits,
///
/// it picks the one that moves the fewest hundredths in total (Σ|new − intended| / 2). Ties go
/// first to the candidate that leaves the `protected` splits (in that order: the split the
/// operator set, then the stable one, say) closest to what was intended, then every other split
/// in split order; a tie after that gives the moved hundredths to the protected splits first.
/// The answer is a pure function of its inputs.
///
/// The search is exact: an iterative deepening over the total moved, walking the splits in
/// order with the float32 partial sum, the signed difference so far and the cost as state (dead
/// states are remembered), so the first budget that has a solution is the minimum. Moving a
/// single hundredth almost always suffices, so the search stays small for any number of splits.
public enum NearestPassingSplit {
    /// `intended` itself when the webhook admits it; otherwise the nearest admitted split (see
    /// the type). `nil` when `intended` is not a valid split (weights 0…100 adding up to 100) or
    /// no admitted split exists within `maximumMoved` hundredths.
    public static func nearest(to intended: [Weight], protected: [Int] = [],
                               maximumMoved: Int = 500) -> [Weight]? {
        let wanted = intended.map(\.hundredths)
        guard !wanted.isEmpty, wanted.allSatisfy({ (0...10_000).contains($0) }), wanted.reduce(0, +) == 10_000 else {
            return nil
        }
        if ServiceSplitterWebhook.admits(intended) { return intended }
        let order = tieOrder(count: wanted.count, protected: protected)
        for budget in stride(from: 2, through: 2 * maximumMoved, by: 2) {
            var search = Search(wanted: wanted, budget: budget, order: order)
            search.walk(index: 0, difference: 0, sum: 0, cost: 0)
            if let best = search.best { return best.map(Weight.init(hundredths:)) }
        }
        return nil
    }

    /// Protected splits first (each once, valid positions only), then the rest in split order.
    static func tieOrder(count: Int, protected: [Int]) -> [Int] {
        var order: [Int] = []
        for index in protected where (0..<count).contains(index) && !order.contains(index) { order.append(index) }
        return order + (0..<count).filter { !order.contains($0) }
    }

    /// True when `a` is preferred to `b` (both admitted, same total moved) under the tie rules.
    static func prefers(_ a: [Int], over b: [Int], wanted: [Int], order: [Int]) -> Bool {
        for index in order {
            let da = abs(a[index] - wanted[index]), db = abs(b[index] - wanted[index])
            if da != db { return da < db }
        }
        for index in order where a[index] != b[index] { return a[index] > b[index] }
        return false
    }

    private struct State: Hashable {
        var index: Int
        var difference: Int
        var sumBits: UInt32
        var cost: Int
    }

    private struct Search {
        let wanted: [Int]
        let budget: Int
        let order: [Int]
        var chosen: [Int] = []
        var best: [Int]?
        var dead: Set<State> = []

        init(wanted: [Int], budget: Int, order: [Int]) {
            self.wanted = wanted
            self.budget = budget
            self.order = order
        }

        /// Walks every completion from split `index`; true when at least one is admitted.
        @discardableResult
        mutating func walk(index: Int, difference: Int, sum: Float, cost: Int) -> Bool {
            if index == wanted.count {
                guard difference == 0, sum == 100 else { return false }
                if best.map({ prefers(chosen, over: $0, wanted: wanted, order: order) }) ?? true { best = chosen }
                return true
            }
            let state = State(index: index, difference: difference, sumBits: sum.bitPattern, cost: cost)
            if dead.contains(state) { return false }
            var found = false
            for value in candidates(index: index, difference: difference, cost: cost) {
                let step = abs(value - wanted[index])
                chosen.append(value)
                if walk(index: index + 1, difference: difference + value - wanted[index],
                        sum: sum + ServiceSplitterWebhook.float32(Weight(hundredths: value)), cost: cost + step) {
                    found = true
                }
                chosen.removeLast()
            }
            if !found { dead.insert(state) }
            return found
        }

        /// Values split `index` may take within the budget: its own 0 for a zero split, else
        /// 1…10000 close enough to the intended weight that the difference can still be undone.
        func candidates(index: Int, difference: Int, cost: Int) -> [Int] {
            let target = wanted[index]
            if target == 0 { return cost + abs(difference) <= budget ? [0] : [] }
            let spare = budget - cost
            var values: [Int] = []
            for delta in -spare...spare {
                let value = target + delta
                guard (1...10_000).contains(value), abs(delta) + abs(difference + delta) <= spare else { continue }
                values.append(value)
            }
            return values
        }
    }
}
