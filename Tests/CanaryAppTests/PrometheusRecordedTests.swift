import CanaryCore
import CanaryStore
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// The Prometheus path on answers recorded from a real Prometheus scraping the demo's two
/// sidecars (`Recorded/prometheus/`, made by its `capture.sh`): these run whether or not the
/// `prometheus` binary is installed. Between the "before" and "after" queries the demo served
/// blue 30 requests (no 5xx) and green 30 (15 5xx), every one timed by the sidecars' histogram.
@Suite struct PrometheusRecordedTests {
    /// The recorded times: the "before" and "after" instant queries, and the range's start.
    static let before = 1796285120.632
    static let after = 1796285126.671
    static let rangeStart = 1796285116.632

    static func recorded(_ name: String) throws -> StatsReply {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Recorded/prometheus")
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        return StatsReply(status: 200, body: Array(data))
    }

    /// Answers each query from the recordings: the range, or the instant ones of `phase`.
    final class Recordings: Sendable {
        let phase = Mutex("before")
        let replies: [String: StatsReply]

        init() throws {
            var replies: [String: StatsReply] = [:]
            for name in ["instant-cluster-before", "instant-uptime-before", "instant-cluster-after", "instant-uptime-after",
                "instant-stamp-before", "instant-stamp-after",
                "range-cluster", "range-uptime"] {
                replies[name] = try PrometheusRecordedTests.recorded(name)
            }
            self.replies = replies
        }

        var http: MemoryStatsHTTP {
            MemoryStatsHTTP { [self] url in
                let query = url.removingPercentEncoding ?? url
                let which = query.contains("timestamp(") ? "stamp" : query.contains("envoy_server_uptime") ? "uptime" : "cluster"
                let name = url.contains("/api/v1/query_range?") ? "range-\(which)" : "instant-\(which)-\(phase.withLock { $0 })"
                guard let reply = replies[name] else { return .failure(StatsFetchError("\(url): not recorded")) }
                return .success(reply)
            }
        }
    }

    static func expectGroundTruth(_ subsets: [PassiveSubsetTally]) {
        let blue = subsets.first { $0.subset == "blue" }
        let green = subsets.first { $0.subset == "green" }
        #expect(blue?.requests == 30)
        #expect(blue?.http5xx == 0)
        #expect(blue?.byClass[2] == 30)
        #expect(blue?.latency.total == 30)
        #expect(green?.requests == 30)
        #expect(green?.http5xx == 15)
        #expect(green?.byClass[2] == 15)
        #expect(green?.latency.total == 30)
        #expect(subsets.filter { $0.subset != nil }.count == 2)
    }

    @Test func theRecordedAnswersSplitIntoOneReadPerReplica() async throws {
        let recordings = try Recordings()
        let reader = PrometheusReader(base: "http://prom:9090", selector: PromMatcher.defaultSelector(service: "payments"))
        let reads = try await reader.instant(recordings.http, timeout: 1)
        #expect(Set(reads.map(\.source)) == ["127.0.0.1:34631", "127.0.0.1:34819"])
        // Each read is timed by its target's last scrape (timestamp()), not by the query.
        #expect(reads.first { $0.source == "127.0.0.1:34631" }?.time == 1796285119.926)
        #expect(reads.first { $0.source == "127.0.0.1:34819" }?.time == 1796285120.085)
        let range = try await reader.range(recordings.http, timeout: 1, start: Self.rangeStart, end: Self.after, step: 1)
        // Eleven steps a replica, in time order per replica.
        #expect(range.count == 22)
        for source in Set(range.map(\.source)) {
            let times = range.filter { $0.source == source }.map(\.time)
            #expect(times == times.sorted())
        }
    }

    @Test func instantQueriesBeforeAndAfterGiveTheDemosCountsExactly() async throws {
        let recordings = try Recordings()
        let clock = Mutex(Self.before)
        let settings = PassiveSettings(source: .prometheus("http://prom:9090", backfill: 0, step: 1), service: "payments")
        let feed = PassiveFeed(
            settings: settings, http: recordings.http, now: { clock.withLock { $0 } }, unixNow: { clock.withLock { $0 } })
        await feed.poll()   // the baseline: the 10 requests before are not counted
        #expect(feed.snapshot(at: Self.before, epochStart: 0).subsets.allSatisfy { $0.requests == 0 })
        recordings.phase.withLock { $0 = "after" }
        clock.withLock { $0 = Self.after }
        await feed.poll()
        let snapshot = feed.snapshot(at: Self.after, epochStart: 0)
        Self.expectGroundTruth(snapshot.subsets)
        #expect(snapshot.faults == 0)
        #expect(snapshot.problems == 0)
        #expect(snapshot.reads == 4)
        #expect(snapshot.restarts == 0 && snapshot.resets == 0)
        // The data's age is the newest sample's (scraped at …126.097), not the query's.
        #expect(abs((snapshot.age(at: Self.after) ?? -1) - (Self.after - 1796285126.097)) < 1e-6)
    }

    @Test func theBackFillAloneGivesTheDemosCountsExactly() async throws {
        let recordings = try Recordings()
        recordings.phase.withLock { $0 = "after" }
        let settings = PassiveSettings(
            source: .prometheus("http://prom:9090", backfill: Self.after - Self.rangeStart, step: 1), service: "payments")
        let feed = PassiveFeed(settings: settings, http: recordings.http, now: { Self.after }, unixNow: { Self.after })
        await feed.poll()   // the range's first step is the baseline; the instant query after it adds nothing
        let snapshot = feed.snapshot(at: Self.after, epochStart: 0)
        Self.expectGroundTruth(snapshot.subsets)
        #expect(snapshot.faults == 0)
        #expect(snapshot.events.contains { $0.contains("back-filled 22 reads") })
        #expect(feed.totals["green"]?.http5xx == 15)
    }

    @Test func theBackFillStopsAtTheLastWeightChange() async throws {
        let recordings = try Recordings()
        let http = recordings.http
        var settings = PassiveSettings(source: .prometheus("http://prom:9090", backfill: 300, step: 1), service: "payments")
        // The split changed at the "before" query: nothing earlier may join this epoch.
        settings.backfillNotBefore = Self.before
        let feed = PassiveFeed(settings: settings, http: http, now: { Self.after }, unixNow: { Self.after })
        await feed.poll()
        let range = try #require(http.requests.first { $0.contains("/api/v1/query_range?") })
        #expect(range.contains("&start=1796285120.632&end=1796285126.671&step=1.000"), "\(range)")
        #expect(feed.snapshot(at: Self.after, epochStart: 0).events.contains { $0.contains("(since the split last changed)") })
    }
}
