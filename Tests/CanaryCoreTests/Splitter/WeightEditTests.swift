import Testing
@testable import CanaryCore

/// Every edit operation, exact to the hundredth.
@Suite struct WeightEditTests {
    private func entry(_ weights: [Double], _ subsets: [String]? = nil) -> SplitterEntry {
        let names = subsets ?? Array(["blue", "green", "canary", "dark", "e", "f"].prefix(weights.count))
        return SplitterEntry(name: "payments", splits: zip(weights, names).map { ServiceSplit(weight: w($0), serviceSubset: $1) })
    }

    private func after(
        _ edit: WeightEdit, on weights: [Double], _ subsets: [String]? = nil, stable: String? = nil
    ) throws(WeightEditError) -> [Weight] {
        try edit.apply(to: entry(weights, subsets), stable: stable).after
    }

    private func failure(_ edit: WeightEdit, on weights: [Double], _ subsets: [String]? = nil) -> WeightEditError? {
        do {
            _ = try edit.apply(to: entry(weights, subsets))
            return nil
        } catch {
            return error
        }
    }

    @Test func setTwoWay() throws {
        let change = try WeightEdit.set("green", to: w(60)).apply(to: entry([50, 50]))
        #expect(change.after == [w(40), w(60)])
        #expect(change.summary == "blue 50→40, green 50→60")
        #expect(try after(.set("green", to: w(0)), on: [90, 10]) == [w(100), w(0)])
        #expect(try after(.set("green", to: w(100)), on: [90, 10]) == [w(0), w(100)])
        #expect(try after(.set("blue", to: w(33.34)), on: [50, 50]) == [w(33.34), w(66.66)])
    }

    @Test func setThreeWayFromThirds() throws {
        #expect(try after(.set("canary", to: w(50)), on: [33.33, 33.33, 33.34]) == [w(25), w(25), w(50)])
        #expect(try after(.set("blue", to: w(33.34)), on: [33.33, 33.33, 33.34]) == [w(33.34), w(33.33), w(33.33)])
    }

    @Test func othersGiveInProportion() throws {
        #expect(try after(.set("canary", to: w(40)), on: [60, 30, 10]) == [w(40), w(20), w(40)])
        // 75 shared 5:3 is 46.875/28.125; the tie on the leftover hundredth goes to the earlier split.
        #expect(try after(.set("canary", to: w(25)), on: [50, 30, 20]) == [w(46.88), w(28.12), w(25)])
        // Others take in proportion too.
        #expect(try after(.set("blue", to: w(10)), on: [70, 20, 10]) == [w(10), w(60), w(30)])
    }

    @Test func allOthersZeroShareEvenly() throws {
        #expect(try after(.set("blue", to: w(40)), on: [100, 0, 0]) == [w(40), w(30), w(30)])
        #expect(try after(.set("blue", to: w(0)), on: [100, 0, 0, 0]) == [w(0), w(33.34), w(33.33), w(33.33)])
        #expect(try after(.set("blue", to: w(99.99)), on: [100, 0, 0]) == [w(99.99), w(0.01), w(0)])
    }

    @Test func fourWay() throws {
        let result = try after(.set("dark", to: w(50)), on: [40, 30, 20, 10])
        #expect(result == [w(22.22), w(16.67), w(11.11), w(50)])
        #expect(result.total() == .full)
    }

    @Test func shiftIsClamped() throws {
        #expect(try after(.shift(toward: "green", by: w(5)), on: [90, 10]) == [w(85), w(15)])
        #expect(try after(.shift(toward: "green", by: w(95)), on: [90, 10]) == [w(0), w(100)])
        #expect(try after(.shift(toward: "green", by: w(-20)), on: [90, 10]) == [w(100), w(0)])
        #expect(try after(.shift(toward: "canary", by: w(10)), on: [45, 45, 10]) == [w(40), w(40), w(20)])
        let noChange = try WeightEdit.shift(toward: "blue", by: w(10)).apply(to: entry([100, 0]))
        #expect(noChange.isNoChange)
        #expect(noChange.summary == "no change")
    }

    @Test func rollbackAndPromoteKeepEverySplit() throws {
        #expect(try after(.rollback, on: [60, 30, 10], stable: "blue") == [w(100), w(0), w(0)])
        #expect(try after(.promote("canary"), on: [60, 30, 10]) == [w(0), w(0), w(100)])
        #expect(try after(.promote("green"), on: [-10, 110]) == [w(0), w(100)])
    }

