import AsyncHTTPClient
import CanaryCore
import CanaryDemo
import CanaryProbe
import CanaryStore
import CanaryTesting
import Foundation
import Testing
@testable import CanaryApp

/// The passive feed on the demo's real sidecars over loopback HTTP: exact counts against the
/// demo's ground truth across two replicas, one restarted; the headless guard catching green's
/// bug from sidecar stats alone (the probe off) and from a real Prometheus scraping them.
@Suite(.serialized, .sharedMachine) struct PassiveDemoTests {
    static func configuration(replicas: Int, users: Int = 0, flush: Double = 0) -> DemoConfiguration {
        var c = DemoConfiguration()
        c.webPort = .exact(0)
        c.consulPort = .exact(0)
        c.sidecarPort = .exact(0)
        c.webReplicas = replicas
        c.users = users
        c.statsFlush = flush
        c.greenBug = .errors
        c.latencyScale = 0.2
        return c
    }

    /// Runs `body` on a demo mesh in a temporary directory; shuts it down however it ends.
    static func withMesh<T>(_ c: DemoConfiguration, _ body: (DemoMesh) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("canarytop-passive-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try WorkingCopies.prepare(in: dir, greenWeight: Weight(percent: 50), reset: true)
        let mesh = try await DemoMesh.start(c, files: files)
        do {
            let result = try await body(mesh)
            await mesh.shutdown()
            return result
        } catch {
            await mesh.shutdown()
            throw error
        }
    }

    /// Sends `count` requests to each of `ports` one after another, each awaited.
    static func traffic(_ ports: [Int], count: Int, http: HTTPClient) async throws {
        for _ in 0..<count {
            for port in ports {
                let response = try await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"), timeout: .seconds(20))
                _ = try await response.body.collect(upTo: 1 << 20)
            }
        }
    }

    static func assertMatches(_ tallies: [PassiveSubsetTally], _ truth: [String: SidecarCounts], minus before: [String: SidecarCounts] = [:]) {
        for (subset, counts) in truth {
            let tally = tallies.first { $0.subset == subset }
            let old = before[subset] ?? SidecarCounts()
            #expect(tally?.requests == counts.completed - old.completed, "\(subset) requests")
            #expect(tally?.http5xx == counts.http5xx - old.http5xx, "\(subset) 5xx")
            #expect(tally?.latency.total == counts.timed - old.timed, "\(subset) timed")
            #expect(tally?.sent == counts.sent - old.sent, "\(subset) sent")
        }
    }

    @Test func twoSidecarsOneRestartedCountTheGroundTruthExactly() async throws {
        try await Self.withMesh(Self.configuration(replicas: 2)) { mesh in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { _ = http.shutdown() }
            let stats = AsyncStatsHTTP()
            let clock = ContinuousClock.now
            let now: @Sendable () -> Double = { Double((ContinuousClock.now - clock).components.seconds) + Double((ContinuousClock.now - clock).components.attoseconds) / 1e18 }
            let feed = PassiveFeed(
                settings: PassiveSettings(source: .envoy(mesh.endpoints.sidecarURLs), service: "payments").resolved(service: "payments"),
                http: stats, now: now, unixNow: { Date().timeIntervalSince1970 })
            let replicas = mesh.endpoints.webReplicas
            try await Self.traffic(replicas, count: 5, http: http)
            let before = mesh.groundTruth
            await feed.poll()   // the baseline: what came before is not counted
            try await Self.traffic(replicas, count: 30, http: http)
            await feed.poll()
            // The second replica's proxy restarts: its series vanish (usedonly) and come back from zero.
            mesh.sidecars[1].sidecar.restart()
            await feed.poll()
            try await Self.traffic(replicas, count: 30, http: http)
            await feed.poll()
            let snapshot = feed.snapshot(at: now(), epochStart: 0)
            Self.assertMatches(snapshot.subsets, mesh.groundTruth, minus: before)
            #expect(snapshot.faults == 0)
            // Shown either way: as the uptime dropping (once a second has passed) or, within one
            // second (Envoy's uptime is whole seconds), as the replica's series vanishing.
            #expect(snapshot.events.contains { $0.contains("vanished") || $0.contains("proxy restarted") })
            #expect(snapshot.subsets.allSatisfy { $0.requests > 0 })
            #expect(mesh.sidecars.allSatisfy { $0.nonGetRequests == 0 })
            await stats.shutdown()
        }
    }

    /// `watch --probe off --envoy-admin … --headless --until verdict --guard` on the demo.
    static func guardConfiguration(_ mesh: DemoMesh, source: PassiveSettings.Source) -> WatchConfiguration {
        var configuration = WatchConfiguration(
            probe: ProbeSettings(target: try! ProbeTarget(url: mesh.endpoints.sidecarURLs[0]), pace: .open(rate: 1)),
            rateLabel: "off", attributor: Attributor(rules: []), splitter: .file(mesh.files.splitterPath),
            resolverPath: mesh.files.resolverPath, steering: .init(journal: mesh.files.splitterPath + ".journal"),
            rollout: RolloutPolicy(guardEnabled: true, countdown: 0))
        configuration.probing = false
        configuration.passive = PassiveSettings(
            source: source, interval: 0.5, sampleRule: PassiveSampleRule(flushInterval: mesh.configuration.statsFlush))
        return configuration
    }

    static func rolledBack(_ mesh: DemoMesh) throws -> Bool {
        let text = try String(contentsOfFile: mesh.files.splitterPath, encoding: .utf8)
        let weights = try SplitterDocument(text: text, label: mesh.files.splitterPath).entry.weights
        return weights.first == .full && weights.last == .zero
    }

    @Test func theHeadlessGuardCatchesGreenFromSidecarStatsAlone() async throws {
        try await Self.withMesh(Self.configuration(replicas: 2, users: 80, flush: 1)) { mesh in
            let result = try await HeadlessWatch.run(
                Self.guardConfiguration(mesh, source: .envoy(mesh.endpoints.sidecarURLs)), goal: .verdict, timeout: 60, events: { _ in })
            #expect(result.outcome.ending == .fail)
            #expect(result.outcome.ending.exitCode == 2)
            let failing = result.outcome.verdicts.first { $0.outcome == .fail }
            #expect(failing?.canary == "green")
            #expect(failing?.checks.contains { $0.kind == .errors && $0.outcome == .fail && $0.source == "mesh" } == true)
            #expect(result.outcome.writes.contains { $0.succeeded })
            #expect(try Self.rolledBack(mesh))
            #expect(result.figures.passive?.label == "envoy ×2")
        }
    }

    @Test func prometheusGivesTheGroundTruthExactlyAndTheGuardCatchesGreen() async throws {
        if let reason = Self.prometheusAbsent {
            print("note: \(reason); the Prometheus path is checked on recorded answers only (PrometheusRecordedTests)")
            return
        }
        try await Self.withMesh(Self.configuration(replicas: 2, flush: 0)) { mesh in
            let prometheus = try await PrometheusServer.start(
                targets: mesh.endpoints.sidecars.map { "127.0.0.1:\($0)" }, scrapeInterval: 1, deadline: 30)
            do {
                try await Self.exactCounts(mesh, prometheus: prometheus)
            } catch {
                await prometheus.stop()
                throw error
            }
            await prometheus.stop()
        }
        try await Self.withMesh(Self.configuration(replicas: 1, users: 80, flush: 1)) { mesh in
            let prometheus = try await PrometheusServer.start(targets: mesh.endpoints.sidecars.map { "127.0.0.1:\($0)" }, scrapeInterval: 1)
            let outcome: HeadlessRuntime.Outcome
            do {
                outcome = try await HeadlessWatch.run(
                    Self.guardConfiguration(mesh, source: .prometheus(prometheus.url, backfill: 0, step: 1)), goal: .verdict,
                    timeout: 60, events: { _ in }).outcome
            } catch {
                await prometheus.stop()
                throw error
            }
            await prometheus.stop()
            #expect(outcome.ending == .fail)
            #expect(outcome.verdicts.first { $0.outcome == .fail }?.canary == "green")
            #expect(try Self.rolledBack(mesh))
        }
    }

    /// Why the real Prometheus is not run, if it is not: not installed, or
    /// `CANARYTOP_REFERENCE=recorded` (as for the Go oracles) asks for the recorded answers only.
    static var prometheusAbsent: String? {
        if ProcessInfo.processInfo.environment["CANARYTOP_REFERENCE"] == "recorded" { return "CANARYTOP_REFERENCE=recorded" }
        return PrometheusServer.binary == nil ? "prometheus is not installed" : nil
    }

    /// Traffic after a baseline read; once Prometheus has scraped past it, its counts are the
    /// demo's, per subset, exactly.
    static func exactCounts(_ mesh: DemoMesh, prometheus: PrometheusServer) async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = http.shutdown() }
        let stats = AsyncStatsHTTP()
        defer { Task { await stats.shutdown() } }
        let settings = PassiveSettings(source: .prometheus(prometheus.url, backfill: 0, step: 1), service: "payments").resolved(service: "payments")
        let feed = PassiveFeed(settings: settings, http: stats, now: { Date().timeIntervalSince1970 }, unixNow: { Date().timeIntervalSince1970 })
        let reader = PrometheusReader(base: prometheus.url, selector: settings.selector!)
        // Both targets scraped at least once (their uptime is there): the baseline has both.
        try await waitForScrape(reader, stats: stats, after: Date().timeIntervalSince1970, targets: 2)
        await feed.poll()
        try await Self.traffic(mesh.endpoints.webReplicas, count: 40, http: http)
        try await waitForScrape(reader, stats: stats, after: Date().timeIntervalSince1970, targets: 2)
        await feed.poll()
        Self.assertMatches(feed.snapshot(at: Date().timeIntervalSince1970, epochStart: 0).subsets, mesh.groundTruth)
        #expect(feed.snapshot(at: 0, epochStart: 0).faults == 0)
    }

    /// Waits (at most 20 s) until Prometheus holds a sample of every target scraped after `time`.
    static func waitForScrape(_ reader: PrometheusReader, stats: AsyncStatsHTTP, after time: Double, targets: Int) async throws {
        let query = "timestamp(\(reader.queries[1]))"
        let deadline = Date().timeIntervalSince1970 + 20
        while Date().timeIntervalSince1970 < deadline {
            let reply = try await stats.get(reader.base + "/api/v1/query?query=" + ConsulClient.escape(query), timeout: 2)
            if case .success(.vector(let samples)) = try PromQueryDecoder.decode(reply.body).outcome,
                samples.count == targets, samples.allSatisfy({ $0.point.value > time + 0.1 }) {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("Prometheus did not scrape every target within 20 s")
    }
}
