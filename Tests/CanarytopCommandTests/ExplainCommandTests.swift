import CanaryTesting
import Foundation
import Testing

@Suite(.sharedMachine) struct ExplainCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CanaryCoreTests/Fixtures")
    static let rules = ["--subset", "blue=ip:10.42.0.10", "--subset", "green=ip:10.42.0.19"]

    private func json(_ r: Canarytop.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func canaryTimeoutIsGreenAndNamesTheBrokenHop() async throws {
        let file = Self.fixtures.appendingPathComponent("web_reply_canary_timeout.json").path
        let r = try await Canarytop.runAsync(["explain", file] + Self.rules + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r)
        #expect(o["subset"] as? String == "green")
        #expect(o["code"] as? Int == 500)
        #expect(abs((o["hop_duration_ms"] as? Double ?? 0) - 5001.84028) < 1e-6)
        let failing = try #require(o["failing_hop"] as? [String: Any])
        #expect(failing["code"] as? Int == -1)
        #expect((failing["error"] as? String)?.contains("Client.Timeout exceeded") == true)
        #expect(failing["path"] as? [String] == ["web", "api-v1", "http://localhost:9091"])
    }

    @Test func okReplyReadFromStandardInputIsBlue() async throws {
        let body = try String(contentsOf: Self.fixtures.appendingPathComponent("web_reply_ok.json"), encoding: .utf8)
        let r = try await Canarytop.runAsync(["explain", "-"] + Self.rules, stdin: body)
        #expect(r.status == 0)
        #expect(r.stdout.contains("subset       blue"))
        #expect(r.stdout.contains("rule #1 blue=ip:10.42.0.10 matched hop web → api-v1"))
        #expect(r.stdout.contains("failing hop  none"))
    }

    @Test func envoyTextIsUnattributedWithNullCode() async throws {
        let r = try await Canarytop.runAsync(["explain", "--json"] + Self.rules,
                                  stdin: "upstream connect error or disconnect/reset before headers. reset reason: connection failure")
        #expect(r.status == 0)
        let o = try json(r)
        #expect(o["subset"] is NSNull)
        #expect(o["code"] is NSNull)
        #expect(o["hop_duration_ms"] is NSNull)
        #expect((o["fault"] as? [String: Any])?["class"] as? String == "not-json")
    }

    @Test func noRulesGroupsByName() async throws {
        let file = Self.fixtures.appendingPathComponent("web_reply_ok.json").path
        let o = try json(try await Canarytop.runAsync(["explain", file, "--json"]))
        #expect(o["subset"] as? String == "api-v1")
    }

    @Test func controlCharactersFromTheReplyNeverReachTheTerminal() async throws {
        let hostile = #"{"name":"web","code":500,"upstream_calls":[{"name":"api\u001b[2J","ip_addresses":["10.42.0.19"],"code":-1,"error":"bad\u0007\u001b]0;pwned\u0007"}]}"#
        let r = try await Canarytop.runAsync(["explain"] + Self.rules, stdin: hostile)
        #expect(r.status == 0)
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(r.stdout.contains("green"))
    }

    @Test func missingFileIsAOneLineErrorNamingIt() async throws {
        let r = try await Canarytop.runAsync(["explain", "/nonexistent/reply.json"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/reply.json"))
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test func badRuleIsAUsageErrorNamingTheRule() async throws {
        let r = try await Canarytop.runAsync(["explain", "-", "--subset", "green=ip:10.42.0.300"], stdin: "{}")
        #expect(r.status != 0)
        #expect(r.stderr.contains("green=ip:10.42.0.300"))
    }
}