    @Test func setAllExplicitly() throws {
        #expect(try after(.setAll(["blue": w(33.33), "green": w(33.33), "canary": w(33.34)]), on: [100, 0, 0])
                == [w(33.33), w(33.33), w(33.34)])
        // Splits not named keep their weight.
        #expect(try after(.setAll(["blue": w(80), "green": w(10)]), on: [50, 40, 10]) == [w(80), w(10), w(10)])
        #expect(failure(.setAll(["blue": w(80), "green": w(10)]), on: [50, 30, 20]) == .sumNotHundred(w(110)))
        #expect(failure(.setAll(["blue": w(33.34), "green": w(66.66)]), on: [50, 50]) == nil)
        #expect(failure(.setAll(["blue": w(33.33), "green": w(66.66)]), on: [50, 50]) == .sumNotHundred(w(99.99)))
        #expect(failure(.setAll(["blue": w(-10), "green": w(110)]), on: [50, 50]) == .outOfRange(split: "blue", w(-10)))
        #expect(failure(.setAll(["blue": w(50), "#1": w(50)]), on: [50, 50]) == .namedTwice(split: "blue"))
        #expect(failure(.setAll(["purple": w(100)]), on: [50, 50]) == .unknownSplit("purple", available: ["blue", "green"]))
    }

    @Test func refusalsChangeNothingAndExplainThemselves() {
        #expect(failure(.set("purple", to: w(10)), on: [50, 50])?.description
                == "no split named \"purple\"; the splits are blue, green")
        #expect(failure(.set("green", to: w(120)), on: [50, 50])?.description
                == "green cannot be set to 120: weights must be between 0 and 100")
        #expect(failure(.set("green", to: w(-1)), on: [50, 50]) == .outOfRange(split: "green", w(-1)))
        #expect(failure(.set("blue", to: w(40)), on: [100], ["blue"])?.description
                == "blue is the only split, so it must stay at 100, not 40")
        #expect(failure(.set("blue", to: w(100)), on: [100], ["blue"]) == nil)
        #expect(failure(.set("blue", to: w(50)), on: [150, -50])?.description
                == "green currently has weight -50, outside 0…100; set every weight explicitly instead")
        #expect(failure(.setAll(["blue": w(90)]), on: [50, 50]) == .sumNotHundred(w(140)))
        #expect(WeightEditError.sumNotHundred(w(90)).description == "the new weights add up to 90, not 100")
        #expect(failure(.promote("x"), on: [], []) == .noSplits)
    }

    @Test func setFixesAnInvalidSum() throws {
        #expect(try after(.set("green", to: w(40)), on: [50, 30]) == [w(60), w(40)])
    }

    @Test func summaryShowsDecimalsOnlyWhenNeeded() throws {
        let change = try WeightEdit.set("blue", to: w(50)).apply(to: entry([66.67, 33.33]))
        #expect(change.summary == "blue 66.67→50, green 33.33→50")
        #expect(change.changedIndices == [0, 1])
    }
}

/// Naming splits for people and finding them again.
@Suite struct SplitNamesTests {
    private let resolver = ResolverEntry(name: "payments", defaultSubset: "blue", subsets: [ResolverSubset(name: "blue")])

    @Test func emptySubsetIsShownAsTheDefaultSubset() throws {
        let entry = SplitterEntry(name: "payments", splits: [ServiceSplit(weight: w(90)), ServiceSplit(weight: w(10), serviceSubset: "green")])
        #expect(SplitNames(entry: entry, resolver: resolver).names == ["blue", "green"])
        let unknown = SplitNames(entry: entry)
        #expect(unknown.names == ["(default)", "green"])
        for selector in ["default", "(default)", "", "#1"] {
            #expect(try unknown.index(of: selector) == 0)
        }
        #expect(try SplitNames(entry: entry, resolver: resolver).index(of: "blue") == 0)
        let change = try WeightEdit.set("blue", to: w(80)).apply(to: entry, resolver: resolver)
        #expect(change.summary == "blue 90→80, green 10→20")
    }

