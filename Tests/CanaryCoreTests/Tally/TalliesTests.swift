import Foundation
import Testing
@testable import CanaryCore

@Suite struct TalliesTests {
    @Test func knownSubsetsAppearWithZeroCounts() {
        let tallies = Tallies(subsets: ["blue", "green", "blue"], startingAt: 100)
        let snap = tallies.snapshot(at: 100)
        #expect(snap.epoch == 1 && snap.epochStart == 100 && snap.windowLength == 10)
        for view in [snap.sinceEpoch, snap.window] {
            #expect(view.subsets.map(\.name) == ["blue", "green"])
            #expect(view.seconds == 0)
            #expect(view.replies == 0 && view.attributedRequests == 0)
            #expect(view.otherSubsets == nil)
            for row in view.subsets {
                #expect(row.requests == 0 && row.latency == nil && row.requestsPerSecond == nil)
                #expect(row.share == ShareInterval(successes: 0, of: 0))
            }
            #expect(view.unattributed.share == nil)
            #expect(view.probeFaults.count == 0 && view.probeFaults.perSecond == nil)
        }
    }

    @Test func exactCountsPerRow() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        tallies.record(Sample.ok("blue"), at: 0.1)
        tallies.record(Sample.ok("blue"), at: 0.2)
        tallies.record(Sample.ok("blue"), at: 0.3)
        tallies.record(Sample.timeout("green"), at: 0.4)
        tallies.record(Sample.timeout("green"), at: 0.5)
        tallies.record(Sample.ok("green"), at: 0.6)
        tallies.record(Sample.envoy503(), at: 0.7)
        tallies.recordProbeFault(.refused, latency: 0.001, at: 0.8)
        tallies.recordProbeFault(.refused, latency: 0.002, at: 0.9)
        tallies.recordProbeFault(.timeout, latency: 5, at: 1.0)

