import CanaryTesting
import Foundation
import Testing

/// `canarytop watch --headless` (and `explain`) against a hostile server: a reply that never
/// ends, a 50 MB body, garbage bytes, a trace nested 10 000 levels deep, terminal escape
/// sequences inside trace strings. Each is counted and shown, inert; nothing crashes or hangs
/// (each run is killed past its deadline, failing the test).
@Suite(.sharedMachine) struct HostileRepliesTests {
    static let rules = ["--subset", "blue=ip:\(WatchCommandTests.blueIP)", "--subset", "green=ip:\(WatchCommandTests.greenIP)"]

    /// Runs a headless watch of `requests` requests against a server giving `reply` to each.
    static func watch(
        _ reply: HostileServer.Reply, requests: Int = 3, _ extra: [String] = []
    ) async throws -> (end: ChildProcess.End, report: [String: Any]) {
        let server = try await HostileServer.start { _, _ in reply }
        defer { Task { await server.shutdown() } }
        let child = try ChildProcess(
            Canarytop.binary.path,
            ["watch", server.url, "--headless", "--json", "--requests", String(requests), "--rate", "50"] + extra + rules)
        let end = await child.wait(deadline: 60)
        #expect(end.exitedOnItsOwn, "killed after \(end.seconds) s: \(end.stderr)")
        #expect(end.status == 0, "\(end.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(end.stdout.utf8)) as? [String: Any], "\(end.stdout)")
        #expect(report["requests"] as? Int == requests)
        return (end, report)
    }

    static func faults(_ report: [String: Any]) -> [String: Int] {
        ((report["probe_errors"] as? [String: Any])?["by_class"] as? [String: Int] ?? [:]).filter { $0.value > 0 }
    }

    static func unattributed(_ report: [String: Any]) -> [String: Int] {
        (report["unattributed"] as? [String: Any])?["classes"] as? [String: Int] ?? [:]
    }

