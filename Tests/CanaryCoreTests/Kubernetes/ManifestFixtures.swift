import Foundation
@testable import CanaryCore

/// Kubernetes manifests kept byte for byte in Fixtures/Kubernetes (CRLF and tabs included).
enum ManifestFixtures {
    static let directory = "Fixtures/Kubernetes"

    static func text(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: directory) else {
            throw SplitterFixtures.FixtureMissing(name: name)
        }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// The splitter of a fixture (the one named `name` in a file with several).
    static func document(_ name: String, splitter: String? = nil) throws -> SplitterDocument {
        try SplitterDocument(yaml: text(name), label: name, name: splitter)
    }

    /// Every fixture with one splitter, and which splits are shared through an anchor or merge.
    static let splitterFiles: [(name: String, shared: Set<Int>)] = [
        ("workshop.yaml", []), ("block_comments.yaml", []), ("crlf.yaml", []), ("flow_quoted.yaml", []),
        ("quoted_keys.yaml", []), ("anchors.yaml", [0, 1, 3]), ("tabs.yaml", []), ("float_styles.yaml", []),
        ("headers.yaml", []),
    ]
}
