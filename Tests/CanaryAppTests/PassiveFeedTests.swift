import CanaryTesting
import CanaryCore
import CanaryStore
import Foundation
import Synchronization
import Testing
@testable import CanaryApp

/// The passive feed on replies written by hand (``MemoryStatsHTTP``): exact counts across a
/// counter reset, a restarted replica and one that stops answering; faults counted, never fatal;
/// only GETs of the stats path.
@Suite(.sharedMachine) struct PassiveFeedTests {
    /// What one fake replica serves: per subset 2xx and 5xx counts, and its uptime.
    struct Replica {
        var ok: [String: Int] = [:]
        var errors: [String: Int] = [:]
        var uptime = 100
        var answering = true

        var text: String {
            var out = "# TYPE envoy_cluster_upstream_rq_xx counter\n"
            for (subset, n) in ok.sorted(by: { $0.key < $1.key }) where n > 0 {
                out += "envoy_cluster_upstream_rq_xx{envoy_response_code_class=\"2\",consul_destination_service=\"payments\",local_cluster=\"web\",consul_destination_service_subset=\"\(subset)\"} \(n)\n"
            }
            for (subset, n) in errors.sorted(by: { $0.key < $1.key }) where n > 0 {
                out += "envoy_cluster_upstream_rq_xx{local_cluster=\"web\",consul_destination_service_subset=\"\(subset)\",consul_destination_service=\"payments\",envoy_response_code_class=\"5\"} \(n)\n"
            }
            out += "this line is garbage\n"
            out += "# TYPE envoy_server_uptime gauge\nenvoy_server_uptime{local_cluster=\"web\"} \(uptime)\n"
            return out
        }
    }

    final class Fleet: Sendable {
        let replicas = Mutex(["http://a:19000": Replica(), "http://b:19000": Replica()])
        let clock = Mutex(0.0)

        func change(_ base: String, _ body: (inout Replica) -> Void) {
            replicas.withLock { body(&$0[base]!) }
        }

        var http: MemoryStatsHTTP {
            MemoryStatsHTTP { [self] url in
                guard let base = replicas.withLock({ $0.keys.first { url.hasPrefix($0 + "/") } }),
                    let replica = replicas.withLock({ $0[base] }) else { return .failure(StatsFetchError("\(url): unknown")) }
                guard replica.answering else { return .failure(StatsFetchError("\(base): connection refused")) }
                return .success(StatsReply(status: 200, text: replica.text))
            }
        }
    }

    func feed(_ fleet: Fleet, http: MemoryStatsHTTP) -> PassiveFeed {
        let settings = PassiveSettings(source: .envoy(["http://a:19000", "http://b:19000"]), service: "payments")
        return PassiveFeed(settings: settings, http: http, now: { fleet.clock.withLock { $0 } }, unixNow: { 1_700_000_000 })
    }

    @Test func countsStayExactAcrossAResetARestartAndAVanishedReplica() async {
        let fleet = Fleet()
        fleet.change("http://a:19000") { $0.ok = ["blue": 40, "green": 17] }
        fleet.change("http://b:19000") { $0.ok = ["blue": 7]; $0.uptime = 50 }
        let http = fleet.http
        let feed = feed(fleet, http: http)
        func tick(_ seconds: Double) { fleet.clock.withLock { $0 += seconds } }
        await feed.poll()   // baseline: nothing counted
        #expect(feed.snapshot(at: 0, epochStart: 0).subsets.allSatisfy { $0.requests == 0 })

        tick(1)
        fleet.change("http://a:19000") { $0.ok["blue"]! += 10; $0.ok["green"]! += 2; $0.errors["green"] = 3; $0.uptime += 1 }
        fleet.change("http://b:19000") { $0.ok["blue"]! += 5; $0.uptime += 1 }
        await feed.poll()
        // b restarts: uptime back to 1, its counters from zero (its green series new).
        tick(1)
        fleet.change("http://b:19000") { $0.ok = ["blue": 4, "green": 6]; $0.uptime = 1 }
        fleet.change("http://a:19000") { $0.uptime += 1 }
        await feed.poll()
        // a stops answering for a read, then comes back having counted more.
        tick(1)
        fleet.change("http://a:19000") { $0.answering = false }
        fleet.change("http://b:19000") { $0.ok["blue"]! += 1; $0.uptime += 1 }
        await feed.poll()
        tick(1)
        fleet.change("http://a:19000") { $0.answering = true; $0.ok["blue"]! += 9; $0.uptime += 2 }
        await feed.poll()

        let snapshot = feed.snapshot(at: 4, epochStart: 0)
        let blue = snapshot.subsets.first { $0.subset == "blue" }!
        let green = snapshot.subsets.first { $0.subset == "green" }!
        #expect(blue.requests == 10 + 5 + 4 + 1 + 9)
        #expect(green.requests == 2 + 3 + 6)
        #expect(green.http5xx == 3)
        #expect(snapshot.faults == 1)
        #expect(snapshot.restarts == 1)
        #expect(snapshot.problems > 0)
        #expect(snapshot.lastFault?.contains("connection refused") == true)
        #expect(snapshot.events.contains { $0.contains("proxy restarted") })
        #expect(snapshot.events.contains { $0.hasPrefix("fault: ") })
        #expect(snapshot.events.contains { $0.contains("answering again") })
        #expect(snapshot.label == "envoy ×2")
        // Only GETs of the filtered stats path; never a reset.
        #expect(http.requests.allSatisfy { $0.contains("/stats/prometheus?usedonly&filter=") && !$0.contains("reset") })
    }

    @Test func anEpochCountsFromTheWeightChange() async {
        let fleet = Fleet()
        fleet.change("http://a:19000") { $0.ok = ["blue": 1] }
        let feed = feed(fleet, http: fleet.http)
        await feed.poll()
        fleet.change("http://a:19000") { $0.ok["blue"]! += 5 }
        await feed.poll()
        feed.startEpoch(at: 1)
        fleet.change("http://a:19000") { $0.ok["blue"]! += 2 }
        await feed.poll()
        #expect(feed.snapshot(at: 2, epochStart: 1).subsets.first { $0.subset == "blue" }?.requests == 2)
        #expect(feed.totals["blue"]?.requests == 7)
    }

    @Test func prometheusIsAskedForRawSeriesOnlyAndItsErrorsAreFaults() async {
        let asked = MemoryStatsHTTP { url in
            if url.contains("query_range") {
                return .success(StatsReply(status: 200, text: #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#))
            }
            return .success(StatsReply(status: 422, text: #"{"status":"error","errorType":"execution","error":"too many samples"}"#))
        }
        let settings = PassiveSettings(source: .prometheus("http://prom:9090/", backfill: 300, step: 15), service: "payments")
        let feed = PassiveFeed(settings: settings, http: asked, now: { 5 }, unixNow: { 1_700_000_000 })
        await feed.poll()
        let snapshot = feed.snapshot(at: 5, epochStart: 0)
        #expect(snapshot.faults == 1)
        #expect(snapshot.lastFault?.contains("too many samples") == true)
        #expect(snapshot.label == "prometheus")
        let urls = asked.requests
        #expect(urls.first?.hasPrefix("http://prom:9090/api/v1/query_range?query=") == true)
        #expect(urls.contains { $0.hasPrefix("http://prom:9090/api/v1/query?query=") })
        for url in urls {
            let query = url.removingPercentEncoding ?? url
            #expect(!query.contains("rate(") && !query.contains("increase("))
            #expect(query.contains("consul_destination_service=\"payments\"") || query.contains("envoy_server_uptime"))
        }
    }
}

