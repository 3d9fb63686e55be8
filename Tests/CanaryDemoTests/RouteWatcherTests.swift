import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Synchronization
import Testing
@testable import CanaryDemo

/// The control plane follows files, the stand-in's entries and the catalog — driven one poll
/// at a time (no timer, no sleeping).
@Suite(.sharedMachine) struct RouteWatcherTests {
    final class Events: Sendable {
        let list = Mutex<[RouteWatcher.Event]>([])
        func add(_ e: RouteWatcher.Event) { list.withLock { $0.append(e) } }
        var all: [RouteWatcher.Event] { list.withLock { $0 } }
    }

    private func setUp(consul: ConsulStandIn? = nil) throws -> (TemporaryDirectory, WorkingCopies, RouteWatcher, Events) {
        let dir = try TemporaryDirectory()
        let files = try WorkingCopies.prepare(in: dir.path, greenWeight: nil, reset: false)
        let events = Events()
        let watcher = RouteWatcher(
            sources: .init(splitterPath: files.splitterPath, resolverPath: files.resolverPath, service: "payments", consul: consul),
            router: SplitRouter(table: RouteTable(targets: [])), onEvent: events.add)
        return (dir, files, watcher, events)
    }

    private func weights(_ watcher: RouteWatcher) -> [Int] { watcher.table.targets.map(\.weight.hundredths) }

    private func write(_ path: String, blue: String, green: String) throws {
        let text = WorkingCopies.workshopSplitter
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = \(blue),\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = \(green),\n    service_subset = \"green\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    @Test func firstPollAppliesTheFileAndAChangeIsAppliedByTheNextPoll() throws {
        let (dir, files, watcher, events) = try setUp()
        defer { dir.remove() }
        watcher.poll()
        #expect(weights(watcher) == [5000, 5000])
        #expect(events.all.count == 1)
        // Nothing changed: nothing happens.
        watcher.poll()
        #expect(watcher.generation == 1)
        try write(files.splitterPath, blue: "100", green: "0")
        watcher.poll()
        #expect(weights(watcher) == [10_000, 0])
        #expect(events.all.last == .applied(watcher.table, source: "payments_splitter.hcl"))
        // The router in use is the one routed by.
        #expect((0..<50).allSatisfy { _ in if case .instance = watcher.router.pick() { false } else { true } })
    }

    @Test func theDefaultIntervalIsWellInsideTheTwoHundredMillisecondPromise() {
        let watcher = RouteWatcher(sources: .init(splitterPath: "/x", resolverPath: "/y", service: "payments", consul: nil),
                                   router: SplitRouter(table: RouteTable(targets: [])))
        #expect(watcher.interval <= .milliseconds(200) / 2)
    }

    @Test func aSameSizeEditIsSeenToo() throws {
        let (dir, files, watcher, _) = try setUp()
        defer { dir.remove() }
        watcher.poll()
        try write(files.splitterPath, blue: "90", green: "10")
        watcher.poll()
        try write(files.splitterPath, blue: "10", green: "90")  // same size, possibly the same mtime
        watcher.poll()
        #expect(weights(watcher) == [1000, 9000])
    }

    @Test func aTextConsulWouldRefuseKeepsTheLastGoodWeights() throws {
        let (dir, files, watcher, events) = try setUp()
        defer { dir.remove() }
        watcher.poll()
        try Data("kind = \"service-splitter\"\nname = \"payments\"\nsplits = [\n  { weight = 10".utf8).write(to: URL(fileURLWithPath: files.splitterPath))
        watcher.poll()
        watcher.poll()
        #expect(weights(watcher) == [5000, 5000])
        #expect(watcher.refusals == 1)
        guard case .refused(let message, let keeping) = events.all.last else {
            Issue.record("expected a refusal, got \(events.all)")
            return
        }
        #expect(message.hasPrefix("payments_splitter.hcl:"))
        #expect(keeping?.summary == "blue 50 / green 50")
        try write(files.splitterPath, blue: "70", green: "20")  // sums to 90
        watcher.poll()
        #expect(weights(watcher) == [5000, 5000])
        #expect(watcher.refusals == 2)
        try write(files.splitterPath, blue: "70", green: "30")
        watcher.poll()
        #expect(weights(watcher) == [7000, 3000])
    }

    @Test func aChangeMadeInTheStandInWinsUntilTheFileChangesAgain() async throws {
        let consul = try await ConsulStandIn.start()
        let (dir, files, watcher, events) = try setUp(consul: consul)
        defer { dir.remove() }
        consul.register(DemoTopology.registration(subset: "blue", port: 1001))
        consul.register(DemoTopology.registration(subset: "green", port: 1002))
        try consul.seed(json: #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{"Filter":"Service.Meta.version == 2"},"green":{"Filter":"Service.Meta.version == 3"}}}"#)
        try consul.seed(json: #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":50,"ServiceSubset":"blue"},{"Weight":50,"ServiceSubset":"green"}]}"#)
        watcher.poll()
        #expect(watcher.table.targets.map { $0.instances.map(\.port) } == [[1001], [1002]])
        try consul.seed(json: #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":95,"ServiceSubset":"blue"},{"Weight":5,"ServiceSubset":"green"}]}"#)
        watcher.poll()
        #expect(weights(watcher) == [9500, 500])
        #expect(events.all.last == .applied(watcher.table, source: "consul service-splitter/payments"))
        try write(files.splitterPath, blue: "20", green: "80")
        watcher.poll()
        #expect(weights(watcher) == [2000, 8000])
        // The catalog counts too: green failing its check drains it.
        consul.setStatus(id: "payments-green-1", .critical)
        watcher.poll()
        #expect(watcher.table.targets[1].instances == [])
        #expect(events.all.last == .applied(watcher.table, source: "catalog"))
        await consul.shutdown()
    }

    @Test func waitersAreWokenByTheChangeTheyWaitFor() async throws {
        let (dir, files, watcher, _) = try setUp()
        defer { dir.remove() }
        watcher.poll()
        try await watcher.waitUntil { $0.summary == "blue 50 / green 50" }
        try write(files.splitterPath, blue: "100", green: "0")
        async let done: Void = watcher.waitUntil { $0.summary == "blue 100 / green 0" }
        watcher.start()
        try await done
        watcher.stop()
        #expect(weights(watcher) == [10_000, 0])
    }
}
