import CanaryCore
import CanaryTesting
import Foundation
import Testing

/// The real dashboard in a real terminal (tmux): the demo mesh, a rollback with one key, quit.
@Suite(.sharedMachine) struct DashboardEndToEndTests {
    /// The numbers of a subset's row of the table on `screen`: (requests, 5xx).
    static func row(_ name: String, on screen: String) -> (weight: String, requests: Int, http5xx: Int)? {
        guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix(name + " ") && $0.contains("%") }) else { return nil }
        let tokens = line.split(separator: " ").map(String.init)
        guard tokens.count >= 4 else { return nil }
        var i = 2
        if let close = tokens.firstIndex(where: { $0.hasSuffix("]") }) { i = close + 1 }
        if i < tokens.count, tokens[i] == "!" { i += 1 }
        guard i + 2 < tokens.count, let requests = Int(tokens[i]), let errors = Int(tokens[i + 2]) else { return nil }
        return (tokens[1], requests, errors)
    }

    /// `canarytop demo` with `options` on free ports in `dir`, in a 120×40 tmux session that
    /// prints `__EXIT=<status>__` when it ends.
    static func demo(in dir: TemporaryDirectory, _ options: String) throws -> TmuxSession {
        try TmuxSession(
            command: "cd \(dir.path) && \(Canarytop.binary.path) demo --port 0 --consul-port 0 --dir \(dir.file("demo")) "
                + "\(options); echo __EXIT=$?__",
            width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
    }

    @Test func rollbackFromTheDemoDashboard() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let splitter = dir.file("demo/payments_splitter.hcl")
        try await OwnThread.run {
            let session = try Self.demo(in: dir, "--green-timeout 0.5s --latency-scale 0.2")
            // The canary's failures show up.
            try session.waitFor("green's 5xx on screen", timeout: 60) { (Self.row("green", on: $0)?.http5xx ?? 0) > 0 }

            try session.keys("r")
            // The splitter file now says 100/0 …
            try session.waitFor("the splitter file to say 100/0") { _ in
                let text = (try? String(contentsOfFile: splitter, encoding: .utf8)) ?? ""
                return text.contains("weight = 100,\n    service_subset = \"blue\"") && text.contains("weight = 0,\n    service_subset = \"green\"")
            }
            // … the screen shows the new weights and a new epoch …
            let after = try session.waitFor("new weights and epoch 2 on screen") { screen in
                // The file follower may show epoch 2 before the writer's own line replaces "writing…".
                screen.contains("epoch 2") && Self.row("blue", on: screen)?.weight == "100%" && Self.row("green", on: screen)?.weight == "0%"
                    && !screen.contains("writing…")
            }
            #expect(after.contains("rollback: blue 50→100, green 50→0"))
            // … and green's count stops growing (requests already in flight may still land).
            var stable = -1
            var since = Date()
            try session.waitFor("green's request count to stop growing", timeout: 30) { screen in
                guard let n = Self.row("green", on: screen)?.requests else { return false }
                if n != stable { stable = n; since = Date() }
                return Date().timeIntervalSince(since) > 2
            }
            try session.keys("q")
            let final = try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") }
            #expect(final.contains("__EXIT=0__"))
            #expect(final.contains("splitter now: blue 100%, green 0%"))
            // The terminal is restored: out of the alternate screen.
            #expect(try session.tmux(["display-message", "-p", "-t", session.name, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
    }

    @Test func theDemosDashboardGuardRollsBackOnItsOwn() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let splitter = dir.file("demo/payments_splitter.hcl")
        try await OwnThread.run {
            let session = try Self.demo(in: dir, "--latency-scale 0.2 --green-timeout 2s --guard --guard-countdown 1s --slo 1s")
            // No key pressed: the verdict (slow requests in flight past the SLO) and the countdown do it.
            try session.waitFor("the guard to write 100/0", timeout: 60) { _ in
                let text = (try? String(contentsOfFile: splitter, encoding: .utf8)) ?? ""
                return text.contains("weight = 100,\n    service_subset = \"blue\"") && text.contains("weight = 0,\n    service_subset = \"green\"")
            }
            // The journal line follows the write.
            try session.waitFor("the guard's journal line") { _ in
                let journal = (try? String(contentsOfFile: splitter + ".journal", encoding: .utf8)) ?? ""
                return journal.contains("\"operation\":\"rollback\"")
            }
            let journal = try String(contentsOfFile: splitter + ".journal", encoding: .utf8)
            // The SLO check fails first; on a loaded machine green's 2 s timeouts may end (5xx) before.
            #expect(journal.contains("\"reason\":\"guard: green FAIL vs blue: "))
            #expect(journal.contains("slo "))
            try session.keys("q")
            let final = try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") }
            #expect(final.contains("__EXIT=0__"))
            #expect(final.contains("splitter now: blue 100%, green 0%"))
        }
    }

    @Test func quittingDoesNotWaitForAHangingCanarysRequests() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await OwnThread.run {
            // Green's calls hang 60 s: without this rule, q would hold the prompt that long.
            let session = try Self.demo(in: dir, "--latency-scale 0.2 --green-timeout 60s")
            try session.waitFor("green's requests in flight", timeout: 60) { screen in
                (Self.row("blue", on: screen)?.requests ?? 0) >= 20 && (Self.row("green", on: screen)?.requests ?? 1) == 0
            }
            try session.keys("q")
            let final = try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") }
            #expect(final.contains("__EXIT=0__"))
            #expect(final.contains("probe requests in flight (not waited for)"))
        }
    }

    @Test func rowParsing() {
        let screen = """
            SUBSET         WEIGHT SHARE [95% CI]          REQS  REQ/S    5XX   5XX%
            blue             100% 85.1% [75–92] !           57   19.9      0   0.0%
            green              0% 14.9% [8–25] !            10    3.5     10 100.0%
            """
        #expect(Self.row("blue", on: screen)! == ("100%", 57, 0))
        #expect(Self.row("green", on: screen)! == ("0%", 10, 10))
        #expect(Self.row("red", on: screen) == nil)
    }
}
