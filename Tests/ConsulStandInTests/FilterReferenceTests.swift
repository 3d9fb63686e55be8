import CanaryTesting
import Foundation
import Testing

/// The stand-in filters exactly as Consul does: every expression of the corpus gets the same
/// selection (or the same refusal) from the stand-in's health endpoint as from go-bexpr 0.1.2
/// — the version Consul pins — over the same entries, and a resolver subset with it is
/// accepted or refused alike.
///
/// With `go` and Debian's golang-github-hashicorp-go-bexpr-dev installed, the oracle in
/// Reference/bexpr-oracle is built and run; without them, its recorded answers
/// (Reference/filter-answers.json) stand in. `CANARYTOP_RECORD_REFERENCE=1` re-records them.
@Suite(.serialized, .sharedMachine) struct FilterReferenceTests {
    private static let prefix = "Failed to create boolean expression evaluator: "

    @Test func standInAgreesWithConsulOnEveryExpression() async throws {
        let corpus = try FilterReference.corpus()
        let filters = corpus.cases.map(\.filter)
        #expect(filters.count >= 200)
        let (entries, standIn) = try await FilterReference.standIn(filters: filters)
        let reference: [FilterReference.Answer]
        if let why = GoOracle.unavailability(packages: FilterReference.goPackages) {
            print("FilterReference: compared \(filters.count) expressions with the RECORDED oracle answers (\(why))")
            reference = try FilterReference.recorded().answers
        } else {
            let live = try await FilterReference.live(entries: entries, filters: filters)
            print("FilterReference: compared \(filters.count) expressions with the LIVE oracle (\(live.oracle))")
            reference = live.answers
        }
        try #require(reference.count == filters.count, "the reference answers are for another corpus: re-record them")
        var disagreements: [String] = []
        for (index, item) in corpus.cases.enumerated() {
            let oracle = reference[index]
            try #require(oracle.filter == item.filter, "the reference answers are for another corpus: re-record them")
            if let problem = Self.compare(item, oracle: oracle, standIn: standIn[index]) { disagreements.append(problem) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
    }

    @Test func recordedAnswersAreForThisCorpusAndThisOracle() async throws {
        let corpus = try FilterReference.corpus()
        let filters = corpus.cases.map(\.filter)
        let (entries, _) = try await FilterReference.standIn(filters: [])
        if GoOracle.unavailability(packages: FilterReference.goPackages) == nil {
            let live = try await FilterReference.live(entries: entries, filters: filters)
            if ProcessInfo.processInfo.environment["CANARYTOP_RECORD_REFERENCE"] == "1" {
                let recorded = FilterReference.Recorded(oracle: live.oracle, entries: entries, answers: live.answers)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(recorded).write(to: FilterReference.recordedURL)
                print("FilterReference: re-recorded \(live.answers.count) answers of \(live.oracle)")
            }
            let recorded = try FilterReference.recorded()
            let stale = zip(recorded.answers, live.answers).filter { $0 != $1 }.compactMap(\.1.filter)
            #expect(recorded.answers.count == live.answers.count && stale.isEmpty,
                    "the recorded answers differ from the live oracle's for \(stale): re-record them")
        }
        let recorded = try FilterReference.recorded()
        #expect(recorded.answers.map(\.filter) == filters, "the corpus changed since recording: re-record the answers")
        #expect(recorded.entries == entries, "the stand-in's health entries changed since recording: re-record the answers")
    }

    /// nil when the stand-in answers as Consul does; otherwise a line saying how it differs.
    private static func compare(_ item: FilterReference.Case, oracle: FilterReference.Answer,
                                standIn: FilterReference.Answer) -> String? {
        var expected = oracle
        if let consul = item.consul {
            guard item.consulDiffers != nil else { return "\(item.filter): has a Consul answer but no reason" }
            if consul.health == oracle.health, consul.subset == oracle.subset {
                return "\(item.filter): marked as differing in current Consul, but the oracle now agrees: drop the mark"
            }
            expected = consul
        }
        var problems: [String] = []
        switch (expected.health.selected, standIn.health.selected) {
        case (let want?, let got?) where want != got: problems.append("selects \(got), Consul \(want)")
        case (nil, let got?): problems.append("selects \(got), Consul refuses: \(expected.health.refused ?? "")")
        case (_?, nil): problems.append("refuses (\(standIn.health.refused ?? "")), Consul selects \(expected.health.selected!)")
        case (nil, nil) where !(standIn.health.refused ?? "").hasPrefix(prefix):
            problems.append("refuses without Consul's prefix: \(standIn.health.refused ?? "")")
        default: break
        }
        if expected.subset.accepted != standIn.subset.accepted {
            problems.append(standIn.subset.accepted ? "accepts it as a subset filter, Consul refuses: \(expected.subset.refused ?? "")"
                                                    : "refuses it as a subset filter (\(standIn.subset.refused ?? "")), Consul accepts")
        }
        return problems.isEmpty ? nil : "[\(item.category)] \(item.filter.debugDescription): " + problems.joined(separator: "; ")
    }
}