        let snap = tallies.snapshot(at: 2)
        for view in [snap.sinceEpoch, snap.window] {
            #expect(view.seconds == 2)
            #expect(view.attributedRequests == 6 && view.replies == 7)
            let blue = view.subset("blue")!
            #expect(blue.requests == 3 && blue.failed == 0 && blue.http5xx == 0 && blue.classes.isEmpty)
            #expect(blue.requestsPerSecond == 1.5)
            #expect(blue.share == ShareInterval(successes: 3, of: 6))
            let green = view.subset("green")!
            #expect(green.requests == 3 && green.failed == 2 && green.http5xx == 2 && green.http4xx == 0)
            #expect(green.classes == ["http-5xx": 2, "upstream-no-reply": 2])
            #expect(green.recentErrors.count == 1 && green.recentErrors[0].count == 2)
            #expect(green.firstSeen == 0.4 && green.lastSeen == 0.6)
            #expect(view.unattributed.requests == 1)
            #expect(view.unattributed.classes == ["http-5xx": 1, "not-a-trace/not-json": 1])
            #expect(view.probeFaults.count == 3)
            #expect(view.probeFaults.byFault == ["refused": 2, "timeout": 1])
            #expect(view.probeFaults.perSecond == 1.5)
            #expect(view.probeFaults.latency?.max == 5)
        }
    }

    @Test func unattributedAndProbeFaultsStayOutOfTheShares() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        for i in 0..<40 { tallies.record(Sample.ok(i % 4 == 0 ? "green" : "blue"), at: Double(i) / 10) }
        for i in 0..<1000 { tallies.record(Sample.envoy503(), at: Double(i) / 1000) }
        for i in 0..<1000 { tallies.recordProbeFault(.reset, latency: 0.01, at: Double(i) / 1000) }
        let view = tallies.snapshot(at: 4).sinceEpoch
        #expect(view.attributedRequests == 40)
        #expect(view.subset("green")?.share == ShareInterval(successes: 10, of: 40))
        #expect(view.subset("blue")?.share == ShareInterval(successes: 30, of: 40))
        #expect(view.subset("green")?.share?.drifts(fromWeightPercent: 25) == false)
        #expect(view.unattributed.requests == 1000 && view.probeFaults.count == 1000)
        #expect(view.subsets.allSatisfy { $0.http5xx == 0 && $0.classes.isEmpty })
    }

    @Test func newNamesGetRowsInOrderUntilTheLimit() {
        var tallies = Tallies(subsets: ["blue"], maxSubsetRows: 3, startingAt: 0)
        for name in ["api-v2", "blue", "api-v1", "api-v3", "api-v4", "api-v2", "api-v3"] {
            tallies.record(Sample.ok(name), at: 1)
        }
        #expect(tallies.subsetNames == ["blue", "api-v2", "api-v1"])
        let view = tallies.snapshot(at: 2).sinceEpoch
        #expect(view.subsets.map(\.requests) == [1, 2, 1])
        #expect(view.otherSubsets?.requests == 3)
        #expect(view.otherSubsets?.share == ShareInterval(successes: 3, of: 7))
        #expect(view.attributedRequests == 7)
    }

    @Test func knownSubsetsAlwaysGetRows() {
        let tallies = Tallies(subsets: ["a", "b", "c"], maxSubsetRows: 1, startingAt: 0)
        #expect(tallies.maxSubsetRows == 3)
        #expect(tallies.snapshot(at: 0).window.subsets.count == 3)
    }

    @Test func epochResetsWhileTheWindowRunsOn() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        for s in 0..<5 { tallies.record(Sample.ok("blue"), at: Double(s)) }
        tallies.recordProbeFault(.dns, latency: 0.1, at: 4.5)

        tallies.startEpoch(at: 5.5)
        #expect(tallies.epoch == 2 && tallies.epochStart == 5.5)
        tallies.record(Sample.timeout("green"), at: 6)

        let snap = tallies.snapshot(at: 7.5)
        #expect(snap.epoch == 2 && snap.epochStart == 5.5)
        #expect(snap.sinceEpoch.seconds == 2)
        #expect(snap.sinceEpoch.subsets.map(\.requests) == [0, 1])
        #expect(snap.sinceEpoch.probeFaults.count == 0)
        #expect(snap.sinceEpoch.subset("green")?.requestsPerSecond == 0.5)
        #expect(snap.window.seconds == 7.5)
        #expect(snap.window.subsets.map(\.requests) == [5, 1])
        #expect(snap.window.probeFaults.count == 1)
        #expect(tallies.subsetNames == ["blue", "green"])

        tallies.startEpoch(at: 8)
        #expect(tallies.epoch == 3)
        #expect(tallies.snapshot(at: 8).sinceEpoch.replies == 0)
    }

    @Test func windowExpiresAtExactBucketBoundaries() {
        var tallies = Tallies(subsets: ["blue"], window: 10, bucketWidth: 1, startingAt: 0)
        tallies.record(Sample.ok("blue"), at: 0)  // bucket [0, 1)
        tallies.record(Sample.ok("blue"), at: 0.999)  // bucket [0, 1)
        tallies.record(Sample.ok("blue"), at: 1)  // bucket [1, 2)
        #expect(tallies.snapshot(at: 9.999).window.replies == 3)
        #expect(tallies.snapshot(at: 10).window.replies == 1)
        #expect(tallies.snapshot(at: 10.999).window.replies == 1)
        #expect(tallies.snapshot(at: 11).window.replies == 0)
        #expect(tallies.snapshot(at: 11).sinceEpoch.replies == 3)
    }

    @Test func requestRateDuringStartUpAndOnceWarm() {
        var tallies = Tallies(subsets: ["blue"], startingAt: 50)
        // 10 replies per second from t = 50, at 50.0, 50.1, … 69.9.
        for i in 0..<200 { tallies.record(Sample.ok("blue"), at: 50 + Double(i) / 10) }
        // Start-up: 2 s covered, 20 replies, not 20 / 10 s.
        var early = Tallies(subsets: ["blue"], startingAt: 50)
        for i in 0..<20 { early.record(Sample.ok("blue"), at: 50 + Double(i) / 10) }
        #expect(early.snapshot(at: 52).window.seconds == 2)
        #expect(early.snapshot(at: 52).window.subset("blue")?.requestsPerSecond == 10)
        // Warm, exactly on a boundary: buckets 61…69 live, 9 s, 90 replies.
        let warm = tallies.snapshot(at: 70).window
        #expect(warm.seconds == 9 && warm.replies == 90)
        #expect(warm.subset("blue")?.requestsPerSecond == 10)
        #expect(tallies.snapshot(at: 70).sinceEpoch.subset("blue")?.requestsPerSecond == 10)
    }

    @Test func idleGapLongerThanTheWindowClearsIt() {
        var tallies = Tallies(subsets: ["blue"], startingAt: 0)
        for i in 0..<100 { tallies.record(Sample.timeout("blue"), at: Double(i) / 10) }
        let idle = tallies.snapshot(at: 500)
        #expect(idle.window.replies == 0)
        #expect(idle.window.seconds == 9)
        #expect(idle.window.subset("blue")?.requestsPerSecond == 0)
        #expect(idle.window.subset("blue")?.latency == nil)
        #expect(idle.window.subset("blue")?.recentErrors == [])
        #expect(idle.sinceEpoch.replies == 100)

        tallies.record(Sample.ok("blue"), at: 500.5)
        let after = tallies.snapshot(at: 501)
        #expect(after.window.replies == 1 && after.window.subset("blue")?.failed == 0)
    }

    @Test func lateReplyOlderThanTheWindowCountsInTheEpochOnly() {
        var tallies = Tallies(subsets: ["blue"], startingAt: 0)
        tallies.record(Sample.ok("blue"), at: 30)
        tallies.record(Sample.ok("blue"), at: 5)
        let snap = tallies.snapshot(at: 30)
        #expect(snap.sinceEpoch.replies == 2)
        #expect(snap.window.replies == 1)
    }

    @Test func percentilesPerViewInSeconds() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        // blue: 1 … 100 ms in the first 5 s; green: 5.000 s timeouts after.
        for ms in 1...100 { tallies.record(Sample.ok("blue", latency: Double(ms) / 1000), at: Double(ms) / 20) }
        for i in 0..<10 { tallies.record(Sample.timeout("green", latency: 5.0), at: 20 + Double(i)) }
        let snap = tallies.snapshot(at: 29.5)
        let blue = snap.sinceEpoch.subset("blue")!.latency!
        #expect(blue.p50 >= 0.050 && blue.p50 <= 0.050 * 1.001)
        #expect(blue.p90 >= 0.090 && blue.p90 <= 0.090 * 1.001)
        #expect(blue.p99 >= 0.099 && blue.p99 <= 0.099 * 1.001)
        #expect(blue.max == 0.1)
        #expect(snap.window.subset("blue")?.latency == nil)
        #expect(snap.window.subset("green")?.latency?.max == 5)
        #expect(snap.window.subset("green")?.histogram.count == 10)
    }

    /// What the JSON summary reads of a snapshot (its own encoding is in `WatchReport`).
    @Test func snapshotCarriesClassesFaultsAndRates() throws {
        var tallies = Tallies(subsets: ["blue"], startingAt: 0)
        tallies.record(Sample.timeout("blue"), at: 1)
        tallies.recordProbeFault(.tls, latency: 0.2, at: 1)
        let run = tallies.snapshot(at: 2).sinceEpoch
        let blue = try #require(run.subset("blue"))
        #expect(blue.classes["upstream-no-reply"] == 1)
        #expect(blue.requestsPerSecond == 0.5)
        #expect(run.probeFaults.byFault == ["tls": 1])
        #expect(run.probeFaults.histogram.count == 1)
    }

    @Test func repliesSentBeforeAnEpochDoNotCountInIt() {
        var t = Tallies(subsets: ["blue", "green"], startingAt: 0)
        t.startEpoch(at: 10)
        // Sent at 6 (latency 5), answered at 11: belongs to the old weights.
        t.record(Observation(subset: "green", status: 500, body: .trace, latency: 5), at: 11, sentAt: 6)
        t.recordProbeFault(.timeout, latency: 5, at: 11, sentAt: 6)
        t.record(Observation(subset: "blue", status: 200, body: .trace, latency: 0.02), at: 11, sentAt: 10.98)
        let s = t.snapshot(at: 11)
        #expect(s.sinceEpoch.subset("green")?.requests == 0)
        #expect(s.sinceEpoch.probeFaults.count == 0)
        #expect(s.sinceEpoch.subset("blue")?.requests == 1)
        // The rolling window shows everything that completed in it.
        #expect(s.window.subset("green")?.requests == 1)
        #expect(s.window.probeFaults.count == 1)
    }
}
