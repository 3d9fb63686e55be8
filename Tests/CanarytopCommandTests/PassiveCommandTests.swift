import CanaryTesting
import Foundation
import Testing

/// `canarytop watch --probe off --envoy-admin …` end to end: the passive flags' bad values
/// refused in one line naming the option, and the built binary catching green's bug from the
/// demo's sidecar stats alone (`canarytop demo --serve-only` with background users), headless.
@Suite(.sharedMachine) struct PassiveCommandTests {
    @Test func badValuesAreRefusedInOneLineNamingTheOption() async throws {
        let off = ["watch", "--probe", "off", "--headless", "--duration", "1s"]
        let envoy = off + ["--envoy-admin", "http://127.0.0.1:9"]
        let prometheus = off + ["--prometheus", "http://127.0.0.1:9"]
        let cases: [([String], String)] = [
            (off, "--probe off"),
            (["watch", "--probe", "maybe", "--envoy-admin", "http://127.0.0.1:9"], "--probe"),
            (off + ["--selector", #"local_cluster="web""#], "--probe off"),
            (["watch", "http://127.0.0.1:9/", "--selector", #"local_cluster="web""#], "--selector"),
            (off + ["--envoy-admin", "not-a-url"], "--envoy-admin"),
            (off + ["--envoy-admin", "ftp://sidecar:19000"], "--envoy-admin"),
            (off + ["--envoy-admin", "http://"], "--envoy-admin"),
            (off + ["--envoy-admin", "http://:19000"], "--envoy-admin"),
            (off + ["--prometheus", "localhost:9090"], "--prometheus"),
            (off + ["--envoy-admin", "http://a:19000", "--prometheus", "http://b:9090"], "--envoy-admin"),
            (envoy + ["--poll-interval", "0"], "--poll-interval"),
            (envoy + ["--poll-interval", "10ms"], "--poll-interval"),
            (envoy + ["--poll-interval=-1s"], "--poll-interval"),
            (envoy + ["--poll-interval", "often"], "--poll-interval"),
            (prometheus + ["--selector", "local_cluster"], "--selector"),
            (prometheus + ["--selector", #"local_cluster=web"#], "--selector"),
            (prometheus + ["--selector", #"a=~"(""#], "--selector"),
            (prometheus + ["--selector", #"{a="b""#], "--selector"),
            (prometheus + ["--backfill=-5m"], "--backfill"),
            (prometheus + ["--backfill", "a while"], "--backfill"),
            (envoy + ["--backfill", "1m"], "--backfill"),
            (envoy + ["--stats-flush", "soon"], "--stats-flush"),
            (envoy + ["--service", ""], "--service"),
            (envoy + ["--requests", "5"], "--requests"),
        ]
        for (args, option) in cases {
            let r = try await Canarytop.runAsync(args)
            let lines = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n")
            #expect(r.status != 0 && r.status != 2 && r.status != 3, "\(args): \(r.status)")
            // One line, naming the option.
            #expect(lines.count == 1, "\(args): \(r.stderr)")
            #expect(lines.first?.hasPrefix("Error: ") == true, "\(args): \(r.stderr)")
            #expect(lines.first?.contains(option) == true, "\(args): \(r.stderr)")
        }
    }

    private func object(_ value: Any?) throws -> [String: Any] {
        try #require(value as? [String: Any], "not an object: \(String(describing: value))")
    }

    @Test func theHeadlessGuardCatchesGreenFromTheDemosSidecarsWithTheProbeOff() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--sidecar-port", "0",
             "--web-replicas", "2", "--users", "80", "--stats-flush", "1s", "--green-bug", "errors", "--latency-scale", "0"])
        var failure: (any Error)?
        do {
            let sidecars = try [1, 2].map { n in
                try #require(demo.value("sidecar \(n)")?.replacingOccurrences(of: "/stats/prometheus", with: ""))
            }
            let splitter = try #require(demo.value("splitter"))
            let resolver = try #require(demo.value("resolver"))
            let r = try await Canarytop.runAsync(
                ["watch", "--probe", "off", "--envoy-admin", sidecars[0], "--envoy-admin", sidecars[1], "--headless",
                 "--until", "verdict", "--timeout", "60s", "--guard", "--stats-flush", "1s", "--poll-interval", "500ms",
                 "--splitter", splitter, "--resolver", resolver, "--json"])
            #expect(r.status == 2, "\(r.stderr)")
            let report = try object(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)))
            #expect(report["result"] as? String == "fail")
            #expect(report["exit"] as? Int == 2)
            #expect(try object(report["rollout"])["finish"] as? String == "rolled_back")
            // The probe sent nothing: every count below is the mesh's.
            #expect(report["requests"] as? Int == 0)
            let mesh = try object(report["mesh"])
            #expect(mesh["source"] as? String == "envoy ×2")
            // A stats read may time out on a loaded machine (counted, shown, never a crash);
            // most of them answer.
            let reads = try #require(mesh["reads"] as? Int), faults = try #require(mesh["faults"] as? Int)
            #expect(faults < reads, "\(faults) of \(reads) stats reads failed")
            #expect(mesh["bad_lines"] as? Int == 0)
            let run = try #require(mesh["run"] as? [[String: Any]])
            let blue = try #require(run.first { $0["name"] as? String == "blue" })
            let green = try #require(run.first { $0["name"] as? String == "green" })
            #expect(try #require(blue["requests"] as? Int) > 0)
            #expect(blue["5xx"] as? Int == 0)
            let greenRequests = try #require(green["requests"] as? Int)
            let green5xx = try #require(green["5xx"] as? Int)
            // ERROR_RATE 0.5: about every second request green serves is a 500.
            #expect(4 * green5xx > greenRequests && green5xx <= greenRequests, "\(green5xx)/\(greenRequests)")
            let verdict = try #require((report["verdicts"] as? [[String: Any]])?.first { $0["outcome"] as? String == "fail" })
            #expect(verdict["canary"] as? String == "green")
            let check = try #require((verdict["checks"] as? [[String: Any]])?.first { $0["kind"] as? String == "5xx" })
            #expect(check["outcome"] as? String == "fail")
            // The verdict's counts are the mesh's: no more than the run saw.
            #expect(try #require(object(check["counts"])["canary_bad"] as? Int) <= green5xx)
            #expect(r.stderr.contains("canarytop: guard: green FAIL: rolling back: green FAIL vs blue: mesh 5xx "), "\(r.stderr)")
            let file = try String(contentsOfFile: splitter, encoding: .utf8)
            #expect(file.contains("weight = 100,\n    service_subset = \"blue\""))
            #expect(file.contains("weight = 0,\n    service_subset = \"green\""))
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    /// The text summary of a `--probe off` run is the mesh's: no probe target, pace or empty
    /// probe rows, but each subset's mesh counts with its weight.
    @Test func theTextSummaryWithTheProbeOffIsTheMeshs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--sidecar-port", "0",
             "--users", "40", "--stats-flush", "1s", "--green-bug", "none", "--latency-scale", "0"])
        var failure: (any Error)?
        do {
            let sidecar = try #require(demo.value("sidecar")).replacingOccurrences(of: "/stats/prometheus", with: "")
            let r = try await Canarytop.runAsync(
                ["watch", "--probe", "off", "--envoy-admin", sidecar, "--headless", "--duration", "8s", "--stats-flush", "1s",
                 "--poll-interval", "500ms", "--splitter", try #require(demo.value("splitter")),
                 "--resolver", try #require(demo.value("resolver"))])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("envoy (probe off): the mesh's requests over ") == true, "\(r.stdout)")
            #expect(!r.stdout.contains("open loop") && !r.stdout.contains("probe errors") && !r.stdout.contains("sends:"), "\(r.stdout)")
            #expect(lines.dropFirst().first?.hasPrefix("subset") == true, "\(r.stdout)")
            let blue = try #require(lines.first { $0.hasPrefix("blue ") }, "\(r.stdout)")
            let fields = blue.split(separator: " ")
            #expect((Int(fields[1]) ?? 0) > 0, "\(blue)")
            #expect(fields[2] == "50.00%", "\(blue)")
            #expect(lines.contains { $0.hasPrefix("mesh (envoy, ") }, "\(r.stdout)")
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }
}
