import CanaryCore
import CanaryProbe
import CanaryTesting
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// Latency counts from the intended send time, so a server's stall shows in every request
/// scheduled during it (no coordinated omission), and sends beyond the cap are reported.
@Suite(.sharedMachine) struct OpenLoopTimingTests {
    /// A server that answers at once, except that the request numbered `stallAt` starts a
    /// one-second stall: it and every request arriving during it are answered when it ends.
    /// With `markStalled`, stalled replies come from blue and the others from green, so the
    /// tallies tell the two apart whenever the requests arrive.
    private func stallingServer(
        stallAt: Int, markStalled: Bool = false, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ScriptedServer {
        let stallEnd = Mutex<NIODeadline?>(nil)
        return try await ScriptedServer.start(group: group) { index, _ in
            let now = NIODeadline.now()
            let end = stallEnd.withLock { end -> NIODeadline? in
                if index == stallAt { end = now + .seconds(1) }
                return end
            }
            if let end, now < end { return .replyAt(end, status: 200, body: Traces.blue) }
            return .reply(status: 200, body: markStalled ? Traces.green : Traces.blue)
        }
    }

    /// Recorded latencies at or above `seconds`.
    private func count(_ histogram: LatencyHistogram, atLeast seconds: Double) -> Int {
        histogram.buckets().filter { $0.lowerBound >= seconds }.reduce(0) { $0 + $1.count }
    }

    @Test func requestsScheduledDuringAStallShowTheRestOfTheStall() async throws {
        // The server and the probe on event loops of their own: the shared ones carry the rest
        // of the suite's servers and probes, which delayed every reply here by 6 s once.
        let outcome = try await withOwnEventLoops(threads: 2) { group in
            let server = try await stallingServer(stallAt: 10, markStalled: true, group: group)
            return try await withServer(server) { server in
                let settings = ProbeSettings(
                    target: try ProbeTarget(url: server.url), pace: .open(rate: 20), concurrency: 64, maxRequests: 50)
                return try await Probing.run(settings, group: group)
            }
        }
        let stalled = try #require(outcome.run.subset("blue"))
        let prompt = try #require(outcome.run.subset("green"))
        #expect(stalled.requests + prompt.requests == 50)
        #expect(outcome.counts.late == 0 && outcome.counts.skipped == 0)
        // The first request the stall held was intended before it began, so it waited the whole
        // stall (1 s); those intended during it waited the rest of it. How many arrive during the
        // stall depends on how loaded the cores are, so the checks compare the two kinds of
        // reply: a load delays both alike, the stall only the ones it held.
        let max = try #require(stalled.latency?.max)
        #expect(max >= 0.95 && max < 5)
        #expect(stalled.requests >= 3, "too few requests arrived during the stall to judge: \(stalled.requests)")
        let promptMedian = try #require(prompt.latency?.p50)
        let stalledMedian = try #require(stalled.latency?.p50)
        #expect(stalledMedian > promptMedian + 0.1, "the stall does not show in the requests it held: \(stalled.histogram.buckets())")
        // …and is not charged to the requests it did not hold.
        #expect(promptMedian + 0.5 < max, "the stall shows in requests it did not hold: \(prompt.histogram.buckets())")
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
