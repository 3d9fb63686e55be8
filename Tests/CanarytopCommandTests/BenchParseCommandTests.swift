import CanaryTesting
import Foundation
import Testing

/// `canarytop bench parse` runs end to end and reports well-formed figures (not a speed test).
@Suite(.sharedMachine) struct BenchParseCommandTests {
    @Test func jsonReportHasEveryFigure() async throws {
        let r = try await Canarytop.runAsync(["bench", "parse", "--iterations", "50", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let report = try #require(object, "not a JSON object: \(r.stdout)")

        #expect(report["iterations"] as? Int == 50)
        #expect(report["samples"] as? [String] == ["workshop-ok", "object-form", "canary-timeout"])
        #expect((report["bytes_per_round"] as? Int ?? 0) > 0)
        #expect((report["ratio"] as? Double ?? 0) > 0)
        for decoder in ["decoder", "foundation"] {
            let rate = try #require(report[decoder] as? [String: Any], "missing \(decoder)")
            for key in ["seconds", "mb_per_s", "traces_per_s"] {
                #expect((rate[key] as? Double ?? 0) > 0, "\(decoder).\(key)")
            }
        }
    }

    @Test func textReportNamesBothDecoders() async throws {
        let r = try await Canarytop.runAsync(["bench", "parse", "--iterations", "10"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("TraceDecoder"))
        #expect(r.stdout.contains("JSONDecoder"))
        #expect(r.stdout.contains("ratio"))
    }

    @Test func tooFewIterationsIsAUsageError() async throws {
        let r = try await Canarytop.runAsync(["bench", "parse", "--iterations", "2"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--iterations"))
    }
}
