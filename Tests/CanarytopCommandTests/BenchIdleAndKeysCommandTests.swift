import CanaryTesting
import Foundation
import Testing

/// `bench write --keys` and `bench idle` run end to end and report well-formed figures (not speed tests).
@Suite(.sharedMachine) struct BenchIdleAndKeysCommandTests {
    static let splitter = """
        kind = "service-splitter"
        name = "payments"
        splits = [
          {
            weight = 50
            service_subset = "blue"
          },
          {
            weight = 50
            service_subset = "green"
          },
        ]
        """

    @Test func keysWriteThroughTheDashboardAndEndRolledBack() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("payments_splitter.hcl", Self.splitter)
        let r = try await Canarytop.runAsync(["bench", "write", path, "--keys", "--count", "4", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        #expect(report["writes"] as? Int == 4)
        let p50 = try #require(report["p50_ms"] as? Double), max = try #require(report["max_ms"] as? Double)
        #expect(p50 > 0 && p50 <= max)
        // ↓ → Enter, r, ↓ → Enter, r: four journaled writes, the last a rollback to 100/0.
        let journal = try dir.read("payments_splitter.hcl.journal").split(separator: "\n")
        #expect(journal.count == 4)
        #expect(journal.last?.contains("\"operation\":\"rollback\"") == true)
        #expect(try dir.read("payments_splitter.hcl").contains("weight = 100\n    service_subset = \"blue\""))
    }

    @Test func idleReportsEveryModeAgainstTheDemo() async throws {
        let r = try await Canarytop.runAsync([
            "bench", "idle", "--seconds", "1", "--warm-up", "0.5", "--rounds", "1", "--rate", "20", "--green-bug", "none", "--json",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        // Every mode counts its context switches. The peer runs by default when hey is installed
        // (.ci/run installs it), and is left out, not failed, when it is not.
        // The floor (raw epoll prober) runs by default and counts the demo's replies.
        var keys = ["probe_cpu_per_s", "headless_cpu_per_s", "dashboard_cpu_per_s", "dashboard_thread_cpu_per_s",
                    "probe_switches_per_request", "dashboard_switches_per_request", "floor_cpu_per_s",
                    "floor_switches_per_request", "floor_replies_per_s"]
        let heyInstalled = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/hey") }
        if heyInstalled {
            keys += ["hey_cpu_per_s", "hey_switches_per_request"]
        } else {
            #expect(report["hey_cpu_per_s"] == nil)
        }
        for key in keys {
            #expect((report[key] as? Double ?? 0) > 0, "\(key)")
        }
        #expect((report["dashboard_draws_per_s"] as? Double ?? 0) > 0)
        // 20 req/s over the warm-up and the window: about 30 replies in 1.7 s.
        let floorReplies = report["floor_replies_per_s"] as? Double ?? 0
        #expect(floorReplies > 5 && floorReplies <= 21, "\(floorReplies)")
    }

    @Test func anUnknownModeIsAUsageError() async throws {
        let r = try await Canarytop.runAsync(["bench", "idle", "--modes", "probe,gui"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--modes gui"))
    }
}
