import CanaryTesting
import Foundation
import Testing

/// The real dashboard (tmux) watching a hostile service through an invalid splitter: the
/// canary's error text carries escape sequences (shown inert), and a weight key on the splitter
/// Consul would refuse is refused on the event line, the file left as it was.
@Suite(.sharedMachine) struct DashboardHostileTests {
    @Test func escapesAreInertAndARelativeKeyOnAnInvalidSplitterIsRefused() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let invalid = try SplitCommandTests.fixture("payments_splitter.hcl")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 30,\n    service_subset = \"green\"")
        let splitter = try dir.write("payments_splitter.hcl", invalid)
        let resolver = try dir.write("payments_resolver.hcl", try SplitCommandTests.fixture("payments_resolver.hcl"))
        let blue = Array(WatchCommandTests.trace(WatchCommandTests.blueIP).utf8)
        let green = Array(HostileRepliesTests.escapeTrace.utf8)
        let server = try await HostileServer.start { index, _ in
            index % 2 == 0 ? .answer(status: 200, body: blue) : .answer(status: 500, body: green)
        }
        defer { Task { await server.shutdown() } }
        let command = "\(Canarytop.binary.path) watch \(server.url) --rate 20 --splitter \(splitter) --resolver \(resolver) "
            + HostileRepliesTests.rules.joined(separator: " ") + "; echo __EXIT=$?__"
        try await OwnThread.run {
            let session = try TmuxSession(command: command, width: 200, height: 40, environment: ["LANG": "C.UTF-8"])
            let title = try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_title}"])
            // The canary's error, with every control character shown as �, on the events pane.
            let screen = try session.waitFor("green's error on the events line", timeout: 60) {
                $0.contains("boom \u{FFFD}[2J\u{FFFD}]0;pwned\u{FFFD}")
            }
            #expect(screen.contains("splitter invalid: the sum of all split weights must be 100, not 80.000000"))
            // The title escape did nothing, and neither did the screen clear (the table is still there).
            #expect(try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_title}"]) == title)
            #expect(screen.contains("SUBSET"))

            try session.keys("Down")
            try session.keys("Right")
            let refused = try session.waitFor("the refused key on the event line") {
                $0.contains("→ refused: refusing to shift toward green by 5: the sum of all split weights must be 100, not 80.000000")
            }
            #expect(!refused.contains("50→45"), "nothing was staged")
            try session.keys("q")
            let final = try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") }
            #expect(final.contains("__EXIT=0__"))
        }
        #expect(try dir.read("payments_splitter.hcl") == invalid)
        #expect(try dir.entries() == ["payments_resolver.hcl", "payments_splitter.hcl"])
    }
}
