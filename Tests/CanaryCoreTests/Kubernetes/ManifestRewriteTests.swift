import Foundation
@testable import CanaryCore
import Testing

/// The weight-only rewrite of a manifest: golden files, errors, and a property test over random
/// weight edits on tricky files (flow and block styles, quoted keys, comments everywhere, CRLF,
/// several documents, anchors and merges, tabs, float styles, `...`).
struct ManifestRewriteTests {
    /// (fixture, new weights, golden file)
    static let goldens: [(String, [Double], String)] = [
        ("workshop.yaml", [90, 10], "workshop.90-10.yaml"),
        ("block_comments.yaml", [80, 15, 5], "block_comments.80-15-5.yaml"),
        ("crlf.yaml", [75, 25], "crlf.75-25.yaml"),
        ("flow_quoted.yaml", [50, 30, 20], "flow_quoted.50-30-20.yaml"),
        ("float_styles.yaml", [40, 30, 20, 10], "float_styles.40-30-20-10.yaml"),
        ("quoted_keys.yaml", [33.34, 33.33, 33.33], "quoted_keys.3334-3333-3333.yaml"),
    ]

    @Test(arguments: Self.goldens.indices) func goldenRewrites(_ index: Int) throws {
        let (name, weights, golden) = Self.goldens[index]
        let document = try ManifestFixtures.document(name)
        let rewritten = try document.rewritten(to: weights.map(w))
        if ProcessInfo.processInfo.environment["CANARYTOP_RECORD_GOLDEN"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/Kubernetes/golden/\(golden)")
            try Data(rewritten.utf8).write(to: url)
        }
        let expected = try ManifestFixtures.text("golden/\(golden)")
        #expect(Array(rewritten.utf8) == Array(expected.utf8), "\(name) → \(golden):\n\(rewritten)")
        #expect(try SplitterDocument(yaml: rewritten, label: golden).entry.weights == weights.map(w))
    }

