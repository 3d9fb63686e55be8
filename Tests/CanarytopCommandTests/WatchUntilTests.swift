import CanaryHTTP
import CanaryTesting
import Foundation
import Testing

/// `canarytop watch --headless --until …` end to end: the built binary judging the demo mesh
/// (a spawned `canarytop demo --serve-only`), writing its splitter and exiting with the verdict.
@Suite(.sharedMachine) struct WatchUntilTests {
    static let rules = ["--subset", "blue=ip:10.42.0.10", "--subset", "green=ip:10.42.0.19"]
    /// For the healthy canaries: the latency check, judged on every tick, now and then FAILs two
    /// identical subsets (repeated testing; reported to the statistics' owner). These tests are
    /// about the exit status and the plan, so a p99 rise must be large to count.
    static let healthyLatency = ["--max-p99-increase", "1000%"]

    /// Runs `body` against a demo started with `extra` (free ports, no added latency).
    private func withDemo(_ extra: [String], _ body: (_ web: String, _ splitter: String, _ resolver: String) async throws -> Void) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--latency-scale", "0"] + extra)
        var failure: (any Error)?
        do {
            let web = try #require(demo.value("web"))
            let splitter = try #require(demo.value("splitter"))
            let resolver = try #require(demo.value("resolver"))
            try await body(web + "/", splitter, resolver)
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    private func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    @Test func theWorkshopBugFailsOnTheSLOAndTheGuardRollsBackWithTheNumbersInTheJournal() async throws {
        // Green's calls to currency time out after 20 s, so its 500s come long after the SLO
        // (2 s) has been missed: only the SLO check, with the requests in flight past it, can
        // fail green in time, however loaded the machine. Room for all of green's hanging
        // requests (50/s for 20 s): with the default cap of 64 they fill it in 1.3 s, and blue's
        // sends then wait for green's 10 s timeouts and count as SLO misses themselves once a
        // loaded machine has let the verdict wait that long.
        try await withDemo(["--green-timeout", "20s"]) { web, splitter, resolver in
            let r = try await Canarytop.runAsync(
                ["watch", web, "--headless", "--until", "verdict", "--timeout", "60s", "--guard", "--slo", "2s", "--rate", "100",
                 "--concurrency", "1500",
                 "--splitter", splitter, "--resolver", resolver, "--json"] + Self.rules)
            #expect(r.status == 2, "\(r.stderr)")
            let report = try object(r.stdout)
            #expect(report["until"] as? String == "verdict")
            #expect(report["result"] as? String == "fail")
            #expect(report["exit"] as? Int == 2)
            let verdict = try #require((report["verdicts"] as? [[String: Any]])?.first)
            #expect(verdict["canary"] as? String == "green")
            #expect(verdict["stable"] as? String == "blue")
            #expect(verdict["outcome"] as? String == "fail")
            #expect(verdict["more_requests"] as? Int == 0)
            let slo = try #require((verdict["checks"] as? [[String: Any]])?.first { $0["kind"] as? String == "slo" })
            #expect(slo["outcome"] as? String == "fail")
            let counts = try #require(slo["counts"] as? [String: Any])
            let bad = try #require(counts["canary_bad"] as? Int)
            // Blue answers at once; on a loaded machine a stray reply may still pass the SLO.
            #expect(bad > 2 * (counts["stable_bad"] as? Int ?? bad))
            #expect(try #require(slo["p_value"] as? Double) < 0.01)
            #expect(slo["threshold"] as? Double == 0.01)
            let rollout = try #require(report["rollout"] as? [String: Any])
            #expect(rollout["finish"] as? String == "rolled_back")
            // The split answered within seconds of censoring, not after green's 20 s.
            #expect(try #require(report["elapsed_s"] as? Double) < 15)

            let file = try String(contentsOfFile: splitter, encoding: .utf8)
            #expect(file.contains("weight = 100,\n    service_subset = \"blue\""))
            #expect(file.contains("weight = 0,\n    service_subset = \"green\""))
            let journal = try String(contentsOfFile: splitter + ".journal", encoding: .utf8)
            let line = try #require(journal.split(separator: "\n").last { $0.contains("\"rollback\"") })
            #expect(line.contains("guard: green FAIL vs blue: "), "\(line)")
            #expect(line.contains("slo \(bad)/"), "\(line)")
            #expect(line.contains("p="))
            #expect(r.stderr.contains("canarytop: guard: green FAIL: rolling back: green FAIL vs blue: "))
        }
    }

    @Test func aHealthyCanaryIsInconclusiveWhenTheTimeoutIsShort() async throws {
        try await withDemo(["--green-bug", "none"]) { web, splitter, resolver in
            let before = try String(contentsOfFile: splitter, encoding: .utf8)
            let r = try await Canarytop.runAsync(
                ["watch", web, "--headless", "--until", "verdict", "--timeout", "1s", "--rate", "200",
                 "--splitter", splitter, "--resolver", resolver] + Self.healthyLatency + Self.rules)
            #expect(r.status == 3, "\(r.stdout)\n\(r.stderr)")
            #expect(r.stdout.contains("verdict: green INCONCLUSIVE ("))
            #expect(r.stdout.contains("until verdict: not reached before --timeout (exit 3)"))
            #expect(try String(contentsOfFile: splitter, encoding: .utf8) == before)
        }
    }

    @Test func theStepPlanWalksToPromotedAndLeavesTheFileAtTheLastStep() async throws {
        try await withDemo(["--green-bug", "none", "--green-weight", "0"]) { web, splitter, resolver in
            let r = try await Canarytop.runAsync(
                ["watch", web, "--headless", "--until", "promoted", "--timeout", "30s", "--steps", "10,50,100",
                 "--step-every", "300ms", "--advance-on-inconclusive", "--rate", "200", "--splitter", splitter,
                 "--resolver", resolver, "--json"] + Self.healthyLatency + Self.rules)
            #expect(r.status == 0, "\(r.stderr)")
            let report = try object(r.stdout)
            #expect(report["result"] as? String == "promoted")
            #expect((report["rollout"] as? [String: Any])?["finish"] as? String == "promoted")
            let writes = try #require((report["rollout"] as? [String: Any])?["writes"] as? [[String: Any]])
            #expect(writes.count == 3)
            let text = try String(contentsOfFile: splitter, encoding: .utf8)
            #expect(text.contains("weight = 100,\n    service_subset = \"green\""))
            #expect(text.contains("weight = 0,\n    service_subset = \"blue\""))
            let journal = try String(contentsOfFile: splitter + ".journal", encoding: .utf8)
            #expect(journal.contains("steps: start green at 10% (step 1 of 3)"))
            #expect(journal.contains("steps: green 50% → 100% (step 3 of 3)"))
        }
    }

    @Test func thePlainHeadlessReportCarriesTheVerdicts() async throws {
        try await withDemo(["--green-bug", "none"]) { web, splitter, resolver in
            let text = try await Canarytop.runAsync(
                ["watch", web, "--headless", "--requests", "40", "--rate", "400", "--splitter", splitter, "--resolver", resolver]
                    + Self.rules)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("verdict: green INCONCLUSIVE ("))
            #expect(!text.stdout.contains("until "))
            let json = try await Canarytop.runAsync(
                ["watch", web, "--headless", "--requests", "40", "--rate", "400", "--json", "--splitter", splitter,
                 "--resolver", resolver] + Self.rules)
            let report = try object(json.stdout)
            let verdict = try #require((report["verdicts"] as? [[String: Any]])?.first)
            #expect(verdict["outcome"] as? String == "inconclusive")
            #expect(try #require(verdict["more_requests"] as? Int) > 0)
            #expect((verdict["checks"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["5xx", "latency"])
            #expect(report["exit"] is NSNull && report["until"] is NSNull)
        }
    }

