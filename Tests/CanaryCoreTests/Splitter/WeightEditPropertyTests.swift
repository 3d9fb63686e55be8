import Testing
@testable import CanaryCore

/// Seeded, deterministic random edits: the sum is always exactly 100.00 and every weight
/// stays within 0…100.
@Suite struct WeightEditPropertyTests {
    /// SplitMix64: small, fast, and the same sequence on every machine.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A random valid weight vector with `count` splits, often with zeros.
    private func randomWeights(_ count: Int, _ random: inout SeededGenerator) -> [Int] {
        let shares = (0..<count).map { _ in Int.random(in: 0...3, using: &random) == 0 ? 0 : Int.random(in: 1...10_000, using: &random) }
        return WeightMath.apportion(10_000, by: shares)
    }

    private func entry(_ weights: [Int]) -> SplitterEntry {
        SplitterEntry(name: "p", splits: weights.enumerated().map {
            ServiceSplit(weight: Weight(hundredths: $1), serviceSubset: "s\($0)")
        })
    }

    @Test func apportionIsExact() {
        var random = SeededGenerator(state: 1)
        for _ in 0..<5_000 {
            let count = Int.random(in: 1...8, using: &random)
            let total = Int.random(in: 0...10_000, using: &random)
            let shares = (0..<count).map { _ in Int.random(in: 0...10_000, using: &random) }
            let result = WeightMath.apportion(total, by: shares)
            #expect(result.reduce(0, +) == total)
            #expect(result.allSatisfy { $0 >= 0 })
            let sum = shares.reduce(0, +)
            if sum > 0 {
                for index in shares.indices {
                    // Within one hundredth of the exact proportional share.
                    let exact = Double(total) * Double(shares[index]) / Double(sum)
                    #expect(abs(Double(result[index]) - exact) < 1)
                }
            }
        }
    }

    @Test func randomEditsKeepTheSumExact() throws {
        var random = SeededGenerator(state: 0xC0FFEE)
        var applied = 0
        for round in 0..<20_000 {
            let count = Int.random(in: 2...6, using: &random)
            let before = randomWeights(count, &random)
            #expect(before.reduce(0, +) == 10_000)
            let target = Int.random(in: 0..<count, using: &random)
            let name = round % 7 == 0 ? "#\(target + 1)" : "s\(target)"
            let edit: WeightEdit
            switch Int.random(in: 0...4, using: &random) {
            case 0: edit = .set(name, to: Weight(hundredths: Int.random(in: 0...10_000, using: &random)))
            case 1: edit = .shift(toward: name, by: Weight(hundredths: Int.random(in: -12_000...12_000, using: &random)))
            case 2: edit = .rollback
            case 3: edit = .promote(name)
            default:
                let explicit = randomWeights(count, &random)
                edit = .setAll(Dictionary(uniqueKeysWithValues: explicit.enumerated().map { ("s\($0)", Weight(hundredths: $1)) }))
            }
            let change = try edit.apply(to: entry(before), stable: name)
            applied += 1
            let after = change.after.map(\.hundredths)
            #expect(after.reduce(0, +) == 10_000, "\(edit) on \(before)")
            #expect(after.allSatisfy { (0...10_000).contains($0) }, "\(edit) on \(before)")
            #expect(change.before.map(\.hundredths) == before)
            switch edit {
            case .set(_, let weight):
                #expect(after[target] == weight.hundredths)
                let up = weight.hundredths >= before[target]
                for other in before.indices where other != target {
                    // Others only give when the target gains, only take when it loses.
                    #expect(up ? after[other] <= before[other] : after[other] >= before[other], "\(edit) on \(before)")
                }
            case .shift(_, let delta):
                #expect(after[target] == min(max(before[target] + delta.hundredths, 0), 10_000))
            case .rollback, .promote:
                #expect(after[target] == 10_000)
            case .setAll:
                break
            }
        }
        #expect(applied == 20_000)
    }

    /// From any in-range starting point, `set` writes a valid split when it determines every
    /// weight (two splits, or weights already adding up to 100); from weights Consul refuses it
    /// never shares the rest out in their proportions (a silent repair), it is refused.
    @Test func setOnAnyInRangeStartingPointRepairsOnlyWhatItDetermines() throws {
        var random = SeededGenerator(state: 42)
        var refused = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 2...5, using: &random)
            let before = (0..<count).map { _ in Int.random(in: 0...10_000, using: &random) }
            let target = Int.random(in: 0..<count, using: &random)
            let value = Int.random(in: 0...10_000, using: &random)
            let edit = WeightEdit.set("s\(target)", to: Weight(hundredths: value))
            guard count == 2 || before.reduce(0, +) == 10_000 else {
                #expect(throws: WeightEditError.invalidSplitter([SplitterValidation.sumMessage(Weight(hundredths: before.reduce(0, +)))], edit: "set s\(target) to \(Weight(hundredths: value))")) {
                    try edit.apply(to: entry(before))
                }
                refused += 1
                continue
            }
            let after = try edit.apply(to: entry(before)).after
            #expect(after.map(\.hundredths).reduce(0, +) == 10_000)
            #expect(after.allSatisfy { $0.isInPercentRange })
            #expect(after[target].hundredths == value)
        }
        #expect(refused > 3_000)
    }
}
