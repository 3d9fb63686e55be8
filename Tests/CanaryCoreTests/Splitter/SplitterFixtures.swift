import Foundation
@testable import CanaryCore

/// Loads test fixtures byte for byte from the test bundle.
enum SplitterFixtures {
    /// The text of `Fixtures/<name>` (top-level workshop files) or `Fixtures/Splitter/<name>`.
    static func text(_ name: String) throws -> String {
        let candidates = [
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/Splitter"),
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
        ]
        guard let url = candidates.compactMap({ $0 }).first else {
            throw FixtureMissing(name: name)
        }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// Every splitter fixture (HCL and JSON), for tests that must hold for all of them.
    static let splitterNames = [
        "payments_splitter.hcl", "json_file.json", "api_reply.json", "mixed_casing.hcl", "three_way.hcl",
        "comments.hcl", "crlf.hcl", "heredoc_meta.hcl", "headers.hcl", "missing_weight.hcl", "blocks.hcl",
        "four_way.json",
    ]

    /// A document read from a fixture, as a file (or as an API reply for `api_reply.json`).
    static func document(_ name: String) throws -> SplitterDocument {
        try SplitterDocument(text: text(name), label: name, origin: name == "api_reply.json" ? .apiReply : .file)
    }

    struct FixtureMissing: Error {
        let name: String
    }
}

/// Shorthand for weights in tests: `w(33.34)`.
func w(_ percent: Double) -> Weight {
    Weight(hundredths: Int((percent * 100).rounded()))
}
