import CanaryTesting
import Foundation
import Testing

/// The real dashboard (tmux) on an entry consul-k8s manages, through `--apply api`: the header
/// says whose it is, every write key — rollback too — is refused on the event line naming the
/// `--apply kubectl` first (the event line is clipped at the screen's width), and the entry in
/// Consul stays as it was.
@Suite(.sharedMachine) struct KubernetesDashboardTests {
    @Test func writeKeysOnAConsulK8sEntryAreRefusedOnTheEventLineAndConsulIsUnchanged() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--latency-scale", "0",
             "--green-bug", "none", "--consul-k8s", "dc1"])
        var failure: (any Error)?
        do {
            let web = try #require(demo.value("web"))
            let consul = try #require(demo.value("consul"))
            let before = try await OwnThread.run { try Self.entry(consul) }
            #expect(before.contains(#"source-datacenter":"dc1""#), "\(before)")
            let command = "CONSUL_HTTP_ADDR=\(consul) \(Canarytop.binary.path) watch \(web)/ --rate 20 --consul-entry payments"
                + " --apply api --journal \(dir.file("journal")) " + KubernetesWatchTests.rules.joined(separator: " ")
                + "; echo __EXIT=$?__"
            // Expectations stay outside the thread (it has no test to record them on): it returns what it saw.
            struct Seen: Sendable { var refusals: [String]; var stagedBeforeEscape: Bool; var final: String }
            let seen = try await OwnThread.run { () throws -> Seen in
                let session = try TmuxSession(command: command, width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
                try session.waitFor("the owner in the header", timeout: 60) { $0.contains("managed by consul-k8s (dc1)") }
                var refusals: [String] = []
                // r writes at once; + stages 5 points toward the selected canary and Enter writes them.
                for (keys, action) in [(["r"], "roll back"), (["Down", "+", "Enter"], "set blue=45 green=55")] {
                    for key in keys { try session.keys(key) }
                    let screen = try session.waitFor("\(action) refused on the event line", timeout: 30) {
                        $0.contains("refusing to \(action) (use --apply kubectl)")
                    }
                    refusals.append(screen.split(separator: "\n").first { $0.contains("refusing to \(action) ") }.map(String.init) ?? "")
                }
                // The refused change stays staged (Enter could try it again): Esc discards it, q quits.
                let staged = try session.screen().contains("50→45")
                try session.keys("Escape")
                try session.waitFor("the staged change discarded") { !$0.contains("50→45") }
                try session.keys("q")
                return Seen(refusals: refusals, stagedBeforeEscape: staged,
                            final: try session.waitFor("exit status", timeout: 30) { $0.contains("__EXIT=") })
            }
            // On a 120-column screen the event line still says what to do.
            #expect(seen.refusals.count == 2)
            for line in seen.refusals { #expect(line.contains("(use --apply kubectl): service-splitter \"payments\" is managed by"), "\(line)") }
            #expect(seen.stagedBeforeEscape)
            #expect(seen.final.contains("__EXIT=0__"))
            // Consul's entry, read over HTTP, is byte for byte as it was: nothing was written.
            #expect(try await OwnThread.run { try Self.entry(consul) } == before)
            let journal = try dir.read("journal")
            #expect(journal.split(separator: "\n").count == 2, "\(journal)")
            #expect(journal.split(separator: "\n").allSatisfy { $0.contains(#""result":"not written: "#) }, "\(journal)")
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    /// The dashboard's guard writes with nobody at the keys to read a refusal: with `--guard` on an
    /// entry consul-k8s owns, the dashboard does not open — one line, exit 1, nothing written —
    /// as the headless watch does not start.
    @Test func theDashboardWithAGuardOnAConsulK8sEntryDoesNotOpen() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try await DemoProcess.start(
            ["demo", "--serve-only", "--dir", dir.path, "--port", "0", "--consul-port", "0", "--latency-scale", "0",
             "--consul-k8s", "dc1"])
        var failure: (any Error)?
        do {
            let web = try #require(demo.value("web"))
            let consul = try #require(demo.value("consul"))
            let before = try await OwnThread.run { try Self.entry(consul) }
            let command = "CONSUL_HTTP_ADDR=\(consul) \(Canarytop.binary.path) watch \(web)/ --rate 20 --consul-entry payments"
                + " --apply api --guard --slo 1s --journal \(dir.file("journal")) " + KubernetesWatchTests.rules.joined(separator: " ")
                + " 2>\(dir.file("stderr")); echo __EXIT=$?__"
            let final = try await OwnThread.run { () throws -> String in
                let session = try TmuxSession(command: command, width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
                return try session.waitFor("exit status", timeout: 60) { $0.contains("__EXIT=") }
            }
            #expect(final.contains("__EXIT=1__"), "\(final)")
            let stderr = try dir.read("stderr")
            #expect(stderr.hasPrefix(#"Error: refusing to roll back (use --apply kubectl): service-splitter "payments" is managed by consul-k8s (dc1)"#),
                    "\(stderr)")
            #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
            #expect(try await OwnThread.run { try Self.entry(consul) } == before)
        } catch {
            failure = error
        }
        _ = await demo.stop()
        if let failure { throw failure }
    }

    /// The stand-in's service-splitter entry as its HTTP API returns it.
    static func entry(_ consul: String) throws -> String {
        let data = try Data(contentsOf: URL(string: "http://\(consul)/v1/config/service-splitter/payments")!)
        return String(decoding: data, as: UTF8.self)
    }
}