    @Test func badValuesAreRefusedInOneLineNamingTheOption() async throws {
        let url = "http://127.0.0.1:9/"
        let s = "/nonexistent/s.hcl"
        let cases: [([String], String)] = [
            (["watch", url, "--alpha", "0.7"], "--alpha"),
            (["watch", url, "--alpha", "x"], "--alpha"),
            (["watch", url, "--max-5xx-increase", "5"], "--max-5xx-increase"),
            (["watch", url, "--max-5xx-increase", "0pp"], "--max-5xx-increase"),
            (["watch", url, "--max-p99-increase", "20"], "--max-p99-increase"),
            (["watch", url, "--slo", "fast"], "--slo"),
            (["watch", url, "--slo", "0s"], "--slo"),
            (["watch", url, "--slo", "1s", "--charge-in-flight", "nobody"], "--charge-in-flight"),
            (["watch", url, "--charge-in-flight", "split"], "--charge-in-flight"),
            (["watch", url, "--splitter", s, "--steps", "5,1"], "--steps"),
            (["watch", url, "--splitter", s, "--steps", "0,50"], "--steps"),
            (["watch", url, "--splitter", s, "--steps", "50,101"], "--steps"),
            (["watch", url, "--guard"], "--guard"),
            (["watch", url, "--steps", "10,100"], "--steps"),
            (["watch", url, "--guard", "--splitter", s, "--read-only"], "--read-only"),
            (["watch", url, "--step-every", "1s"], "--step-every"),
            (["watch", url, "--advance-on-inconclusive"], "--advance-on-inconclusive"),
            (["watch", url, "--rollback-ramp", "10s"], "--rollback-ramp"),
            (["watch", url, "--guard", "--splitter", s, "--guard-countdown", "soon"], "--guard-countdown"),
            (["watch", url, "--headless", "--requests", "1", "--guard", "--splitter", s, "--guard-countdown", "1s"], "--guard-countdown"),
            (["watch", url, "--until", "verdict", "--timeout", "1s", "--splitter", s], "--until"),
            (["watch", url, "--headless", "--until", "verdict", "--splitter", s], "--timeout"),
            (["watch", url, "--headless", "--until", "later", "--timeout", "1s", "--splitter", s], "--until"),
            (["watch", url, "--headless", "--until", "promoted", "--timeout", "1s", "--splitter", s, "--guard"], "--steps"),
            (["watch", url, "--headless", "--until", "rolled-back", "--timeout", "1s", "--splitter", s], "--guard"),
            (["watch", url, "--headless", "--until", "verdict", "--timeout", "1s"], "--stable"),
            (["watch", url, "--headless", "--requests", "1", "--timeout", "1s", "--request-timeout", "2s"], "--request-timeout"),
            (["watch", url, "--headless", "--requests", "1", "--request-timeout", "0s"], "--request-timeout"),
            (["demo", "--serve-only", "--guard"], "--guard"),
            (["demo", "--alpha", "1"], "--alpha"),
        ]
        for (args, option) in cases {
            let r = try await Canarytop.runAsync(args)
            let lines = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n")
            #expect(r.status != 0 && r.status != 2 && r.status != 3, "\(args): \(r.status)")
            #expect(lines.count == 1, "\(args): \(r.stderr)")
            #expect(lines.first?.contains(option) == true, "\(args): \(r.stderr)")
        }
    }

