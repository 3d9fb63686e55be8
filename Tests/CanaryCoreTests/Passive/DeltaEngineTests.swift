import Testing
@testable import CanaryCore

/// Exact increases from cumulative counters: baselines, resets, restarts, gaps and epochs.
@Suite struct DeltaEngineTests {
    static let green5xx: PromLabels = ["consul_destination_service_subset": "green", "envoy_response_code_class": "5"]

    func counter(_ value: Double, _ labels: PromLabels = green5xx, name: String = "envoy_cluster_upstream_rq_xx") -> PromSample {
        PromSample(name: name, labels: labels, value: value)
    }

    func sum(_ increases: [SeriesKey: Double]) -> Double { increases.values.reduce(0, +) }

    /// The reference page's example: two pods, one restarted, step 15 s.
    @Test func referenceExampleCountsEight() {
        var engine = DeltaEngine()
        let a: [Double] = [17, 19, 0, 2], b: [Double] = [40, 41, 41, 44]
        for step in 0..<4 {
            let t = Double(step) * 15
            engine.ingest(source: "pod a", at: t, counters: [counter(a[step])])
            engine.ingest(source: "pod b", at: t, counters: [counter(b[step])])
        }
        #expect(sum(engine.epochIncreases) == 8)
        #expect(engine.resetsThisEpoch == 1)
        // Summing first (57, 60, 41, 46) and differencing that would take 41 as a reset and
        // count 3 + 41 + 5 = 49. The same with a restart that leaves pod a at 5 and 7:
        var engine2 = DeltaEngine()
        let c: [Double] = [17, 19, 5, 7], d: [Double] = [40, 41, 41, 44]
        for step in 0..<4 {
            engine2.ingest(source: "a", at: Double(step), counters: [counter(c[step])])
            engine2.ingest(source: "b", at: Double(step), counters: [counter(d[step])])
        }
        #expect(sum(engine2.epochIncreases) == 2 + 5 + 2 + 1 + 0 + 3)
    }

    @Test func firstReadIsABaseline() {
        var engine = DeltaEngine()
        let first = engine.ingest(source: "r1", at: 0, counters: [counter(48211)])
        #expect(first.increases.isEmpty)
        #expect(first.events == [.baseline(source: "r1", series: 1)])
        let second = engine.ingest(source: "r1", at: 5, counters: [counter(48220)])
        #expect(second.increases == [SeriesKey(source: "r1", name: "envoy_cluster_upstream_rq_xx", labels: Self.green5xx): 9])
        #expect(second.events.isEmpty)
    }

