import CanaryCore
import CanaryProbe
import Testing

/// Epochs close into the run's totals: the whole run is every epoch added together.
@Suite struct TallyCollectorTests {
    private func reply(_ subset: String?, status: Int = 200, latency: Double, at t: Double = 0) -> TallyCollector.Record {
        .reply(Observation(subset: subset, status: status, body: .trace, latency: latency), at: t)
    }

    @Test func theRunAddsUpEveryEpochAndTheLiveTableHoldsTheCurrentOne() {
        let collector = TallyCollector(subsets: ["blue", "green"])
        collector.record([reply("blue", latency: 0.010), reply("blue", latency: 0.020), reply("green", status: 503, latency: 0.5)])
        collector.record([.fault(.refused, latency: 0.001, at: 1)])
        collector.startEpoch(at: 2)
        collector.record([reply("green", latency: 0.030, at: 3), reply(nil, status: 503, latency: 0.040, at: 3)])
        let totals = collector.totals(at: 4)

        #expect(totals.live.epoch == 2 && totals.live.epochStart == 2)
        #expect(totals.live.sinceEpoch.subset("blue")?.requests == 0)
        #expect(totals.live.sinceEpoch.subset("green")?.requests == 1)

        let run = totals.run
        #expect(run.seconds == 4)
        #expect(run.subsets.map(\.name) == ["blue", "green"])
        #expect(run.subset("blue")?.requests == 2)
        #expect(run.subset("green")?.requests == 2)
        #expect(run.subset("green")?.http5xx == 1)
        #expect(run.subset("green")?.latency?.max == 0.5)
        #expect(run.subset("green")?.share?.trials == 4)
        #expect(run.unattributed.requests == 1)
        #expect(run.unattributed.share == nil)
        #expect(run.probeFaults.count == 1 && run.probeFaults.byFault["refused"] == 1)
        #expect(run.replies == 5 && run.attributedRequests == 4)
        #expect(run.subset("blue")?.requestsPerSecond == 0.5)
    }

    @Test func withoutAnEpochChangeTheRunIsTheEpoch() {
        let collector = TallyCollector(subsets: ["blue"])
        collector.record([reply("blue", latency: 0.01)])
        let totals = collector.totals(at: 1)
        #expect(totals.run == totals.live.sinceEpoch)
    }

    @Test func repliesInFlightAcrossAnEpochChangeCountInTheRunNotTheNewEpoch() {
        let collector = TallyCollector(subsets: ["blue", "green"])
        collector.record([.reply(Observation(subset: "blue", status: 200, body: .trace, latency: 0.01), at: 1)])
        collector.startEpoch(at: 2)
        // Sent at 1.5 (before the change), answered at 6.5.
        collector.record([.reply(Observation(subset: "green", status: 500, body: .trace, latency: 5), at: 6.5)])
        collector.record([.fault(.timeout, latency: 5, at: 6.6)])
        let totals = collector.totals(at: 7)
        #expect(totals.live.sinceEpoch.subset("green")?.requests == 0)
        #expect(totals.live.sinceEpoch.probeFaults.count == 0)
        #expect(totals.run.subset("green")?.requests == 1)
        #expect(totals.run.probeFaults.count == 1)
        #expect(totals.run.replies == 2)
        #expect(totals.run.seconds == 7)
    }

    /// A lane's batch can reach the collector after an epoch change although its replies
    /// completed before it: they count in the run (their epoch is closed), never nowhere.
    @Test func aReplyCompletedBeforeTheChangeButCountedAfterItIsInTheRun() {
        let collector = TallyCollector(subsets: ["blue", "green"], startingAt: 0)
        collector.record([reply("blue", latency: 0.01, at: 1)])
        collector.startEpoch(at: 2)
        // Completed at 1.9 (sent at 1.8), handed over after the change.
        collector.record([reply("green", status: 503, latency: 0.1, at: 1.9), .fault(.reset, latency: 0.2, at: 1.95)])
        collector.startEpoch(at: 3)
        collector.record([reply("blue", latency: 0.1, at: 2.95)])
        let totals = collector.totals(at: 4)
        #expect(totals.live.sinceEpoch.replies == 0)
        #expect(totals.run.subset("blue")?.requests == 2)
        #expect(totals.run.subset("green")?.requests == 1 && totals.run.subset("green")?.http5xx == 1)
        #expect(totals.run.probeFaults.count == 1)
        #expect(totals.run.replies == 3)
        #expect(totals.run.seconds == 4)
    }
}
