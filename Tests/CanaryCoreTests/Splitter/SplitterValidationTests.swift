import Testing
@testable import CanaryCore

/// Every Consul message, verbatim.
@Suite struct SplitterValidationTests {
    private func splitter(_ weights: [Double], subsets: [String]? = nil, name: String = "payments") -> SplitterEntry {
        let names = subsets ?? ["blue", "green", "canary", "dark"].prefix(weights.count).map { $0 }
        return SplitterEntry(name: name, splits: zip(weights, names).map { ServiceSplit(weight: w($0), serviceSubset: $1) })
    }

    private func messages(_ entry: SplitterEntry, resolver: ResolverEntry? = nil) -> [String] {
        SplitterValidation.validate(entry, resolver: resolver).map(\.message)
    }

    private let resolver = ResolverEntry(name: "payments", defaultSubset: "blue",
                                         subsets: [ResolverSubset(name: "blue"), ResolverSubset(name: "canary")])

    @Test func validEntriesHaveNoIssues() {
        #expect(messages(splitter([50, 50])).isEmpty)
        #expect(messages(splitter([33.33, 33.33, 33.34])).isEmpty)
        #expect(messages(splitter([100, 0])).isEmpty)
    }

    @Test func nameAndSplitsAreRequired() {
        #expect(messages(splitter([100], name: "")) == ["Name is required"])
        #expect(messages(SplitterEntry(name: "payments", splits: [])) == ["no splits configured"])
    }

    @Test func sumMustBeExactlyHundredAfterRounding() {
        #expect(messages(splitter([50, 30])) == ["the sum of all split weights must be 100, not 80.000000"])
        #expect(messages(splitter([33.333, 33.333, 33.333]).withWeights([Weight(hundredths: 3333), Weight(hundredths: 3333),
                                                                          Weight(hundredths: 3333)]))
                == ["the sum of all split weights must be 100, not 99.989998"])
        #expect(messages(splitter([60, 50])) == ["the sum of all split weights must be 100, not 110.000000"])
        #expect(SplitterValidation.sumMessage(Weight(hundredths: 0)) == "the sum of all split weights must be 100, not 0.000000")
    }

    @Test func sumOfThirdsFromAFile() throws {
        let text = "Kind = \"service-splitter\"\nName = \"payments\"\nSplits = [\n"
            + "{ Weight = 33.333, ServiceSubset = \"a\" }, { Weight = 33.333, ServiceSubset = \"b\" },"
            + " { Weight = 33.333, ServiceSubset = \"c\" }]"
        let entry = try SplitterDocument(text: text, label: "t").entry
        #expect(messages(entry) == ["the sum of all split weights must be 100, not 99.989998"])
    }

    @Test func duplicateDestinations() {
        #expect(messages(splitter([50, 50], subsets: ["green", "green"]))
                == ["split destination occurs more than once: service=\"payments\", subset=\"green\", namespace=\"\", partition=\"\""])
        // An explicit Service equal to Name is the same destination as an empty one.
        var entry = splitter([50, 50], subsets: ["green", "green"])
        entry.splits[0].service = "payments"
        #expect(messages(entry).count == 1)
        entry.splits[0].service = "payments-v2"
        #expect(messages(entry).isEmpty)
    }

    @Test func subsetsMustExistInTheResolver() {
        #expect(messages(splitter([50, 50]), resolver: resolver) == ["service \"payments\" does not have a subset named \"green\""])
        #expect(messages(splitter([50, 50], subsets: ["", "canary"]), resolver: resolver).isEmpty)
        var other = splitter([50, 50])
        other.splits[1].service = "payments-v2"
        #expect(messages(other, resolver: resolver).isEmpty)
    }

    @Test func unknownKeysComeFirst() {
        var entry = splitter([50, 30])
        entry.unknownKeys = ["cornfig"]
        #expect(messages(entry) == ["invalid config key \"cornfig\"", "the sum of all split weights must be 100, not 80.000000"])
    }

    @Test func unknownKeyFromAFile() throws {
        let text = "Kind = \"service-splitter\"\nName = \"payments\"\ncornfig = true\nSplits = [{ Weight = 100 }]\n"
        let entry = try SplitterDocument(text: text, label: "t").entry
        #expect(messages(entry) == ["invalid config key \"cornfig\""])
    }

    @Test func metaLimits() {
        var entry = splitter([100])
        entry.meta = (0..<65).map { KeyValue("k\($0)", "v") }
        #expect(messages(entry) == ["Meta exceeds maximum element count 64"])
        entry.meta = [KeyValue(String(repeating: "k", count: 129), String(repeating: "v", count: 513))]
        #expect(messages(entry) == [
            "Meta key \"\(String(repeating: "k", count: 129))\" exceeds maximum length 128",
            "Meta value for key \"\(String(repeating: "k", count: 129))\" exceeds maximum length 512",
        ])
    }

    @Test func resolverMessages() {
        func resolverMessages(_ resolver: ResolverEntry) -> [String] {
            SplitterValidation.validate(resolver).map(\.message)
        }
        #expect(resolverMessages(ResolverEntry(name: "p", defaultSubset: "x", subsets: [ResolverSubset(name: "blue")]))
                == ["DefaultSubset \"x\" is not a valid subset"])
        #expect(resolverMessages(ResolverEntry(name: "p", defaultSubset: "x")) == ["DefaultSubset \"x\" is not a valid subset"])
        #expect(resolverMessages(ResolverEntry(name: "p", subsets: [ResolverSubset(name: "")])) == ["Subset defined with empty name"])
        #expect(resolverMessages(ResolverEntry(name: "", subsets: [])) == ["Name is required"])
        let pattern = "must be 63 characters or fewer, begin or end with lower case alphanumeric characters,"
            + " and contain lower case alphanumeric characters or '-' in between"
        for bad in ["Blue", "-blue", "blue-", "blue_green", "blue.v2", "grün"] {
            #expect(resolverMessages(ResolverEntry(name: "p", subsets: [ResolverSubset(name: bad)]))
                    == ["Subset \(GoQuote.quote(bad)) is invalid: \(pattern)"], "\(bad)")
        }
        let long = String(repeating: "a", count: 64)
        #expect(resolverMessages(ResolverEntry(name: "p", subsets: [ResolverSubset(name: long)]))
                == ["Subset \"\(long)\" is invalid: must be non-empty and 63 characters or fewer"])
        for good in ["a", "0", "blue", "v2-canary", String(repeating: "a", count: 63)] {
            #expect(SplitterValidation.subsetNameProblem(good) == nil, "\(good)")
        }
    }

    @Test func emptySubsetNameFromAFile() throws {
        let text = "Kind = \"service-resolver\"\nName = \"p\"\nSubsets = { \"\" = {} }\n"
        let resolver = try ResolverEntry(text: text, label: "r")
        #expect(SplitterValidation.validate(resolver).map(\.message) == ["Subset defined with empty name"])
    }

    @Test func goQuotingMatchesPercentQ() {
        #expect(GoQuote.quote("a\"b\\c") == #""a\"b\\c""#)
        #expect(GoQuote.quote("tab\there\n") == #""tab\there\n""#)
        #expect(GoQuote.quote("\u{1B}[2J") == #""\x1b[2J""#)
        #expect(GoQuote.quote("\u{A0}é\u{202E}") == #""\u00a0é\u202e""#)
    }
}
