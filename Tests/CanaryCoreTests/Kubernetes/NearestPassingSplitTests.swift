@testable import CanaryCore
import Testing

/// The nearest split the webhook admits: always admitted, minimal, and the tie rules hold
/// (checked against a brute force on small splits).
struct NearestPassingSplitTests {
    private func weights(_ hundredths: [Int]) -> [Weight] { hundredths.map(Weight.init(hundredths:)) }

    @Test func theReferenceExampleMovesOneHundredth() throws {
        let intended = weights([1675, 5201, 3124])
        let nearest = try #require(NearestPassingSplit.nearest(to: intended))
        #expect(ServiceSplitterWebhook.admits(nearest))
        #expect(moved(nearest, from: intended) == 1)
        #expect(nearest.total() == .full)
    }

    @Test func anAdmittedSplitIsItsOwnNearest() {
        #expect(NearestPassingSplit.nearest(to: weights([5000, 5000])) == weights([5000, 5000]))
        #expect(NearestPassingSplit.nearest(to: weights([3334, 3333, 3333])).map { ServiceSplitterWebhook.admits($0) } == true)
    }

    @Test func protectedSplitsKeepTheirIntendedWeight() throws {
        let intended = weights([1675, 5201, 3124])
        for protected in 0..<3 {
            let nearest = try #require(NearestPassingSplit.nearest(to: intended, protected: [protected]))
            #expect(nearest[protected] == intended[protected], "protected \(protected): \(nearest)")
            #expect(ServiceSplitterWebhook.admits(nearest))
        }
    }

    @Test func invalidIntendedSplitsHaveNoNearest() {
        #expect(NearestPassingSplit.nearest(to: weights([5000, 4000])) == nil)
        #expect(NearestPassingSplit.nearest(to: weights([11_000, -1000])) == nil)
        #expect(NearestPassingSplit.nearest(to: []) == nil)
    }

    @Test func zeroSplitsStayZeroAndOthersNeverReachZero() throws {
        var generator = SplitMix64(seed: 99)
        var checked = 0
        while checked < 300 {
            var intended = randomSplit(count: Int.random(in: 3...8, using: &generator), using: &generator)
            intended[Int.random(in: 0..<intended.count, using: &generator)] = 0
            intended = rebalanced(intended)
            guard !ServiceSplitterWebhook.admits(weights(intended)) else { continue }
            let nearest = try #require(NearestPassingSplit.nearest(to: weights(intended)))
            for index in intended.indices {
                #expect((intended[index] == 0) == (nearest[index].hundredths == 0), "\(intended) → \(nearest)")
            }
            #expect(ServiceSplitterWebhook.admits(nearest))
            checked += 1
        }
    }

    /// Many splits (N up to 30): the answer is admitted and found quickly.
    @Test func largeSplitsAlwaysGetAnAdmittedNearest() throws {
        var generator = SplitMix64(seed: 7)
        var refusedSeen = 0
        for _ in 0..<300 {
            let intended = randomSplit(count: Int.random(in: 9...30, using: &generator), using: &generator)
            let nearest = try #require(NearestPassingSplit.nearest(to: weights(intended)), "\(intended)")
            #expect(ServiceSplitterWebhook.admits(nearest))
            #expect(nearest.total() == .full)
            if nearest != weights(intended) { refusedSeen += 1 }
        }
        #expect(refusedSeen > 10, "the generator should produce refused splits")
    }

    /// Brute force over every split within the found distance (N = 3 and 4): none closer is
    /// admitted, and none as close is preferred by the tie rules.
    @Test func minimalAndTieRulesAgainstBruteForce() throws {
        var generator = SplitMix64(seed: 2026)
        var checked = 0
        while checked < 400 {
            let count = checked % 2 == 0 ? 3 : 4
            let intended = randomSplit(count: count, using: &generator)
            guard !ServiceSplitterWebhook.admits(weights(intended)) else { continue }
            let protected = [Int.random(in: 0..<count, using: &generator)]
            let found = try #require(NearestPassingSplit.nearest(to: weights(intended), protected: protected)).map(\.hundredths)
            let distance = zip(found, intended).map { abs($0 - $1) }.reduce(0, +)
            let order = NearestPassingSplit.tieOrder(count: count, protected: protected)
            for candidate in vectors(around: intended, radius: distance) where ServiceSplitterWebhook.admits(weights(candidate)) {
                let cost = zip(candidate, intended).map { abs($0 - $1) }.reduce(0, +)
                #expect(cost >= distance, "\(intended): \(candidate) is closer than \(found)")
                if cost == distance, candidate != found {
                    #expect(!NearestPassingSplit.prefers(candidate, over: found, wanted: intended, order: order),
                            "\(intended) protected \(protected): \(candidate) beats \(found)")
                }
            }
            checked += 1
        }
    }

    // MARK: - helpers

    private func moved(_ a: [Weight], from b: [Weight]) -> Int {
        zip(a, b).map { abs($0.hundredths - $1.hundredths) }.reduce(0, +) / 2
    }

    /// Random hundredths adding up to 10000, every split at least 1, often with awkward decimals.
    private func randomSplit(count: Int, using generator: inout SplitMix64) -> [Int] {
        var cuts = Set<Int>()
        while cuts.count < count - 1 { cuts.insert(Int.random(in: 1..<10_000, using: &generator)) }
        let points = [0] + cuts.sorted() + [10_000]
        return (0..<count).map { points[$0 + 1] - points[$0] }
    }

    /// Moves what a zeroed split had onto the first non-zero one, so the total stays 10000.
    private func rebalanced(_ split: [Int]) -> [Int] {
        var result = split
        let missing = 10_000 - split.reduce(0, +)
        if let first = result.firstIndex(where: { $0 > 0 }) { result[first] += missing }
        return result
    }

    /// Every split with the same zeros, each other weight in 1…10000, adding up to 10000,
    /// whose total distance from `center` is at most `radius`.
    private func vectors(around center: [Int], radius: Int) -> [[Int]] {
        var result: [[Int]] = []
        func extend(_ prefix: [Int], _ used: Int) {
            let index = prefix.count
            if index == center.count - 1 {
                let last = 10_000 - prefix.reduce(0, +)
                let ok = center[index] == 0 ? last == 0 : (1...10_000).contains(last)
                if ok, used + abs(last - center[index]) <= radius { result.append(prefix + [last]) }
                return
            }
            if center[index] == 0 { extend(prefix + [0], used); return }
            for delta in -(radius - used)...(radius - used) where (1...10_000).contains(center[index] + delta) {
                extend(prefix + [center[index] + delta], used + abs(delta))
            }
        }
        extend([], 0)
        return result
    }
}
