import CanaryTesting
import Foundation
import Testing

/// `canarytop replay FILE` in a real terminal (tmux): a recorded rollback of the demo mesh played
/// again, paused, seeked to the next epoch and back, quit — and the splitter never touched.
@Suite(.sharedMachine) struct ReplayDashboardEndToEndTests {
    /// The epoch the header shows (`epoch N (…)` on its first line), not the event line's "epoch N began".
    static func headerEpoch(_ screen: String) -> Int? {
        guard let header = screen.split(separator: "\n").first(where: { $0.hasPrefix("canarytop ") }),
              let range = header.range(of: #"epoch [0-9]+ \("#, options: .regularExpression)
        else { return nil }
        return Int(header[range].dropFirst("epoch ".count).prefix { $0.isNumber })
    }

    /// Records a headless watch of the demo in which the guard rolls green back: the recording's
    /// path and the splitter file's path (which now says 100/0).
    static func recordRollback(in dir: TemporaryDirectory) async throws -> (recording: String, splitter: String) {
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.file("demo"), "--port", "0", "--consul-port", "0", "--latency-scale", "0"])
        let recording = dir.file("rollback.jsonl")
        var failure: (any Error)?
        var splitter = ""
        do {
            let web = try #require(demo.value("web"))
            splitter = try #require(demo.value("splitter"))
            let resolver = try #require(demo.value("resolver"))
            // A few seconds on: the guard rolls back within about a second, then epoch 2 runs at 100/0.
            let r = try await Canarytop.runAsync(
                ["watch", web + "/", "--headless", "--duration", "3s", "--guard", "--slo", "1s", "--rate", "100",
                 "--splitter", splitter, "--resolver", resolver, "--record", recording] + WatchUntilTests.rules)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("rolling back"), "\(r.stderr)")
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
        return (recording, splitter)
    }

    @Test func aRecordedRollbackReplaysReadOnlyWithSeekingBetweenEpochs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (recording, splitter) = try await Self.recordRollback(in: dir)
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(text.contains(#"{"k":"epoch","#), "the recording has a second epoch")
        let before = try Data(contentsOf: URL(fileURLWithPath: splitter))

        try await OwnThread.run {
            let session = try TmuxSession(
                command: "cd \(dir.path) && \(Canarytop.binary.path) replay \(recording); echo __EXIT=$?__",
                width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
            let start = try session.waitFor("the replay's header", timeout: 60) { $0.contains("REPLAY 1×") && $0.contains("READ-ONLY") }
            #expect(start.contains("none (replay; recorded: file)"), "\(start)")
            // Played at 1× until the recorded splitter read is shown (its line follows time 0).
            try session.waitFor("the recorded weights") { DashboardEndToEndTests.row("blue", on: $0)?.weight == "50%" }

            try session.keys("Space")
            try session.waitFor("PAUSED in the header") { $0.contains("PAUSED") && $0.contains("replay paused") }

            // Back to the first epoch (from wherever 1× had got to): the recorded 50/50.
            try session.keys(",")
            try session.waitFor("epoch 1 at 50/50", timeout: 60) { screen in
                Self.headerEpoch(screen) == 1 && DashboardEndToEndTests.row("blue", on: screen)?.weight == "50%"
                    && DashboardEndToEndTests.row("green", on: screen)?.weight == "50%"
            }
            // The next epoch, still paused: the tallies as they stood at its start, none of green's
            // requests counted in it yet.
            try session.keys(".")
            let second = try session.waitFor("epoch 2", timeout: 60) { Self.headerEpoch($0) == 2 }
            #expect(second.contains("PAUSED"))
            #expect(DashboardEndToEndTests.row("green", on: second)?.requests == 0, "\(second)")
            // The splitter read that followed the guard's write (at, or just after, the epoch's
            // start on a loaded machine): played on until the weights say 100/0, then paused again.
            try session.keys("Space")
            try session.waitFor("epoch 2 at 100/0", timeout: 60) { screen in
                Self.headerEpoch(screen) == 2 && DashboardEndToEndTests.row("blue", on: screen)?.weight == "100%"
                    && DashboardEndToEndTests.row("green", on: screen)?.weight == "0%"
            }
            try session.keys("Space")
            try session.waitFor("paused again", timeout: 60) { $0.contains("PAUSED") }
            // And back again.
            try session.keys(",")
            let first = try session.waitFor("epoch 1 at 50/50 again", timeout: 60) { screen in
                Self.headerEpoch(screen) == 1 && DashboardEndToEndTests.row("blue", on: screen)?.weight == "50%"
                    && DashboardEndToEndTests.row("green", on: screen)?.weight == "50%"
            }
            #expect(first.contains("PAUSED"))
            // A weight key is refused: nothing can be written from a replay.
            try session.keys("r")
            try session.waitFor("the rollback key refused") { $0.lowercased().contains("read-only") && Self.headerEpoch($0) == 1 }

            try session.keys("q")
            let final = try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") }
            #expect(final.contains("__EXIT=0__"), "\(final)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: splitter)) == before, "the replay left the splitter file as it was")
    }

    @Test func headerEpochReadsTheHeaderOnly() {
        let screen = """
            canarytop  http://127.0.0.1:46809/  rate 100/s  in flight 0  epoch 2 (0:01)  apply none  PAUSED
             REPLAY paused   READ-ONLY
            0:03 epoch 3 began
            """
        #expect(Self.headerEpoch(screen) == 2)
        #expect(Self.headerEpoch("epoch 2 began") == nil)
    }
}
