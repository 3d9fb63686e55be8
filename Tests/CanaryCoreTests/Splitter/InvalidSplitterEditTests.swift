import Testing
@testable import CanaryCore

/// An invalid splitter is never silently repaired: a relative edit of weights Consul refuses is
/// refused in Consul's words, and only an edit that determines every weight by itself goes ahead.
@Suite struct InvalidSplitterEditTests {
    static let consul80 = "the sum of all split weights must be 100, not 80.000000"

    private func entry(_ weights: [Double], name: String = "payments") -> SplitterEntry {
        let names = ["blue", "green", "canary", "dark"]
        return SplitterEntry(name: name, splits: zip(weights, names).map { ServiceSplit(weight: w($0), serviceSubset: $1) })
    }

    private func refusal(_ edit: WeightEdit, on entry: SplitterEntry) -> WeightEditError? {
        do {
            _ = try edit.apply(to: entry)
            return nil
        } catch {
            return error
        }
    }

    @Test func theIssuesShiftIsRefusedInConsulsWords() {
        // The report: blue 50, green 30; "shift --to green --by 10" wrote blue 60 / green 40.
        let error = refusal(.shift(toward: "green", by: w(10)), on: entry([50, 30]))
        #expect(error == .invalidSplitter([Self.consul80], edit: "shift toward green by 10"))
        #expect(error?.description == "refusing to shift toward green by 10: \(Self.consul80) (Consul refuses the splitter"
            + " as it is, so a change relative to its weights means nothing); set every weight explicitly, or roll back")
        #expect(refusal(.shift(toward: "green", by: w(-10)), on: entry([50, 30])) != nil)
        // Over 100 too, and with Consul's float32 text.
        #expect(refusal(.shift(toward: "blue", by: w(1)), on: entry([60, 40.01]))
            == .invalidSplitter(["the sum of all split weights must be 100, not 100.010002"], edit: "shift toward blue by 1"))
    }

    @Test func everyRelativeEditIsRefusedOnAnyIssueConsulWouldRaise() {
        // Not only the sum: a missing name is a refusal too, and all issues are named.
        let nameless = entry([50, 30], name: "")
        #expect(refusal(.shift(toward: "green", by: w(5)), on: nameless)
            == .invalidSplitter(["Name is required", Self.consul80], edit: "shift toward green by 5"))
        // Setting one of three splits shares the rest in the others' proportions: relative.
        #expect(refusal(.set("canary", to: w(10)), on: entry([50, 20, 10]))
            == .invalidSplitter([Self.consul80], edit: "set canary to 10"))
    }

    @Test func editsThatDetermineEveryWeightMayWriteOverAnInvalidSplitter() throws {
        let bad = entry([50, 30])
        #expect(try WeightEdit.setAll(["blue": w(60), "green": w(40)]).apply(to: bad).after == [w(60), w(40)])
        #expect(try WeightEdit.rollback.apply(to: bad, stable: "blue").after == [w(100), w(0)])
        #expect(try WeightEdit.promote("green").apply(to: bad).after == [w(0), w(100)])
        // With two splits, setting one sets the other.
        #expect(try WeightEdit.set("green", to: w(40)).apply(to: bad).after == [w(60), w(40)])
        // Splits left out of a setAll keep their weight; the sum must still come to 100.
        #expect(try WeightEdit.setAll(["blue": w(70), "green": w(20)]).apply(to: entry([50, 20, 10])).after == [w(70), w(20), w(10)])
        #expect(refusal(.setAll(["blue": w(60)]), on: entry([50, 20, 10])) == .sumNotHundred(w(90)))
    }

    @Test func validSplittersAreEditedAsBefore() throws {
        #expect(try WeightEdit.shift(toward: "green", by: w(10)).apply(to: entry([50, 50])).after == [w(40), w(60)])
        #expect(try WeightEdit.set("canary", to: w(10)).apply(to: entry([50, 30, 20])).after == [w(56.25), w(33.75), w(10)])
    }

    @Test func whichEditsAreRelative() {
        #expect(WeightEdit.shift(toward: "a", by: w(1)).isRelative(splitCount: 2))
        #expect(!WeightEdit.set("a", to: w(1)).isRelative(splitCount: 2))
        #expect(WeightEdit.set("a", to: w(1)).isRelative(splitCount: 3))
        #expect(!WeightEdit.setAll([:]).isRelative(splitCount: 3))
        #expect(!WeightEdit.rollback.isRelative(splitCount: 3))
        #expect(!WeightEdit.promote("a").isRelative(splitCount: 3))
    }

    /// Seeded random weights that do not add up to 100: every relative edit is refused, every
    /// absolute one that succeeds yields weights Consul accepts.
    @Test func randomInvalidSplittersAreNeverRepairedByARelativeEdit() throws {
        var random = WeightEditPropertyTests.SeededGenerator(state: 80)
        for _ in 0..<2_000 {
            let count = Int.random(in: 2...4, using: &random)
            var weights = (0..<count).map { _ in Double(Int.random(in: 0...6_000, using: &random)) / 100 }
            if weights.reduce(0, +) == 100 { weights[0] += 1 }
            let bad = entry(weights)
            let target = ["blue", "green", "canary", "dark"][Int.random(in: 0..<count, using: &random)]
            let delta = w(Double(Int.random(in: -2_000...2_000, using: &random)) / 100)
            guard case .invalidSplitter(let issues, _)? = refusal(.shift(toward: target, by: delta), on: bad) else {
                Issue.record("a shift of \(weights) was not refused")
                continue
            }
            #expect(issues.first?.hasPrefix("the sum of all split weights must be 100, not ") == true)
            let absolute = try WeightEdit.promote(target).apply(to: bad)
            #expect(SplitterValidation.validate(bad.withWeights(absolute.after)).isEmpty)
        }
    }
}
