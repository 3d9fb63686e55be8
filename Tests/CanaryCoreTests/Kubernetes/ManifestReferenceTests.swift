@testable import CanaryCore
import CanaryTesting
import Foundation
import Testing

/// canarytop reads a manifest as Kubernetes does: the JSON kubectl sends for each YAML document
/// (sigs.k8s.io/yaml over go-yaml v2), the float32 weights the controller decodes from what the
/// API server keeps, and the webhook's float32 sum — compared with a Go oracle built from
/// Debian's golang-k8s-sigs-yaml-dev and golang-k8s-sigs-json-dev (Reference/k8s-yaml-oracle),
/// or with its recorded answers (Reference/k8s-yaml-answers.json) where those are missing.
/// `CANARYTOP_RECORD_REFERENCE=1` re-records them.
@Suite(.serialized, .sharedMachine) struct ManifestReferenceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Reference")
    static let goPackages = ["sigs.k8s.io/yaml", "sigs.k8s.io/json", "gopkg.in/yaml.v2"]

    struct Case: Codable, Equatable {
        var name: String
        var text: String
    }

    struct Answer: Codable, Equatable {
        var name: String
        var json: String?
        var error: String?
        var weights: [UInt32]?
        var decodeError: String?
        var sum: String?
    }

    struct Output: Codable {
        var oracle: String
        var answers: [Answer]
    }

    /// Cases canarytop reads differently on purpose.
    static let differences: [String: String] = {
        var known = ["duplicate key": "go-yaml v2 keeps the last of a repeated key silently; canarytop refuses the ambiguous file"]
        for name in ["weight 32: 9223372036854775807", "weight 33: 9223372036854775808", "weight 34: 18446744073709551615",
                     "weight 35: 18446744073709551616"] {
            known[name] = "a weight beyond ±1,000,000 % is refused when read, as in a Consul file (the webhook refuses it anyway)"
        }
        return known
    }()

    @Test func manifestsDecodeAsKubernetesDecodesThem() async throws {
        struct Corpus: Codable { var cases: [Case] }
        let cases = try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: Self.directory.appendingPathComponent("k8s-yaml-corpus.json"))).cases
        #expect(cases.count >= 150)
        let output: Output
        if let why = GoOracle.unavailability(packages: Self.goPackages) {
            output = try JSONDecoder().decode(Output.self, from: Data(contentsOf: Self.directory.appendingPathComponent("k8s-yaml-answers.json")))
            print("ManifestReference: \(cases.count) cases against the RECORDED oracle answers (\(why))")
        } else {
            let oracle = try await GoOracle.shared(sourceDirectory: Self.directory.appendingPathComponent("k8s-yaml-oracle").path)
            struct Input: Codable { var cases: [Case] }
            let data = try await oracle.answer(try JSONEncoder().encode(Input(cases: cases)))
            output = try JSONDecoder().decode(Output.self, from: data)
            print("ManifestReference: \(cases.count) cases against the LIVE oracle (\(output.oracle))")
            if ProcessInfo.processInfo.environment["CANARYTOP_RECORD_REFERENCE"] == "1" {
                try data.write(to: Self.directory.appendingPathComponent("k8s-yaml-answers.json"))
            }
        }
        try #require(output.answers.map(\.name) == cases.map(\.name), "the corpus changed since recording: re-record the answers")
        var disagreements: [String] = []
        for (test, oracle) in zip(cases, output.answers) {
            let problem = Self.compare(test, oracle)
            if let known = Self.differences[test.name] {
                if problem == nil { disagreements.append("\(test.name): marked as differing (\(known)) but agrees") }
            } else if let problem {
                disagreements.append("\(test.name): \(problem)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
    }

    /// nil when canarytop's reading of the case matches the oracle's answer.
    static func compare(_ test: Case, _ oracle: Answer) -> String? {
        let stream: YAMLStream
        do {
            stream = try YAMLStream(test.text, label: test.name)
        } catch {
            return oracle.error == nil ? "canarytop refuses (\(error)), kubectl sends \(oracle.json ?? "?")" : nil
        }
        guard oracle.error == nil, let json = oracle.json else {
            return "kubectl refuses (\(oracle.error ?? "?")), canarytop reads it"
        }
        guard stream.documents.count == 1 else { return "\(stream.documents.count) documents" }
        let root = stream.documents[0].root
        guard let ours = try? JSONSerialization.jsonObject(with: Data(root.canonicalJSON.utf8), options: .fragmentsAllowed) as? NSObject,
              let theirs = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? NSObject,
              ours.isEqual(theirs) else {
            return "JSON differs: canarytop \(root.canonicalJSON), kubectl \(json)"
        }
        do {
            let decoded = try SplitterResourceDecoder.decode(root, label: test.name)
            // The oracle's JSON leaves out an empty list of weights.
            guard let weights = oracle.weights ?? (oracle.decodeError == nil ? [] : nil) else {
                return "the controller cannot decode it (\(oracle.decodeError ?? "?")), canarytop reads \(decoded.float32Weights)"
            }
            let bits = decoded.float32Weights.map(\.bitPattern)
            if bits != weights {
                return "float32 weights \(decoded.float32Weights) instead of \(weights.map(Float.init(bitPattern:)))"
            }
            let sum = GoFloatFormat.fixed6(ServiceSplitterWebhook.sum(decoded.float32Weights))
            if sum != oracle.sum { return "webhook sum \(sum) instead of \(oracle.sum ?? "?")" }
        } catch {
            if oracle.weights != nil { return "canarytop refuses (\(error)), the controller decodes \(oracle.weights!)" }
        }
        return nil
    }
}
