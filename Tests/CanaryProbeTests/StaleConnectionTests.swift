import CanaryCore
import NIOCore
import NIOPosix
import CanaryTesting
@testable import CanaryProbe
import Testing

/// A kept-alive connection the server closes under a request is not a fault by itself: the GET
/// is sent once more on a fresh connection, and only a failure of that counts. Server and probe
/// run on event loops of their own, so the timing-sensitive cases hold while other suites load
/// the shared loops.
@Suite(.sharedMachine) struct StaleConnectionTests {
    /// Starts a server on a group of its own and runs a closed-loop probe, one at a time, against it.
    private func probe(
        requests: Int, timeout: Double = 30, _ script: @escaping ScriptedServer.ConnectionScript
    ) async throws -> (Probing.Outcome, ScriptedServer) {
        // The server closes before its group shuts down (see withOwnEventLoops).
        try await withOwnEventLoops(threads: 1) { group in
            let server = try await ScriptedServer.start(group: group, script: script)
            return try await withServer(server) { server in
                let settings = ProbeSettings(
                    target: try ProbeTarget(url: server.url), pace: .closed, concurrency: 1, timeout: timeout,
                    maxRequests: requests)
                return (try await Probing.run(settings, group: group), server)
            }
        }
    }

    /// A machine that has carried one reply and sent the next request.
    private func reused() -> ExchangeStateMachine {
        var m = ExchangeStateMachine(maxBody: 100)
        m.sent()
        _ = m.head(status: 200, keepAlive: true)
        _ = m.end()
        m.sent()
        return m
    }

    @Test func aReusedConnectionClosedBeforeAnyByteIsRetried() {
        var closed = reused()
        #expect(closed.closed() == .retry)
        #expect(closed.state == .closed)
        #expect(closed.closed() == .none)
        var reset = reused()
        #expect(reset.error(.reset) == .retry)
        #expect(reset.closed() == .none)
    }

    @Test func aFreshConnectionClosedBeforeAnyByteIsAReset() {
        var m = ExchangeStateMachine(maxBody: 100)
        m.sent()
        #expect(m.closed() == .fault(.reset))
    }

    @Test func aCloseAfterPartOfTheReplyIsAResetEvenOnAReusedConnection() {
        var partHead = reused()
        partHead.received()   // "HTTP/1.1 2" and then the close
        #expect(partHead.closed() == .fault(.reset))
        var midBody = reused()
        midBody.received()
        _ = midBody.head(status: 200, keepAlive: true)
        #expect(midBody.closed() == .fault(.reset))
    }

    @Test func otherErrorsOnAReusedConnectionAreFaults() {
        var tls = reused()
        #expect(tls.error(.tls) == .fault(.tls))
        var timeout = reused()
        #expect(timeout.timedOut() == .fault(.timeout))
        #expect(timeout.closed() == .none)
    }

    /// The race made certain: every connection answers its first request and is closed by the
    /// server when the second arrives, as nginx does when its keep-alive timeout fires.
    @Test func theServerClosingAnIdleConnectionCostsNoFault() async throws {
        let n = 20
        let (outcome, server) = try await probe(requests: n) { _, onConnection in
            onConnection == 0 ? .reply(status: 200, body: Traces.blue) : .close
        }
        #expect(outcome.run.subset("blue")?.requests == n)
        #expect(outcome.run.probeFaults.count == 0)
        // Every request after the first went out on the kept-alive connection and was retried.
        #expect(outcome.counts.retried == n - 1)
        #expect(outcome.counts.sent == n)
        #expect(server.counts["reply 200"] == n)
        #expect(server.counts["close"] == n - 1)
    }

    /// Only the retry's failure counts, once: request 1 is closed on its reused connection and
    /// again on the fresh one (one reset, one retry); later requests go out on fresh connections.
    @Test func aRetryThatFailsTooIsCountedOnce() async throws {
        let n = 5
        let (outcome, server) = try await probe(requests: n) { index, _ in
            index == 0 ? .reply(status: 200, body: Traces.blue) : .close
        }
        #expect(outcome.run.subset("blue")?.requests == 1)
        #expect(outcome.faults(.reset) == n - 1)
        #expect(outcome.counts.retried == 1)
        #expect(outcome.counts.replies + outcome.counts.faults == n)
        #expect(server.requests == n + 1)
    }

    /// The server holds the second request two seconds before closing its connection, and never
    /// answers the retry: the retry keeps the first attempt's deadline, so the request times
    /// out once, one timeout (4 s) after it was sent (with a new deadline it would be 6 s).
    /// Generous times: the first request must be answered within its timeout on a loaded machine.
    @Test func aRetryKeepsTheRequestsDeadline() async throws {
        let (outcome, server) = try await probe(requests: 2, timeout: 4) { index, _ in
            switch index {
            case 0: return .reply(status: 200, body: Traces.blue)
            case 1: return .closeAt(.now() + .seconds(2))
            default: return .silent
            }
        }
        #expect(outcome.counts.retried == 1)
        #expect(outcome.faults(.timeout) == 1)
        #expect(server.requests == 3)
        // A timeout is recorded as deadline minus intended time: exactly the timeout.
        let latency = try #require(outcome.run.probeFaults.latency)
        #expect(latency.max >= 3.99 && latency.max < 5, "\(latency.max)")
    }
}
