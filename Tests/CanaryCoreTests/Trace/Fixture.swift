import Foundation
import Testing

@testable import CanaryCore

/// Loads the files under `Tests/CanaryCoreTests/Fixtures/` (copied into the test bundle).
enum Fixture {
    /// The bytes of the fixture called `name` (`"web_reply_ok.json"`).
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            "missing fixture \(name)"
        )
        return [UInt8](try Data(contentsOf: url))
    }

    /// The fixture called `name`, decoded; fails the test when it is not a trace.
    static func trace(_ name: String) throws -> Trace {
        let outcome = TraceDecoder.decode(try bytes(name))
        return try #require(outcome.trace, "\(name) decoded to \(outcome)")
    }
}
