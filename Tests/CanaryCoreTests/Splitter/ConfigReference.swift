import CanaryCore
import CanaryTesting
import Foundation

/// The data of the config differential test: the corpus of splitter and resolver files,
/// canarytop's reading of each, its rewrites, and the oracle's answers (hcl v1 +
/// mapstructure with Consul's decode rules, live or recorded).
enum ConfigReference {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Reference")
    static let corpusURL = directory.appendingPathComponent("config-corpus.json")
    static let recordedURL = directory.appendingPathComponent("config-answers.json")
    static let oracleSource = directory.appendingPathComponent("hcl-oracle").path
    static let goPackages = ["github.com/hashicorp/hcl", "github.com/mitchellh/mapstructure"]

    struct File: Codable, Equatable {
        var name: String
        /// `splitter` or `resolver`: which reader canarytop uses.
        var kind: String
        var text: String
        var note: String?
        /// Why current Consul answers differently from Debian's build of the oracle.
        var consulDiffers: String?
        /// What current Consul answers, where it differs.
        var consul: Answer?
    }

    struct Corpus: Codable {
        var about: String
        var files: [File]
    }

    struct Headers: Codable, Equatable {
        var add: [String: String]
        var set: [String: String]
        var remove: [String]
    }

    struct Split: Codable, Equatable {
        var weight: String?
        var hundredths: Int
        var service: String
        var serviceSubset: String
        var namespace: String
        var partition: String
        var requestHeaders: Headers?
        var responseHeaders: Headers?
    }

    struct Subset: Codable, Equatable {
        var name: String
        var filter: String
        var onlyPassing: Bool
    }

    /// What an entry decodes to, in a form both sides can produce.
    struct Decoded: Codable, Equatable {
        var kind: String?
        var name: String
        var namespace: String
        var partition: String
        var meta: [String: String]
        var splits: [Split]?
        var defaultSubset: String?
        var subsets: [Subset]?
    }

    struct Answer: Codable, Equatable {
        var name: String
        /// Refused while decoding (`consul config write` stops before sending).
        var refused: String?
        var entry: Decoded?
        /// Decoded, but the server refuses it.
        var invalid: String?

        /// Whether Consul ends up storing the entry.
        var written: Bool { refused == nil && entry != nil && (invalid ?? "").isEmpty }
    }

    struct OracleOutput: Codable {
        var oracle: String
        var answers: [Answer]
    }

    /// A rewrite canarytop made and what the oracle reads back from it.
    struct Rewrite: Codable, Equatable {
        var of: String
        var weights: [Int]
        var text: String
    }

    struct Recorded: Codable {
        var oracle: String
        var files: [File]
        var rewrites: [Rewrite]
        var answers: [Answer]
        var rewriteAnswers: [Answer]
    }

    static func corpus() throws -> Corpus {
        try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: corpusURL))
    }

    static func recorded() throws -> Recorded {
        try JSONDecoder().decode(Recorded.self, from: Data(contentsOf: recordedURL))
    }

    static func live(_ files: [File]) async throws -> OracleOutput {
        let oracle = try await GoOracle.shared(sourceDirectory: oracleSource)
        struct Input: Codable { var files: [File] }
        return try JSONDecoder().decode(OracleOutput.self, from: try await oracle.answer(try JSONEncoder().encode(Input(files: files))))
    }

    // MARK: - canarytop's side

    /// canarytop's reading of a file, in the oracle's terms.
    static func read(_ file: File) -> Answer {
        do {
            if file.kind == "resolver" {
                let resolver = try ResolverEntry(text: file.text, label: file.name)
                let issues = SplitterValidation.validate(resolver)
                return Answer(name: file.name, entry: decoded(resolver), invalid: issues.first?.message)
            }
            let document = try SplitterDocument(text: file.text, label: file.name)
            let issues = SplitterValidation.validate(document.entry)
            return Answer(name: file.name, entry: decoded(document.entry), invalid: issues.first?.message)
        } catch {
            return Answer(name: file.name, refused: "\(error)")
        }
    }

    private static func map(_ pairs: [KeyValue]) -> [String: String] {
        Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    private static func headers(_ h: HeaderModifiers?) -> Headers? {
        h.map { Headers(add: map($0.add), set: map($0.set), remove: $0.remove) }
    }

    static func decoded(_ entry: SplitterEntry) -> Decoded {
        Decoded(name: entry.name, namespace: entry.namespace, partition: entry.partition, meta: map(entry.meta),
                splits: entry.splits.map {
                    Split(hundredths: $0.weight.hundredths, service: $0.service, serviceSubset: $0.serviceSubset,
                          namespace: $0.namespace, partition: $0.partition,
                          requestHeaders: headers($0.requestHeaders), responseHeaders: headers($0.responseHeaders))
                })
    }

    static func decoded(_ resolver: ResolverEntry) -> Decoded {
        Decoded(name: resolver.name, namespace: resolver.namespace, partition: resolver.partition, meta: map(resolver.meta),
                defaultSubset: resolver.defaultSubset,
                subsets: resolver.subsets.map { Subset(name: $0.name, filter: $0.filter, onlyPassing: $0.onlyPassing) }
                    .sorted { $0.name < $1.name })
    }

    /// The rewrites to check for a splitter canarytop reads: everything to the last split,
    /// and the weights in reverse order (when that differs).
    static func rewrites(of file: File) -> [Rewrite] {
        guard file.kind == "splitter", let document = try? SplitterDocument(text: file.text, label: file.name),
              SplitterValidation.validate(document.entry).isEmpty else { return [] }
        let count = document.entry.splits.count
        var plans = [Array(repeating: Weight.zero, count: count - 1) + [Weight.full]]
        let reversed = Array(document.entry.weights.reversed())
        if reversed != plans[0], reversed != document.entry.weights { plans.append(reversed) }
        return plans.compactMap { weights in
            guard let text = try? SplitterRewrite.rewrite(document, to: weights) else { return nil }
            return Rewrite(of: file.name, weights: weights.map(\.hundredths), text: text)
        }
    }

    static func rewriteFile(_ rewrite: Rewrite, index: Int) -> File {
        File(name: "\(rewrite.of) rewritten #\(index)", kind: "splitter", text: rewrite.text)
    }
}
