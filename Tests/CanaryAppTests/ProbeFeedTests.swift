import CanaryTesting
import CanaryCore
import CanaryProbe
import Foundation
import Testing
@testable import CanaryApp

/// ``ProbeFeed``: the one feed from the probe, for the dashboard and the headless loop.
@Suite(.sharedMachine) struct ProbeFeedTests {
    /// A feed probing `url`: by default a port nothing listens on, where every request is refused at once.
    private func feed(
        url: String = "http://127.0.0.1:1/", rate: Double = 200, timeout: Double = 2, requests: Int? = nil,
        clock: ProbeClock = ProbeClock()
    ) throws -> ProbeFeed {
        let settings = ProbeSettings(
            target: try ProbeTarget(url: url), pace: .open(rate: rate), concurrency: 4, timeout: timeout, maxRequests: requests)
        return try ProbeFeed(
            settings: settings, attribution: AttributorBox(Attributor(rules: [])), collector: TallyCollector(subsets: ["blue"]),
            clock: clock)
    }

    @Test func snapshotsAndEpochsAreTakenAtTheTimeAskedFor() throws {
        let feed = try feed()
        let (snapshot, inFlight, sent) = feed.snapshot(at: 42)
        #expect(snapshot.time == 42 && inFlight == 0 && sent.isEmpty)
        feed.startEpoch(at: 7.5)
        #expect(feed.snapshot(at: 8).0.epochStart == 7.5)
        #expect(feed.snapshot(at: 8).0.epoch == 2)
    }

    @Test func aPausedFeedIsNotFinished() async throws {
        let feed = try feed()
        feed.setPaused(true)
        #expect(await feed.refresh())
        #expect(feed.snapshot(at: 1).inFlight == 0)
        #expect(try await feed.stop(waiting: true) == ProbeRunner.Counts())
    }

    @Test func aRunThatEndsSaysSoAndItsCountsAreKept() async throws {
        let feed = try feed(requests: 3)
        feed.start()
        // A hang catcher, not a bound: in the full suite the run's task may wait minutes for a pool
        // thread (three refused requests once went past 30 s, then 90 s).
        let deadline = Date().addingTimeInterval(300)
        while await feed.refresh(), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await !feed.refresh())
        let counts = try await feed.stop(waiting: true)
        #expect(counts.sent == 3 && counts.faults == 3 && counts.inFlight == 0)
        #expect(feed.collector.totals(at: 1).run.probeFaults.count == 3)
    }

    /// The requests in flight come from the lanes' published view (no visit to their loops):
    /// three sends to a server that never answers are seen in flight, each with its intended
    /// send time, and stopping leaves nothing in flight.
    @Test func requestsInFlightArePublishedByTheLanes() async throws {
        let server = try await HostileServer.start { _, _ in .stall }
        let clock = ProbeClock()
        let feed = try feed(url: server.url, rate: 50, timeout: 60, requests: 3, clock: clock)
        feed.start()
        let deadline = Date().addingTimeInterval(120)
        var seen = feed.snapshot(at: clock.now())
        while seen.inFlight < 3, Date() < deadline {
            #expect(await feed.refresh())
            seen = feed.snapshot(at: clock.now())
            if seen.inFlight < 3 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(seen.inFlight == 3)
        #expect(seen.sentTimes.count == 3)
        let now = clock.now()
        #expect(seen.sentTimes.allSatisfy { $0 >= 0 && $0 <= now })
        #expect(seen.sentTimes == seen.sentTimes.sorted())
        _ = try await feed.stop(waiting: false)
        await server.shutdown()
    }

    /// A reply that comes while another request hangs, with no send after it, still reaches the
    /// tallies (the lanes hand replies over by themselves within 100 ms; nothing visits them). At
    /// 2 req/s the second send's tick hands over (empty) just before its reply comes, so only the
    /// lane's own timed hand-over can bring that reply in.
    @Test func aReplyBesideAHangingRequestIsHandedOver() async throws {
        let server = try await HostileServer.start { index, _ in index == 0 ? .stall : HostileServer.text(200, "{}") }
        let clock = ProbeClock()
        let feed = try feed(url: server.url, rate: 2, timeout: 600, requests: 2, clock: clock)
        feed.start()
        // A hang catcher: without the lane's own hand-over the reply waits for the 600 s timeout.
        let deadline = Date().addingTimeInterval(60)
        var seen = feed.snapshot(at: clock.now())
        while seen.0.sinceEpoch.replies < 1, Date() < deadline {
            _ = await feed.refresh()
            seen = feed.snapshot(at: clock.now())
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(seen.0.sinceEpoch.replies == 1)
        #expect(seen.inFlight == 1)
        _ = try await feed.stop(waiting: false)
        await server.shutdown()
    }
}
