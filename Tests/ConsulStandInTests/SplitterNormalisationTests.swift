import CanaryTesting
import CanaryStore
import Foundation
import Testing
@testable import ConsulStandIn

/// After a successful `PUT /v1/config`, Consul stores each splitter weight rounded to
/// hundredths (its `NormalizeServiceSplitWeight`); the stand-in stores what Consul would.
@Suite(.sharedMachine) struct SplitterNormalisationTests {
    /// Writes a splitter with these weight literals; returns the stored entry's text.
    private func write(_ weights: [String]) async throws -> String {
        let consul = try await ConsulStandIn.start()
        let client = try ConsulClient(environment: try ConsulEnvironment.from(["CONSUL_HTTP_ADDR": consul.address]) { _ in "" })
        defer { Task { await client.shutdown(); await consul.shutdown() } }
        let splits = weights.enumerated().map { #"{"Weight":\#($1),"ServiceSubset":"s\#($0)"}"# }.joined(separator: ",")
        _ = try await client.writeConfigEntry(json: #"{"Kind":"service-splitter","Name":"payments","Splits":[\#(splits)]}"#, cas: nil)
        return try #require(consul.entry(kind: "service-splitter", name: "payments"))
    }

    private func stored(_ weights: [String]) async throws -> [Double] {
        let text = try await write(weights)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (entry["Splits"] as? [[String: Any]] ?? []).map { ($0["Weight"] as? NSNumber)?.doubleValue ?? .nan }
    }

    @Test func weightsAreStoredRoundedToHundredths() async throws {
        #expect(try await stored(["99.999", "0.001"]) == [100, 0])
        #expect(try await stored(["-0.001", "100.001"]) == [0, 100])
        #expect(try await stored(["97.1", "2.9"]) == [97.1, 2.9])
    }

    @Test func aQuotedWeightIsStoredAsANumber() async throws {
        #expect(try await stored(["\"50\"", "50"]) == [50, 50])
    }

    @Test func theStoredTextShowsTheRoundedNumbers() async throws {
        let text = try await write(["97.104", "2.896"])
        #expect(text.contains(#""Weight":97.1}"#))
        #expect(text.contains(#""Weight":2.9}"#))
    }

    @Test func weightsThatRoundToAWrongSumAreRefused() async throws {
        // 33.334 + 33.333 + 33.333 is 100, but Consul checks the rounded 99.99.
        await #expect(throws: StoreError.consul(status: 500, message: "the sum of all split weights must be 100, not 99.989998")) {
            _ = try await write(["33.334", "33.333", "33.333"])
        }
    }
}
