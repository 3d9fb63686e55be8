import CanaryTesting
import Foundation
import Testing

/// `watch --record FILE` then `replay FILE --headless --json`, the built binary both times: the
/// same summary; and every file the replay must refuse or read only in part, and every place
/// `--record` cannot write to.
@Suite(.sharedMachine) struct RecordReplayCommandTests {
    /// A server whose replies alternate blue's and green's traces; every third of green's is a 500.
    static func mesh() async throws -> HostileServer {
        let blue = Array(WatchCommandTests.trace(WatchCommandTests.blueIP).utf8)
        let green = Array(WatchCommandTests.trace(WatchCommandTests.greenIP).utf8)
        return try await HostileServer.start { i, _ in
            if i % 2 == 0 { return .answer(status: 200, body: blue) }
            return .answer(status: i % 3 == 0 ? 500 : 200, body: green)
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    /// A live headless run recorded to `recording`: its JSON summary.
    static func recordRun(_ recording: String, requests: Int = 300) async throws -> Canarytop.Result {
        let server = try await mesh()
        defer { Task { await server.shutdown() } }
        return try await Canarytop.runAsync(
            ["watch", server.url, "--headless", "--json", "--requests", String(requests), "--rate", "max", "--concurrency", "4",
             "--stable", "blue", "--record", recording] + WatchCommandTests.rules)
    }

    @Test func aRecordedHeadlessRunReplaysToTheIdenticalSummary() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let recording = dir.file("run.jsonl")
        let live = try await Self.recordRun(recording)
        #expect(live.status == 0, "\(live.stderr)")
        let replay = try await Canarytop.runAsync(["replay", recording, "--headless", "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stderr.isEmpty, "a whole recording replays without a warning: \(replay.stderr)")
        let a = try Self.object(live.stdout), b = try Self.object(replay.stdout)
        // The figures the issue names, one by one (a clearer failure than the whole object's) …
        #expect(a["requests"] as? Int == 300)
        for key in ["requests", "replies", "elapsed_s"] { #expect(a[key] as? NSObject == b[key] as? NSObject, "\(key)") }
        let subsets = try #require(a["subsets"] as? [[String: Any]])
        #expect(subsets.contains { ($0["http_5xx"] as? Int ?? 0) > 0 }, "green's 5xx are in the summary: \(subsets)")
        #expect((a["verdicts"] as? [Any])?.isEmpty == false, "the run had a verdict to replay")
        // … and then everything: the same JSON, byte for byte.
        #expect(live.stdout == replay.stdout)
        // The plain text summary is the live run's text as well.
        let text = try await Canarytop.runAsync(["replay", recording, "--headless"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("verdict: green "), "\(text.stdout)")
    }

    @Test func aRecordingCutMidLineIsReadUpToItsLastWholeRecordWithAWarning() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let recording = dir.file("run.jsonl")
        let live = try await Self.recordRun(recording, requests: 200)
        #expect(live.status == 0, "\(live.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: recording))
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        // Keep the header and the first 120 records whole, then half of the next one (a reply).
        let kept = lines.prefix(121)
        let torn = lines[121].prefix(lines[121].count / 2)
        #expect(String(decoding: lines[121], as: UTF8.self).hasPrefix(#"{"k":"#))
        let cut = dir.file("cut.jsonl")
        try (Data(kept.joined(separator: [0x0A])) + Data([0x0A]) + torn).write(to: URL(fileURLWithPath: cut))
        let counted = kept.dropFirst().filter { $0.starts(with: Data(#"{"k":"r""#.utf8)) || $0.starts(with: Data(#"{"k":"f""#.utf8)) }.count

        let r = try await Canarytop.runAsync(["replay", cut, "--headless", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try Self.object(r.stdout)
        #expect(report["requests"] as? Int == counted)
        #expect(r.stderr.contains("\(cut):122"), "the warning names the torn line: \(r.stderr)")
        #expect(r.stderr.contains("no end line"), "\(r.stderr)")
    }

    /// `replay FILE --headless` on `contents`: exit 1, one line on standard error holding `expected`.
    private func refuses(_ contents: String?, named name: String = "bad.jsonl", _ expected: (String) -> String) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file(name)
        if let contents { try contents.write(toFile: path, atomically: false, encoding: .utf8) }
        let r = try await Canarytop.runAsync(["replay", path, "--headless", "--json"])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty, "no summary: \(r.stdout)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(r.stderr)")
        #expect(r.stderr.contains(expected(path)), "\(r.stderr)")
    }

    @Test func anEmptyFileIsRefusedNamingItsFirstLine() async throws {
        try await refuses("") { "\($0):1: empty" }
    }

    @Test func anotherVersionIsRefusedNamingTheFileAndLine() async throws {
        try await refuses(#"{"canarytop_recording":2,"target":"http://x/"}"# + "\n" + #"{"k":"epoch","t":1,"n":2}"# + "\n") { "\($0):1:" }
    }

    @Test func anotherFormatIsRefusedNamingTheFileAndLine() async throws {
        try await refuses("Kind = \"service-splitter\"\nName = \"payments\"\n", named: "splitter.hcl") { "\($0):1: not a canarytop recording" }
        try await refuses(#"{"k":"r","t":0.1,"lat":0.01,"st":200,"sub":"blue"}"# + "\n") { "\($0):1: not a canarytop recording" }
    }

    @Test func aMissingFileIsRefusedInOneLine() async throws {
        try await refuses(nil, named: "nothing-here.jsonl") { $0 }
        let r = try await Canarytop.runAsync(["replay", "/nonexistent/dir/run.jsonl", "--headless"])
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("/nonexistent/dir/run.jsonl"), "\(r.stderr)")
    }

    @Test func recordRefusesAPlaceItCannotWriteBeforeProbingAnything() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let server = try await Self.mesh()
        defer { Task { await server.shutdown() } }
        let existing = try dir.write("taken.jsonl", "keep me\n")
        let cases: [(path: String, says: String)] = [
            (dir.file("missing/run.jsonl"), "does not exist"),
            (dir.path, "exists"),
            (existing, "exists"),
        ]
        for c in cases {
            let r = try await Canarytop.runAsync(
                ["watch", server.url, "--headless", "--requests", "20", "--record", c.path] + WatchCommandTests.rules)
            #expect(r.status != 0, "\(c.path)")
            let lines = r.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count == 1, "\(c.path): \(r.stderr)")
            let error = String(lines.first ?? "")
            #expect(error.contains("--record \(c.path)") && error.contains(c.says), "\(c.path): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(c.path): \(r.stdout)")
        }
        #expect(server.requests == 0, "nothing was probed")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: dir.file("missing")))
    }
}
