import CanaryTesting
import Foundation
import Testing

/// `canarytop demo --passive` in a real terminal (tmux): the probe off, the header's
/// `source: envoy ×2` with the data's age, and the MESH table counting green's 500s from the
/// sidecars' stats alone.
@Suite(.sharedMachine) struct MeshDashboardEndToEndTests {
    /// The MESH table's row for `name` on `screen`: (requests, 5xx, timeouts).
    static func meshRow(_ name: String, on screen: String) -> (requests: Int, http5xx: Int, timeouts: Int)? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("MESH ") && $0.contains("TIMEOUTS") }) else { return nil }
        guard let line = lines[(header + 1)...].prefix(8).first(where: { $0.hasPrefix(name + " ") }) else { return nil }
        // name, weight, share, requests, req/s, 5xx, timeouts, then the brackets.
        let tokens = line.split(separator: " ").map(String.init)
        guard tokens.count >= 7, let requests = Int(tokens[3]), let errors = Int(tokens[5]), let timeouts = Int(tokens[6]) else { return nil }
        return (requests, errors, timeouts)
    }

    @Test func thePassiveDemoShowsTheMeshTableWithCountsAndTheSource() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await OwnThread.run {
            let session = try TmuxSession(
                command: "cd \(dir.path) && \(Canarytop.binary.path) demo --port 0 --consul-port 0 --sidecar-port 0 --dir \(dir.file("demo")) "
                    + "--passive --web-replicas 2 --stats-flush 1s --green-bug errors --latency-scale 0.2; echo __EXIT=$?__",
                width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
            let screen = try session.waitFor("the MESH table with green's 5xx", timeout: 60) { screen in
                guard let blue = Self.meshRow("blue", on: screen), let green = Self.meshRow("green", on: screen) else { return false }
                return blue.requests > 0 && green.requests > 0 && green.http5xx > 0
            }
            let header = screen.split(separator: "\n").first.map(String.init) ?? ""
            #expect(header.contains("mesh (probe off)"), "\(header)")
            #expect(header.range(of: #"source: envoy ×2 \([0-9]+(\.[0-9])?s old\)"#, options: .regularExpression) != nil, "\(header)")
            #expect(screen.contains("MESH source: envoy ×2 · data "), "\(screen)")
            let blue = try #require(Self.meshRow("blue", on: screen))
            #expect(blue.http5xx == 0)
            #expect(screen.range(of: #"≈ [0-9.]+ ms \[[0-9.]+–[0-9.]+\]"#, options: .regularExpression) != nil, "\(screen)")
            try session.keys("q")
            let final = try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") }
            #expect(final.contains("__EXIT=0__"))
        }
    }
}
