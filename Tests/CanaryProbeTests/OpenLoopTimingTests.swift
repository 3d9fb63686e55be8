import CanaryCore
import CanaryProbe
import NIOCore
import Synchronization
import Testing

/// Latency counts from the intended send time, so a server's stall shows in every request
/// scheduled during it (no coordinated omission), and sends beyond the cap are reported.
@Suite struct OpenLoopTimingTests {
    /// A server that answers at once, except that the request numbered `stallAt` starts a
    /// one-second stall: it and every request arriving during it are answered when it ends.
    private func stallingServer(stallAt: Int) async throws -> ScriptedServer {
        let stallEnd = Mutex<NIODeadline?>(nil)
        return try await ScriptedServer.start { index in
            let now = NIODeadline.now()
            let end = stallEnd.withLock { end -> NIODeadline? in
                if index == stallAt { end = now + .seconds(1) }
                return end
            }
            if let end, now < end { return .replyAt(end, status: 200, body: Traces.blue) }
            return .reply(status: 200, body: Traces.blue)
        }
    }

    /// Recorded latencies at or above `seconds`.
    private func count(_ histogram: LatencyHistogram, atLeast seconds: Double) -> Int {
        histogram.buckets().filter { $0.lowerBound >= seconds }.reduce(0) { $0 + $1.count }
    }

    @Test func requestsScheduledDuringAStallShowTheRestOfTheStall() async throws {
        let server = try await stallingServer(stallAt: 10)
        defer { Task { await server.shutdown() } }
        let settings = ProbeSettings(
            target: try ProbeTarget(url: server.url), pace: .open(rate: 20), concurrency: 64, maxRequests: 50)
        let outcome = try await Probing.run(settings)
        let blue = try #require(outcome.run.subset("blue"))
        #expect(blue.requests == 50)
        #expect(outcome.counts.late == 0 && outcome.counts.skipped == 0)
        // Requests intended 0, 0.05, … 0.95 s into the stall waited 1, 0.95, … 0.05 s: about
        // 11 at 0.5 s or more and 19 at 0.1 s or more. Only lower bounds are asserted: when other
        // tests load the cores, the probe's own delays are counted too, as they should be.
        let max = try #require(blue.latency?.max)
        #expect(max >= 0.95 && max < 5)
        #expect(count(blue.histogram, atLeast: 0.5) >= 9, "\(blue.histogram.buckets())")
        #expect(count(blue.histogram, atLeast: 0.1) >= 16, "\(blue.histogram.buckets())")
        #expect(count(blue.histogram, atLeast: 0.5) < 40, "the stall shows in every request")
    }

    @Test func sendsBeyondTheCapWaitLateOrAreSkipped() async throws {
        let server = try await stallingServer(stallAt: 4)
        defer { Task { await server.shutdown() } }
        let settings = ProbeSettings(
            target: try ProbeTarget(url: server.url), pace: .open(rate: 20), concurrency: 2, maxBacklog: 2,
            maxRequests: 20)
        let outcome = try await Probing.run(settings)
        // During the stall two requests hang, two due sends wait and the rest are skipped.
        #expect(outcome.counts.sent == 20)
        #expect(outcome.counts.late >= 2)
        #expect(outcome.counts.skipped >= 12)
        let blue = try #require(outcome.run.subset("blue"))
        #expect(blue.requests == 20)
        // The late sends count their wait: about a second from their intended time.
        #expect(count(blue.histogram, atLeast: 0.8) >= 3)
    }
}