    @Test func aCounterThatGoesDownIsAReset() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(100)])
        let step = engine.ingest(source: "r", at: 1, counters: [counter(3)])
        #expect(sum(step.increases) == 3)
        #expect(step.events == [.countersReset(source: "r", series: 1)])
        #expect(engine.resetsThisEpoch == 1)
        engine.ingest(source: "r", at: 2, counters: [counter(10)])
        #expect(sum(engine.epochIncreases) == 10)
    }

    @Test func labelOrderIsOneSeries() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(1, PromLabels([("a", "1"), ("b", "2")]))])
        engine.ingest(source: "r", at: 1, counters: [counter(4, PromLabels([("b", "2"), ("a", "1")]))])
        #expect(engine.seriesCount == 1)
        #expect(sum(engine.epochIncreases) == 3)
    }

    @Test func newSeriesOfAKnownSourceCountFromZero() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(5)])
        // usedonly: green's 4xx appears once written: everything it holds is new.
        let step = engine.ingest(source: "r", at: 1, counters: [counter(5), counter(2, ["envoy_response_code_class": "4"])])
        #expect(sum(step.increases) == 2)
        #expect(step.events.isEmpty)
    }

    @Test func aSeriesThatVanishesAndComesBack() {
        var engine = DeltaEngine()
        let other = counter(7, ["x": "other"])
        engine.ingest(source: "r", at: 0, counters: [counter(10), other])
        let gone = engine.ingest(source: "r", at: 1, counters: [other])
        #expect(gone.events.isEmpty)
        let back = engine.ingest(source: "r", at: 2, counters: [counter(14), other])
        #expect(sum(back.increases) == 4)
        #expect(back.events == [.returned(source: "r", series: 1)])
        // Back lower than it left: it was reset while away.
        engine.ingest(source: "r", at: 3, counters: [other])
        let reset = engine.ingest(source: "r", at: 4, counters: [counter(2), other])
        #expect(sum(reset.increases) == 2)
        #expect(reset.events == [.countersReset(source: "r", series: 1), .returned(source: "r", series: 1)])
        #expect(sum(engine.epochIncreases) == 6)
    }

    @Test func allSeriesOfAReplicaVanishingIsAnEvent() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(10), counter(3, ["x": "y"])])
        let empty = engine.ingest(source: "r", at: 1, counters: [])
        #expect(empty.events == [.vanished(source: "r", series: 2)])
        #expect(empty.increases.isEmpty)
    }

    @Test func uptimeDropIsARestartAndNewValuesCountInFull() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(10), counter(50, ["x": "y"])], uptime: 1000)
        engine.ingest(source: "r", at: 5, counters: [counter(12), counter(55, ["x": "y"])], uptime: 1005)
        // Restarted and already past its old value: only the uptime tells.
        let restart = engine.ingest(source: "r", at: 10, counters: [counter(20)], uptime: 3)
        #expect(restart.events == [.restarted(source: "r", reason: .uptimeDropped)])
        #expect(sum(restart.increases) == 20)
        // The other series is gone since the restart: when it comes back, all of it is new.
        let back = engine.ingest(source: "r", at: 15, counters: [counter(21), counter(4, ["x": "y"])], uptime: 8)
        #expect(sum(back.increases) == 1 + 4)
        #expect(back.events == [.returned(source: "r", series: 1)])
        #expect(sum(engine.epochIncreases) == 2 + 5 + 20 + 5)
        #expect(engine.restartsThisEpoch == 1)
    }

    @Test func aRestartWhileUnreadIsToldByTheStartTime() {
        var engine = DeltaEngine(restartTolerance: 10)
        engine.ingest(source: "r", at: 0, counters: [counter(10)], uptime: 5)
        // 100 s later the uptime is 60: it started at 40, not at -5.
        let step = engine.ingest(source: "r", at: 100, counters: [counter(30)], uptime: 60)
        #expect(step.events == [.restarted(source: "r", reason: .startMovedLater)])
        #expect(sum(step.increases) == 30)
        // A stale uptime (flush lag) within the tolerance is no restart.
        let calm = engine.ingest(source: "r", at: 120, counters: [counter(31)], uptime: 72)
        #expect(calm.events.isEmpty && sum(calm.increases) == 1)
    }

    @Test func aReplicaThatStartedWhileWatchedCountsFromZero() {
        var engine = DeltaEngine(restartTolerance: 10)
        engine.ingest(source: "old", at: 0, counters: [counter(500)], uptime: 9000)
        let young = engine.ingest(source: "new", at: 60, counters: [counter(7)], uptime: 20)
        #expect(young.events == [.startedWhileWatching(source: "new", series: 1)])
        #expect(sum(young.increases) == 7)
        // One that was already running before the first read is a baseline.
        let elder = engine.ingest(source: "elder", at: 60, counters: [counter(70)], uptime: 5000)
        #expect(elder.events == [.baseline(source: "elder", series: 1)])
        #expect(sum(engine.epochIncreases) == 7)
    }

    @Test func epochsStartFromTheCurrentValues() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(10)])
        engine.ingest(source: "r", at: 1, counters: [counter(15)])
        engine.ingest(source: "r", at: 2, counters: [counter(1)])
        #expect(engine.resetsThisEpoch == 1)
        engine.startEpoch(at: 2.5)
        #expect(engine.epoch == 2 && engine.epochStart == 2.5)
        #expect(engine.resetsThisEpoch == 0)
        #expect(sum(engine.epochIncreases) == 0)
        engine.ingest(source: "r", at: 3, counters: [counter(4)])
        #expect(sum(engine.epochIncreases) == 3)
        #expect(sum(engine.totalIncreases) == 5 + 1 + 3)
    }

    @Test func nonFiniteValuesAreSkipped() {
        var engine = DeltaEngine()
        engine.ingest(source: "r", at: 0, counters: [counter(10)])
        let nan = engine.ingest(source: "r", at: 1, counters: [counter(.nan)])
        #expect(nan.increases.isEmpty)
        // A negative "counter" from a broken exporter is no reset to a negative increase.
        let negative = engine.ingest(source: "r", at: 2, counters: [counter(-5)])
        #expect(negative.increases.isEmpty)
        #expect(engine.ingest(source: "r", at: 3, counters: [counter(.infinity)]).increases.isEmpty)
        engine.ingest(source: "r", at: 4, counters: [counter(12)])
        #expect(sum(engine.epochIncreases) == 2)
        #expect(engine.resetsThisEpoch == 0)
    }

    @Test func theSeriesLimitBoundsMemory() {
        var engine = DeltaEngine(maxSeries: 3)
        let step = engine.ingest(source: "r", at: 0, counters: (0..<5).map { counter(1, ["i": "\($0)"]) })
        #expect(engine.seriesCount == 3)
        #expect(step.events.contains(.seriesLimit(source: "r", dropped: 2)))
    }

    @Test func eventsReadAsOneLine() {
        #expect(DeltaEvent.restarted(source: "10.0.0.7:19000", reason: .uptimeDropped).summary
            == "10.0.0.7:19000: proxy restarted (uptime dropped), counters start again from zero")
        #expect(DeltaEvent.countersReset(source: "p\u{1B}", series: 2).summary == "p\u{FFFD}: 2 counters reset")
    }
}
