import CanaryTesting
import Foundation
import Testing

/// `canarytop bench detect`: one short run end to end, probe only (the passive runs are
/// PassiveDemoTests' and took 100 s more here; the figures themselves are for
/// BENCHMARKS.md, not for a test).
@Suite(.sharedMachine) struct BenchDetectCommandTests {
    @Test func oneRunRollsTheWorkshopBugBackAndReportsTheTime() async throws {
        let r = try await Canarytop.runAsync(
            ["bench", "detect", "--runs", "1", "--subtle-runs", "0", "--baseline-runs", "0", "--passive-runs", "0",
             "--warm-up", "500ms", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        let workshop = try #require(report["workshop_timeout"] as? [String: Any])
        let run = try #require((workshop["runs"] as? [[String: Any]])?.first)
        #expect(run["result"] as? String == "rolled_back")
        #expect(run["file_rolled_back"] as? Bool == true)
        #expect(try #require(run["seconds"] as? Double) > 0)
        #expect((run["reason"] as? String)?.hasPrefix("green FAIL vs blue: slo ") == true)
        #expect(report["subtle_errors"] == nil)
    }

    @Test func badCountsAreRefusedInOneLine() async throws {
        let r = try await Canarytop.runAsync(["bench", "detect", "--runs", "0"])
        #expect(r.status != 0)
        let lines = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains("--runs") == true, "\(r.stderr)")
    }
}