    static func subset(_ report: [String: Any], _ name: String) -> [String: Any]? {
        (report["subsets"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test func aReplyThatNeverEndsIsOversizedUnderTheCap() async throws {
        let (_, report) = try await Self.watch(.endless(chunk: Array(repeating: 0x61, count: 64 * 1024)), ["--timeout", "10s"])
        #expect(Self.faults(report) == ["oversized": 3])
    }

    @Test func aReplyThatNeverEndsTimesOutWhenTheCapIsHigh() async throws {
        let (_, report) = try await Self.watch(
            .endless(chunk: Array(repeating: 0x61, count: 64 * 1024)), requests: 2, ["--max-body", "1024M", "--timeout", "500ms"])
        #expect(Self.faults(report) == ["timeout": 2])
    }

    /// A 50 MB fake-service trace (a 50 MB `body` string): refused as oversized by default, and
    /// decoded and attributed when `--max-body` allows it.
    static let fiftyMegabyteTrace: [UInt8] = {
        var bytes = Array(#"{"name":"web","body":""#.utf8)
        bytes += [UInt8](repeating: 0x61, count: 50 << 20)
        bytes += Array(#"","upstream_calls":[{"name":"api","ip_addresses":["\#(WatchCommandTests.blueIP)"],"code":200}],"code":200}"#.utf8)
        return bytes
    }()

    @Test func aFiftyMegabyteBody() async throws {
        let (_, capped) = try await Self.watch(.answer(status: 200, body: Self.fiftyMegabyteTrace), requests: 1, ["--timeout", "20s"])
        #expect(Self.faults(capped) == ["oversized": 1])
        let (_, allowed) = try await Self.watch(
            .answer(status: 200, body: Self.fiftyMegabyteTrace), requests: 1, ["--max-body", "64M", "--timeout", "30s"])
        #expect(Self.faults(allowed).isEmpty)
        #expect(Self.subset(allowed, "blue")?["requests"] as? Int == 1)
    }

    /// Replies that are not HTTP/1.x, by name (the names are the test cases' arguments: the
    /// 100 KB head itself would flood the test log).
    static let garbage: [String: HostileServer.Reply] = [
        "binary noise, then close": .rawThenClose([0x00, 0xFF, 0x1B, 0x5B, 0x32, 0x4A, 0x07, 0x80, 0x0D, 0x0A]),
        "not HTTP": .raw(Array("SSH-2.0-OpenSSH_9.6\r\n\r\n".utf8)),
        "a status that is not a number": .raw(Array("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n".utf8)),
        "a negative length": .raw(Array("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n".utf8)),
        "a bad chunk size": .raw(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8)),
        "a head of 100 KB": .raw(Array(("HTTP/1.1 200 OK\r\nX-Junk: " + String(repeating: "j", count: 100_000) + "\r\n\r\n").utf8)),
    ]

    @Test(arguments: garbage.keys.sorted())
    func garbageIsAProbeFault(_ what: String) async throws {
        let (_, report) = try await Self.watch(try #require(Self.garbage[what]), ["--timeout", "2s"])
        let faults = Self.faults(report)
        #expect(faults.values.reduce(0, +) == 3, "\(what): \(faults)")
        // Recognised at once: malformed (other), or cut off by the close (reset); never a timeout.
        #expect(faults == (what.hasSuffix("then close") ? ["reset": 3] : ["other": 3]), "\(what): \(faults)")
    }

    @Test func garbageInAWellFramedBodyIsTheServiceAnswering() async throws {
        let body: [UInt8] = [0xFF, 0xFE, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0xC3, 0x28]
        let (_, report) = try await Self.watch(.answer(status: 200, body: body))
        #expect(Self.faults(report).isEmpty)
        #expect(Self.unattributed(report) == ["not-a-trace/not-json": 3])
    }

    static let deepTrace = String(repeating: #"{"upstream_calls":["#, count: 10_000) + "{}" + String(repeating: "]}", count: 10_000)

    @Test func aTraceNestedTenThousandLevelsDeep() async throws {
        let (_, report) = try await Self.watch(.answer(status: 200, body: Array(Self.deepTrace.utf8)))
        #expect(Self.faults(report).isEmpty)
        #expect(Self.unattributed(report) == ["not-a-trace/too-deep": 3])
        let explain = try await Canarytop.runAsync(["explain", "--json"], stdin: Self.deepTrace)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("nested deeper than"), "\(explain.stdout)")
    }

    /// A canary whose error text and hop name carry escape sequences: clear the screen, set the
    /// window title, ring the bell, a C1 CSI, a bidi override.
    static let escapeTrace = #"""
        {"name":"web","ip_addresses":["10.42.0.14"],"code":500,"upstream_calls":[{"name":"api\u001b[31m-v2\u0007","ip_addresses":["\#(WatchCommandTests.greenIP)"],"code":500,"error":"boom \u001b[2J\u001b]0;pwned\u0007 \u009b31m \u202eevil\u202c"}]}
        """#

    /// Bytes that must never reach a terminal: ESC, BEL, C1 CSI (U+009B as UTF-8), bidi override.
    static func controls(in text: String) -> [String] {
        var found: [String] = []
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1B: found.append("ESC")
            case 0x07: found.append("BEL")
            case 0x9B: found.append("CSI")
            case 0x202E: found.append("RLO")
            default: break
            }
        }
        return found
    }

    @Test func escapeSequencesInTraceStringsAreInertHeadless() async throws {
        let (end, report) = try await Self.watch(.answer(status: 500, body: Array(Self.escapeTrace.utf8)), ["--stable", "blue"])
        #expect(Self.subset(report, "green")?["http_5xx"] as? Int == 3)
        #expect(Self.controls(in: end.stdout).isEmpty, "raw controls in the JSON: \(Self.controls(in: end.stdout))")
        #expect(Self.controls(in: end.stderr).isEmpty, "raw controls in the events: \(end.stderr)")
        let errors = Self.subset(report, "green")?["recent_errors"] as? [[String: Any]]
        #expect((errors?.first?["text"] as? String)?.contains("boom \u{FFFD}[2J\u{FFFD}]0;pwned\u{FFFD}") == true, "\(errors ?? [])")
    }

    @Test(arguments: [["explain"], ["explain", "--json"]])
    func escapeSequencesInTraceStringsAreInertInExplain(_ arguments: [String]) async throws {
        let r = try await Canarytop.runAsync(arguments + Self.rules, stdin: Self.escapeTrace)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.controls(in: r.stdout).isEmpty, "\(Self.controls(in: r.stdout))")
        #expect(r.stdout.contains("pwned"))
        #expect(r.stdout.contains("\u{FFFD}[2J"))
    }
}
