import CanaryTesting
import CanaryCore
import CanaryProbe
import NIOCore
import Synchronization
import Testing

/// The probe against local servers: exact counts, every fault class, the body cap.
@Suite(.sharedMachine) struct ProbeRunnerTests {
    /// What a script handed out, by kind.
    final class Ledger: Sendable {
        let counts = Mutex<[String: Int]>([:])
        func note(_ kind: String) { counts.withLock { $0[kind, default: 0] += 1 } }
        subscript(_ kind: String) -> Int { counts.withLock { $0[kind] ?? 0 } }
    }

    /// A request timeout of 30 s: on two cores loaded by the whole suite a loopback reply has
    /// taken over 5 s, and a timeout would be miscounted as the fault a test expects (tests of
    /// timeouts set their own).
    private func settings(_ url: String, _ configure: (inout ProbeSettings) -> Void = { _ in }) throws -> ProbeSettings {
        var s = ProbeSettings(target: try ProbeTarget(url: url), pace: .open(rate: 200), concurrency: 4, timeout: 30, maxRequests: 3)
        configure(&s)
        return s
    }

    /// Blue and green traces, Envoy's 503 text, empty 503s and replies cut off mid-body: the
    /// tallies hold exactly what the server did.
    @Test(arguments: [ProbePlan.Pace.closed, .open(rate: 400)])
    func countsEqualWhatTheServerServed(pace: ProbePlan.Pace) async throws {
        let ledger = Ledger()
        let server = try await ScriptedServer.start { index in
            switch index % 10 {
            case 0, 1, 2, 3: ledger.note("blue"); return .reply(status: 200, body: Traces.blue)
            case 4, 5, 6: ledger.note("green"); return .reply(status: 200, body: Traces.green)
            case 7: ledger.note("envoy"); return .reply(status: 503, body: Traces.envoy503)
            case 8: ledger.note("empty"); return .reply(status: 503, body: "")
            default: ledger.note("cut"); return .cutMidBody
            }
        }
        defer { Task { await server.shutdown() } }
        let n = 237
        let outcome = try await Probing.run(try settings(server.url) { $0.pace = pace; $0.maxRequests = n })
        let run = outcome.run
        #expect(server.requests == n)
        #expect(outcome.counts.sent == n)
        #expect(run.subset("blue")?.requests == ledger["blue"])
        #expect(run.subset("green")?.requests == ledger["green"])
        #expect(run.subset("blue")?.http5xx == 0)
        #expect(run.unattributed.requests == ledger["envoy"] + ledger["empty"])
        #expect(run.unattributed.http5xx == ledger["envoy"] + ledger["empty"])
        #expect(run.unattributed.classes["not-a-trace/not-json"] == ledger["envoy"])
        #expect(run.unattributed.classes["not-a-trace/empty"] == ledger["empty"])
        #expect(run.probeFaults.count == ledger["cut"])
        #expect(outcome.faults(.reset) == ledger["cut"])
        #expect(run.replies + run.probeFaults.count == n)
    }

    @Test func refusedConnectionsAreProbeFaults() async throws {
        let server = try await ScriptedServer.start { _ in .reply(status: 200, body: Traces.blue) }
        let url = server.url
        await server.shutdown()
        let outcome = try await Probing.run(try settings(url))
        #expect(outcome.faults(.refused) == 3)
        #expect(outcome.run.replies == 0)
        #expect(outcome.run.subset("blue")?.requests == 0)
    }

    @Test func closingWithoutAReplyIsAReset() async throws {
        let server = try await ScriptedServer.start { index in index % 2 == 0 ? .close : .cutMidBody }
        defer { Task { await server.shutdown() } }
        let outcome = try await Probing.run(try settings(server.url) { $0.maxRequests = 4 })
        #expect(outcome.faults(.reset) == 4)
        #expect(server.requests == 4)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try await ScriptedServer.start { _ in .silent }
        defer { Task { await server.shutdown() } }
        let outcome = try await Probing.run(try settings(server.url) { $0.timeout = 0.2 })
        #expect(outcome.faults(.timeout) == 3)
        // A timeout is counted as the deadline itself (plus any wait before the send).
        let latency = try #require(outcome.run.probeFaults.latency)
        #expect(latency.max >= 0.2 && latency.max < 1)
    }

    @Test func aBodyOverTheCapIsAFaultAndOneAtTheCapIsNot() async throws {
        let server = try await ScriptedServer.start { _ in .reply(status: 200, body: Traces.blue) }
        defer { Task { await server.shutdown() } }
        let size = Traces.blue.utf8.count
        let over = try await Probing.run(try settings(server.url) { $0.maxBody = size - 1 })
        #expect(over.faults(.oversized) == 3)
        #expect(over.run.replies == 0)
        let at = try await Probing.run(try settings(server.url) { $0.maxBody = size })
        #expect(at.run.subset("blue")?.requests == 3)
        #expect(at.run.probeFaults.count == 0)
    }

    @Test func unknownHostsAreDNSFaults() async throws {
        let outcome = try await Probing.run(try settings("http://no-such-host.invalid:9090/"))
        #expect(outcome.faults(.dns) == 3)
    }

    @Test func tlsToAPlainHTTPPortIsATLSFault() async throws {
        let server = try await ScriptedServer.start { _ in .reply(status: 200, body: Traces.blue) }
        defer { Task { await server.shutdown() } }
        let outcome = try await Probing.run(try settings("https://127.0.0.1:\(server.port)/"))
        #expect(outcome.faults(.tls) == 3)
        #expect(outcome.run.replies == 0)
    }
}