    @Test func withUntilTimeoutLimitsTheRunAndRequestTimeoutEachRequest() async throws {
        // A server that never answers: only the per-request timeout ends a request.
        let server = try await LoopbackHTTPServer.start { _, _ in }
        let url = "http://127.0.0.1:\(server.port)/"
        func timeouts(_ r: Canarytop.Result) throws -> Int {
            let faults = try #require(try object(r.stdout)["probe_errors"] as? [String: Any])
            return try #require((faults["by_class"] as? [String: Any])?["timeout"] as? Int)
        }
        let until = ["watch", url, "--headless", "--until", "verdict", "--stable", "blue", "--timeout", "1s", "--rate", "50", "--json"]
        let perRequest = try await Canarytop.runAsync(until + ["--request-timeout", "200ms"])
        #expect(perRequest.status == 3, "\(perRequest.stderr)")
        #expect(try timeouts(perRequest) > 0)
        #expect(try #require(try object(perRequest.stdout)["elapsed_s"] as? Double) < 5)
        // --timeout 1s is the run's, not each request's: the 10 s default leaves every one in flight.
        let runOnly = try await Canarytop.runAsync(until)
        #expect(runOnly.status == 3, "\(runOnly.stderr)")
        #expect(try timeouts(runOnly) == 0)
        // Without --until, --timeout is per request, as it always was.
        let plain = try await Canarytop.runAsync(["watch", url, "--headless", "--requests", "3", "--rate", "50", "--timeout", "200ms", "--json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try timeouts(plain) == 3)
        await server.shutdown()
    }

    @Test func theHelpExplainsTheTwoTimeouts() async throws {
        let r = try await Canarytop.runAsync(["watch", "--help"])
        #expect(r.status == 0)
        let help = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("With --until it is instead the longest the whole run waits"))
        #expect(help.contains("--request-timeout"))
        #expect(help.contains("Exit 0 on PASS or promoted, 2 on FAIL or rolled back, 3 on timeout or inconclusive"))
    }
}