    @Test func otherServicesAndCollisions() throws {
        let entry = SplitterEntry(name: "payments", splits: [
            ServiceSplit(weight: w(25), serviceSubset: "green"),
            ServiceSplit(weight: w(25), service: "payments", serviceSubset: "green", namespace: "other"),
            ServiceSplit(weight: w(25), service: "payments-v2", serviceSubset: "canary"),
            ServiceSplit(weight: w(25), service: "ledger"),
        ])
        let names = SplitNames(entry: entry)
        #expect(names.names == ["green#1", "green#2", "payments-v2/canary", "ledger"])
        #expect(throws: WeightEditError.ambiguousSplit("green", candidates: ["green#1", "green#2"])) { try names.index(of: "green") }
        #expect(try names.index(of: "green#2") == 1)
        #expect(try names.index(of: "canary") == 2)
        #expect(try names.index(of: "payments-v2/canary") == 2)
        #expect(try names.index(of: "ledger") == 3)
        #expect(WeightEditError.ambiguousSplit("green", candidates: ["green#1", "green#2"]).description
                == "\"green\" could mean green#1 or green#2; use one of those names")
    }

    @Test func stableChoice() throws {
        let entry = SplitterEntry(name: "payments", splits: [ServiceSplit(weight: w(50), serviceSubset: "green"),
                                                             ServiceSplit(weight: w(50), serviceSubset: "blue")])
        let fromResolver = try StableChoice.choose(in: entry, resolver: resolver, explicit: "green")
        #expect(fromResolver == StableChoice(name: "blue", index: 1, source: .resolverDefault, overridden: "green"))
        #expect(try StableChoice.choose(in: entry, resolver: resolver, explicit: "blue").overridden == nil)
        #expect(try StableChoice.choose(in: entry, resolver: nil, explicit: "blue")
                == StableChoice(name: "blue", index: 1, source: .explicit, overridden: nil))
        #expect(try StableChoice.choose(in: entry, resolver: nil, explicit: nil)
                == StableChoice(name: "green", index: 0, source: .firstSplit, overridden: nil))
        // A resolver for another service, or whose default is not split to, does not decide.
        let other = ResolverEntry(name: "ledger", defaultSubset: "blue")
        #expect(try StableChoice.choose(in: entry, resolver: other, explicit: nil).source == .firstSplit)
        let canaryDefault = ResolverEntry(name: "payments", defaultSubset: "canary")
        #expect(try StableChoice.choose(in: entry, resolver: canaryDefault, explicit: nil).source == .firstSplit)
        #expect(throws: WeightEditError.self) { try StableChoice.choose(in: entry, resolver: nil, explicit: "purple") }
        // The split without a subset is the default subset.
        let implicit = SplitterEntry(name: "payments", splits: [ServiceSplit(weight: w(10), serviceSubset: "green"),
                                                                ServiceSplit(weight: w(90))])
        #expect(try StableChoice.choose(in: implicit, resolver: resolver, explicit: nil)
                == StableChoice(name: "blue", index: 1, source: .resolverDefault, overridden: nil))
        #expect(throws: WeightEditError.noSplits) {
            try StableChoice.choose(in: SplitterEntry(name: "p", splits: []), resolver: nil, explicit: nil)
        }
    }

    @Test func aRollbackGoesWhereTheStableChoiceSays() throws {
        let entry = SplitterEntry(name: "payments", splits: [ServiceSplit(weight: w(50), serviceSubset: "green"),
                                                             ServiceSplit(weight: w(50), serviceSubset: "blue")])
        // The resolver's default wins over --stable; --stable over the first split.
        #expect(try WeightEdit.rollback.apply(to: entry, resolver: resolver, stable: "green").after == [w(0), w(100)])
        #expect(try WeightEdit.rollback.apply(to: entry, stable: "blue").after == [w(0), w(100)])
        #expect(try WeightEdit.rollback.apply(to: entry).after == [w(100), w(0)])
        #expect(throws: WeightEditError.unknownSplit("purple", available: ["green", "blue"])) {
            try WeightEdit.rollback.apply(to: entry, stable: "purple")
        }
    }

    @Test func operationsReadInTheOperatorsWords() {
        let cases: [(WeightEdit, name: String, text: String)] = [
            (.set("green", to: w(10)), "set", "set green=10"),
            (.setAll(["green": w(10), "blue": w(90)]), "set-all", "set blue=90 green=10"),
            (.shift(toward: "green", by: w(-5)), "shift", "shift toward green by -5"),
            (.rollback, "rollback", "rollback"),
            (.promote("green"), "promote", "promote green"),
        ]
        for (edit, name, text) in cases {
            #expect(edit.name == name)
            #expect(edit.description == text)
        }
    }
}
