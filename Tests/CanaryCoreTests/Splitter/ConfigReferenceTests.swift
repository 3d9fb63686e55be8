import CanaryCore
import CanaryTesting
import Foundation
import Testing

/// canarytop reads splitter and resolver files exactly as `consul config write` does
/// (hcl v1, or JSON when the text starts with `{`, then Consul's decode rules), and every
/// rewrite it makes reads back — through the same oracle — as exactly the intended weights.
///
/// With `go` and Debian's golang-github-hashicorp-hcl-dev and
/// golang-github-mitchellh-mapstructure-dev installed, Reference/hcl-oracle is built and
/// run; without them, its recorded answers (Reference/config-answers.json) stand in.
/// `CANARYTOP_RECORD_REFERENCE=1` re-records them.
@Suite(.serialized, .sharedMachine) struct ConfigReferenceTests {
    private typealias R = ConfigReference

    private static func inputs() throws -> (files: [R.File], rewrites: [R.Rewrite]) {
        let files = try R.corpus().files
        return (files, files.flatMap(R.rewrites(of:)))
    }

    private static func rewriteFiles(_ rewrites: [R.Rewrite]) -> [R.File] {
        rewrites.enumerated().map { R.rewriteFile($1, index: $0) }
    }

    @Test func canarytopReadsWhatConsulDecodesAndRewritesReadBackExactly() async throws {
        let (files, rewrites) = try Self.inputs()
        #expect(files.count >= 100)
        let answers: [R.Answer], rewriteAnswers: [R.Answer]
        if let why = GoOracle.unavailability(packages: R.goPackages) {
            let recorded = try R.recorded()
            try #require(recorded.files == files, "the corpus changed since recording: re-record the answers")
            try #require(recorded.rewrites == rewrites, "canarytop's rewrites changed since recording: re-record the answers")
            print("ConfigReference: compared \(files.count) files and \(rewrites.count) rewrites with the RECORDED oracle answers (\(why))")
            (answers, rewriteAnswers) = (recorded.answers, recorded.rewriteAnswers)
        } else {
            let live = try await R.live(files + Self.rewriteFiles(rewrites))
            print("ConfigReference: compared \(files.count) files and \(rewrites.count) rewrites with the LIVE oracle (\(live.oracle))")
            (answers, rewriteAnswers) = (Array(live.answers.prefix(files.count)), Array(live.answers.dropFirst(files.count)))
        }
        var disagreements: [String] = []
        for (file, oracle) in zip(files, answers) {
            var expected = oracle
            if let consul = file.consul {
                guard file.consulDiffers != nil, consul.written != oracle.written else {
                    disagreements.append("\(file.name): marked as differing in current Consul, but the oracle agrees: drop the mark")
                    continue
                }
                expected = consul
            }
            if let problem = Self.compare(expected, R.read(file)) { disagreements.append("\(file.name): \(problem)") }
        }
        let originals = Dictionary(uniqueKeysWithValues: zip(files.map(\.name), answers))
        for (rewrite, oracle) in zip(rewrites, rewriteAnswers) {
            if let problem = Self.checkRewrite(rewrite, oracle, original: originals[rewrite.of]) {
                disagreements.append("rewrite of \(rewrite.of) to \(rewrite.weights): \(problem)")
            }
        }
        #expect(!rewrites.isEmpty)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
    }

    @Test func recordedAnswersAreForThisCorpusAndThisOracle() async throws {
        let (files, rewrites) = try Self.inputs()
        if GoOracle.unavailability(packages: R.goPackages) == nil {
            let live = try await R.live(files + Self.rewriteFiles(rewrites))
            if ProcessInfo.processInfo.environment["CANARYTOP_RECORD_REFERENCE"] == "1" {
                let recorded = R.Recorded(oracle: live.oracle, files: files, rewrites: rewrites,
                                          answers: Array(live.answers.prefix(files.count)),
                                          rewriteAnswers: Array(live.answers.dropFirst(files.count)))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(recorded).write(to: R.recordedURL)
                print("ConfigReference: re-recorded \(live.answers.count) answers of \(live.oracle)")
            }
            let recorded = try R.recorded()
            let stale = zip(recorded.answers + recorded.rewriteAnswers, live.answers).filter { $0 != $1 }.map(\.1.name)
            #expect(recorded.answers.count + recorded.rewriteAnswers.count == live.answers.count && stale.isEmpty,
                    "the recorded answers differ from the live oracle's for \(stale): re-record them")
        }
        let recorded = try R.recorded()
        #expect(recorded.files.map(\.text) == files.map(\.text), "the corpus changed since recording: re-record the answers")
        #expect(recorded.rewrites.map(\.text) == rewrites.map(\.text),
                "canarytop's rewrites changed since recording: re-record the answers")
    }

    /// The oracle's entry with what canarytop does not model (the weight's float text)
    /// dropped and absent lists made empty.
    private static func normalised(_ entry: R.Decoded?) -> R.Decoded? {
        guard var entry else { return nil }
        entry.kind = nil
        entry.splits = entry.splits.map { $0.map { var s = $0; s.weight = nil; return s } }
        if entry.splits == nil {
            entry.subsets = entry.subsets ?? []
            entry.defaultSubset = entry.defaultSubset ?? ""
        }
        return entry
    }

    /// nil when canarytop's reading agrees with Consul's.
    private static func compare(_ consul: R.Answer, _ ours: R.Answer) -> String? {
        if consul.written != ours.written {
            return consul.written ? "Consul writes it, canarytop refuses: \(ours.refused ?? ours.invalid ?? "")"
                                  : "Consul refuses it (\(consul.refused ?? consul.invalid ?? "")), canarytop accepts"
        }
        if let theirs = normalised(consul.entry), let mine = normalised(ours.entry), consul.written, theirs != mine {
            return "reads \(mine), Consul decodes \(theirs)"
        }
        return nil
    }

    private static func checkRewrite(_ rewrite: R.Rewrite, _ oracle: R.Answer, original: R.Answer?) -> String? {
        guard oracle.written, let entry = oracle.entry, let splits = entry.splits else {
            return "Consul refuses the rewritten text: \(oracle.refused ?? oracle.invalid ?? "")"
        }
        if splits.map(\.hundredths) != rewrite.weights { return "Consul reads weights \(splits.map(\.hundredths))" }
        guard var before = normalised(original?.entry), var after = normalised(entry) else { return "no original" }
        before.splits = before.splits.map { $0.map { var s = $0; s.hundredths = 0; return s } }
        after.splits = after.splits.map { $0.map { var s = $0; s.hundredths = 0; return s } }
        return before == after ? nil : "the rewrite changed more than weights: \(after) vs \(before)"
    }
}