    @Test func theSplitterInAFileWithSeveralIsTheOneRewritten() throws {
        let text = try ManifestFixtures.text("two_splitters.yaml")
        let document = try SplitterDocument(yaml: text, label: "two.yaml", name: "payments")
        let rewritten = try document.rewritten(to: [w(50), w(25), w(25)])
        #expect(try SplitterDocument(yaml: rewritten, label: "two.yaml", name: "web").entry.weights == [.full])
        #expect(rewritten == text.replacingOccurrences(of: "weight: 33.34", with: "weight: 50")
            .replacingOccurrences(of: "weight: 33.33\n      serviceSubset: green", with: "weight: 25\n      serviceSubset: green")
            .replacingOccurrences(of: "weight: 33.33\n      service: payments-v2", with: "weight: 25\n      service: payments-v2"))
    }

    @Test func aliasesAreNotWrittenThrough() throws {
        let document = try ManifestFixtures.document("anchors.yaml")
        #expect(document.entry.weights == [w(25), w(25), w(50), .zero, .zero])
        #expect {
            try document.rewritten(to: [w(30), w(20), w(50), .zero, .zero])
        } throws: { error in
            (error as? SplitterRewriteError)?.description == "anchors.yaml:7:24: split 1's weight is shared through the anchor"
                + " &quarter; canarytop does not rewrite through an alias (it would change every place that uses it):"
                + " write the split's weight in the split itself"
        }
        // The anchored split (aliased by the merge) cannot take a weight either.
        #expect {
            try document.rewritten(to: [w(25), w(25), w(40), w(10), .zero])
        } throws: { error in
            guard case .sharedThroughAlias(split: 3, anchor: "canary", at: "anchors.yaml:13:7") = error as? SplitterRewriteError else {
                return false
            }
            return true
        }
        // The merging split's own keys can take one; the merge itself stays untouched.
        let rewritten = try document.rewritten(to: [w(25), w(25), w(40), .zero, w(10)])
        #expect(rewritten.contains("    - <<: *canary\n      weight: 10\n      serviceSubset: yellow\n"))
        #expect(try SplitterDocument(yaml: rewritten, label: "a.yaml").entry.weights == [w(25), w(25), w(40), .zero, w(10)])
    }

    /// A string folded over lines is no number (refused when read); a tag on its own line before
    /// the number is skipped to reach the literal.
    @Test func literalsAfterPropertiesOnOtherLines() throws {
        let text = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceSplitter\nmetadata: {name: p}\nspec:\n"
            + "  splits:\n  - weight: \"1\\\n    00\"\n    serviceSubset: a\n"
        #expect(throws: ConfigError.self) { try SplitterDocument(yaml: text, label: "p.yaml") }
        let tagged = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceSplitter\nmetadata: {name: p}\nspec:\n"
            + "  splits:\n  - serviceSubset: a\n    weight: &w !!float\n      100\n  - serviceSubset: b\n"
        let document = try SplitterDocument(yaml: tagged, label: "p.yaml")
        #expect(document.entry.weights == [.full, .zero])
        let rewritten = try document.rewritten(to: [w(70), w(30)])
        #expect(rewritten == "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceSplitter\nmetadata: {name: p}\nspec:\n"
            + "  splits:\n  - serviceSubset: a\n    weight: &w !!float\n      70\n  - weight: 30\n    serviceSubset: b\n")
    }

    @Test func rewriteErrorsForBadWeightLists() throws {
        let document = try ManifestFixtures.document("workshop.yaml")
        #expect(throws: SplitterRewriteError.wrongCount(expected: 2, got: 1)) { try document.rewritten(to: [.full]) }
        #expect(throws: SplitterRewriteError.outOfRange(split: 0, w(110))) { try document.rewritten(to: [w(110), w(-10)]) }
    }

    /// Random weight edits on every tricky file: each rewrite reads back (through Yams) as exactly
    /// the intended weights, every other document and field unchanged, and every byte outside
    /// the weight scalars (and, for a split that had none, the inserted `weight` key) is kept.
    @Test(arguments: ManifestFixtures.splitterFiles.map(\.name))
    func randomWeightEditsChangeOnlyTheWeights(_ name: String) throws {
        let shared = ManifestFixtures.splitterFiles.first { $0.name == name }!.shared
        let document = try ManifestFixtures.document(name)
        var generator = SplitMix64(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        var written = 0
        for _ in 0..<150 {
            // Mostly edits that leave the shared splits alone (the rest must be writable), some not.
            let weights = shared.isEmpty || Int.random(in: 0..<4, using: &generator) == 0
                ? randomWeights(count: document.entry.splits.count, using: &generator)
                : keeping(shared, of: document.entry.weights, using: &generator)
            let touchesShared = weights.indices.contains { shared.contains($0) && weights[$0] != document.entry.weights[$0] }
            do {
                let rewritten = try document.rewritten(to: weights)
                #expect(!touchesShared, "\(name): wrote through an alias")
                let reread = try SplitterDocument(yaml: rewritten, label: name)
                #expect(reread.entry == document.entry.withWeights(weights), "\(name) → \(weights)")
                try expectOnlyWeightsChanged(document, reread)
                written += 1
            } catch let error as SplitterRewriteError {
                guard case .sharedThroughAlias = error, touchesShared else {
                    Issue.record("\(name) → \(weights): \(error)")
                    continue
                }
            }
        }
        #expect(written >= 20, "\(name): only \(written) rewrites succeeded")
    }

    // MARK: - helpers

    /// Random weights adding up to 100, some splits at 0, many with hundredths.
    private func randomWeights(count: Int, using generator: inout SplitMix64) -> [Weight] {
        var hundredths = (0..<count).map { _ in Bool.random(using: &generator) ? 0 : Int.random(in: 1...5000, using: &generator) }
        if hundredths.allSatisfy({ $0 == 0 }) { hundredths[Int.random(in: 0..<count, using: &generator)] = 1 }
        let total = hundredths.reduce(0, +)
        var scaled = hundredths.map { $0 * 10_000 / total }
        scaled[scaled.firstIndex { $0 > 0 }!] += 10_000 - scaled.reduce(0, +)
        if Bool.random(using: &generator) { scaled = scaled.map { $0 / 100 * 100 } }
        scaled[scaled.firstIndex { $0 > 0 } ?? 0] += 10_000 - scaled.reduce(0, +)
        return scaled.map(Weight.init(hundredths:))
    }

    /// Random weights for the splits not in `fixed`, sharing what the fixed ones leave of 100.
    private func keeping(_ fixed: Set<Int>, of current: [Weight], using generator: inout SplitMix64) -> [Weight] {
        let free = current.indices.filter { !fixed.contains($0) }
        let left = 10_000 - fixed.map { current[$0].hundredths }.reduce(0, +)
        var shares = free.map { _ in Int.random(in: 0...100, using: &generator) }
        if shares.allSatisfy({ $0 == 0 }) { shares[0] = 1 }
        let total = shares.reduce(0, +)
        var parts = shares.map { $0 * left / total }
        parts[0] += left - parts.reduce(0, +)
        var result = current
        for (position, index) in free.enumerated() { result[index] = Weight(hundredths: parts[position]) }
        return result
    }

    /// The rewritten text, with each weight scalar masked and each inserted `weight` item cut
    /// out, is the original text with its weight scalars masked.
    private func expectOnlyWeightsChanged(_ before: SplitterDocument, _ after: SplitterDocument) throws {
        func masked(_ document: SplitterDocument, cutting inserted: Set<Int>) throws -> String {
            var bytes = Array(document.text.utf8)
            var cuts: [(Range<Int>, [UInt8])] = []
            for index in document.sources.indices {
                guard let literal = document.sources[index].weight else { continue }
                if inserted.contains(index) {
                    let members = document.sources[index].members
                    let key = try #require(members.first { $0.key == "weight" })
                    let next = members.map(\.keyRange.start.offset).filter { $0 > key.keyRange.start.offset }.min()
                        ?? literal.range.end.offset
                    let cut = String(decoding: bytes[key.keyRange.start.offset..<next], as: UTF8.self)
                    #expect(isInsertedItem(cut), "inserted \(cut.debugDescription)")
                    cuts.append((key.keyRange.start.offset..<next, []))
                } else {
                    cuts.append((literal.range.offsets, Array("⟨w⟩".utf8)))
                }
            }
            for (range, text) in cuts.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) { bytes.replaceSubrange(range, with: text) }
            return String(decoding: bytes, as: UTF8.self)
        }
        let inserted = Set(before.sources.indices.filter { before.sources[$0].weight == nil && after.sources[$0].weight != nil })
        let a = try masked(before, cutting: []), b = try masked(after, cutting: inserted)
        #expect(Array(a.utf8) == Array(b.utf8), "\(before.label): bytes outside the weights changed:\n\(b)")
    }

    /// `weight: 10, `, `"weight": 10, `, `weight: 10` (in `{}`), or `weight: 10` + line break + indentation.
    private func isInsertedItem(_ text: String) -> Bool {
        let pattern = #"^(weight|"weight"|'weight'): [0-9.]+(, |,?(\r\n|\n|\r) *)?$"#
        return text.range(of: pattern, options: .regularExpression) != nil
    }
}
