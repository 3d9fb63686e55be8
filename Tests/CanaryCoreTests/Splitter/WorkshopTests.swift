import Testing
@testable import CanaryCore

/// The workshop's own files, end to end: read, validate, roll back, diff.
@Suite struct WorkshopTests {
    @Test func workshopSplitterReads() throws {
        let document = try SplitterFixtures.document("payments_splitter.hcl")
        #expect(document.format == .hcl)
        #expect(document.entry.name == "payments")
        #expect(document.entry.splits.map(\.serviceSubset) == ["blue", "green"])
        #expect(document.entry.weights == [w(50), w(50)])
        #expect(document.entry.unknownKeys.isEmpty)
    }

    @Test func workshopResolverReads() throws {
        let resolver = try ResolverEntry(text: SplitterFixtures.text("payments_resolver.hcl"), label: "payments_resolver.hcl")
        #expect(resolver.name == "payments")
        #expect(resolver.defaultSubset == "blue")
        #expect(resolver.subsets == [
            ResolverSubset(name: "blue", filter: "Service.Meta.version == 2"),
            ResolverSubset(name: "green", filter: "Service.Meta.version == 3"),
        ])
        #expect(SplitterValidation.validate(resolver).isEmpty)
    }

    @Test func workshopPairValidates() throws {
        let document = try SplitterFixtures.document("payments_splitter.hcl")
        let resolver = try ResolverEntry(text: SplitterFixtures.text("payments_resolver.hcl"), label: "r")
        #expect(SplitterValidation.validate(document.entry, resolver: resolver).isEmpty)
    }

    @Test func rollbackChangesExactlyTheTwoWeightLiterals() throws {
        let original = try SplitterFixtures.text("payments_splitter.hcl")
        let document = try SplitterFixtures.document("payments_splitter.hcl")
        let resolver = try ResolverEntry(text: SplitterFixtures.text("payments_resolver.hcl"), label: "r")
        let stable = try StableChoice.choose(in: document.entry, resolver: resolver, explicit: nil)
        #expect(stable.name == "blue")
        #expect(stable.source == .resolverDefault)
        let change = try WeightEdit.rollback.apply(to: document.entry, resolver: resolver)
        #expect(change.after == [w(100), w(0)])
        #expect(change.summary == "blue 50→100, green 50→0")
        let rewritten = try document.rewritten(applying: change)
        let expected = original
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = 100,\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 0,\n    service_subset = \"green\"")
        #expect(rewritten == expected)
        #expect(LineDiff.lines(from: original, to: rewritten).filter { if case .same = $0 { false } else { true } } == [
            .removed("    weight = 50,"), .added("    weight = 100,"),
            .removed("    weight = 50,"), .added("    weight = 0,"),
        ])
        let reread = try SplitterDocument(text: rewritten, label: "x")
        #expect(SplitterValidation.validate(reread.entry, resolver: resolver).isEmpty)
    }
}
