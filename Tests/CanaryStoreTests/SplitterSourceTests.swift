import CanaryCore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing
@testable import CanaryStore

/// Following the splitter a watch reads: every weight change is reported, from a file or
/// from Consul; a half-written file is reported and otherwise ignored.
@Suite(.sharedMachine) struct SplitterSourceTests {
    static let resolver = try! ResolverEntry(
        text: #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{},"green":{}}}"#,
        label: "resolver")

    static func hcl(blue: Int, green: Int) -> String {
        """
        kind = "service-splitter"
        name = "payments"
        splits = [
          { weight = \(blue), service_subset = "" },
          { weight = \(green), service_subset = "green" },
        ]

        """
    }

    /// A 90/10 splitter file in `dir`, its source polled every 10 ms, and its first read.
    private func fileSource(in dir: TemporaryDirectory) async throws -> (path: String, SplitterSource, ConfiguredWeights) {
        let path = try dir.write("splitter.hcl", Self.hcl(blue: 90, green: 10))
        var source = SplitterSource(origin: .file(path: path), resolver: Self.resolver)
        source.pollInterval = .milliseconds(10)
        return (path, source, try await source.load())
    }

    @Test func fileChangesAreReportedAndHalfWrittenFilesAreNot() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (_, source, initial) = try await fileSource(in: dir)
        #expect(initial.names == ["blue", "green"])
        #expect(initial.percent(of: "blue") == 90 && initial.percent(of: "green") == 10)

        let (events, continuation) = AsyncStream.makeStream(of: SplitterSource.Event.self)
        let follow = Task { await source.follow(from: initial) { continuation.yield($0) } }
        defer { follow.cancel() }
        var iterator = events.makeAsyncIterator()

        _ = try dir.write("splitter.hcl", "kind = \"service-splitter\"\nsplits = [ { weight = ")
        guard case .unreadable = await iterator.next() else { Issue.record("expected unreadable"); return }
        _ = try dir.write("splitter.hcl", Self.hcl(blue: 50, green: 50))
        // A poll may catch the file mid-write (reported as unreadable again); the weights follow.
        var next = await iterator.next()
        while case .unreadable = next { next = await iterator.next() }
        #expect(next == .weights(ConfiguredWeights(names: ["blue", "green"], weights: [Weight(percent: 50), Weight(percent: 50)])))
    }

    /// Deleted between the first read and the first poll: reported (a missing file's stamp
    /// was taken for the unknown first stamp, and the deletion was never said).
    @Test func aFileDeletedBeforeTheFirstPollIsReported() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (path, source, initial) = try await fileSource(in: dir)
        unlink(path)
        let (events, continuation) = AsyncStream.makeStream(of: SplitterSource.Event.self)
        let follow = Task { await source.follow(from: initial) { continuation.yield($0) } }
        defer { follow.cancel() }
        // A deadline against a hang, not a timing claim: the full suite kept the first poll waiting past 10 s.
        let first = try await Deadline.within(30, "the first event") {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        guard case .unreadable(let problem)? = first else {
            Issue.record("expected unreadable, got \(String(describing: first))")
            return
        }
        #expect(problem.contains("No such file"))
    }

    /// With polling and the backstop both an hour away, only inotify can report the change: an
    /// atomic replace (a new file renamed over the old), then an in-place rewrite. A file of
    /// another name in the same directory (the journal beside it) reports nothing.
    @Test func fileChangesAreReportedWithoutPolling() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (path, polled, initial) = try await fileSource(in: dir)
        var source = polled
        source.pollInterval = .seconds(3600)
        source.changeBackstop = .seconds(3600)
        let (events, continuation) = AsyncStream.makeStream(of: SplitterSource.Event.self)
        let follow = Task { [source] in await source.follow(from: initial) { continuation.yield($0) } }
        defer { follow.cancel() }

        let seen = try await Deadline.within(120, "both changes to be reported") {
            var iterator = events.makeAsyncIterator()
            _ = try? dir.write("splitter.hcl.journal", "{}\n")
            let replacement = try? dir.write("splitter.hcl.new", Self.hcl(blue: 70, green: 30))
            _ = replacement.map { rename($0, path) }
            let first = await iterator.next()
            try? Self.hcl(blue: 0, green: 100).write(toFile: path, atomically: false, encoding: .utf8)
            var second = await iterator.next()
            // A look may catch the rewrite half-done (unreadable); the weights follow.
            while case .unreadable? = second { second = await iterator.next() }
            return [first, second]
        }
        #expect(seen[0] == .weights(ConfiguredWeights(names: ["blue", "green"], weights: [Weight(percent: 70), Weight(percent: 30)])))
        #expect(seen[1] == .weights(ConfiguredWeights(names: ["blue", "green"], weights: [Weight(percent: 0), Weight(percent: 100)])))
    }

    /// The events that concern a followed file: its name, or its directory going.
    @Test func inotifyEventsAreFilteredByName() {
        func event(_ mask: Int32, _ name: String) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: 16)
            let padded = name.isEmpty ? 0 : (name.utf8.count / 16 + 1) * 16
            withUnsafeBytes(of: UInt32(mask).littleEndian) { bytes.replaceSubrange(4..<8, with: $0) }
            withUnsafeBytes(of: UInt32(padded).littleEndian) { bytes.replaceSubrange(12..<16, with: $0) }
            var field = Array(name.utf8)
            field += [UInt8](repeating: 0, count: padded - field.count)
            return bytes + field
        }
        let name = Array("splitter.hcl".utf8)
        func concern(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { InotifyEvents.concern($0, name: name) } }
        #expect(concern(event(IN_MOVED_TO, "splitter.hcl")))
        #expect(!concern(event(IN_CLOSE_WRITE, "splitter.hcl.journal")))
        #expect(!concern(event(IN_CREATE, "splitter.hc")))
        #expect(concern(event(IN_MODIFY, "other") + event(IN_CLOSE_WRITE, "splitter.hcl")))
        #expect(concern(event(IN_DELETE_SELF, "")))
        #expect(concern(event(IN_Q_OVERFLOW, "")))
        #expect(!concern([]))
        // A record cut short is taken as a hint rather than skipped.
        #expect(concern(Array(event(IN_MODIFY, "other").prefix(20))))
    }

    /// Cancelling ends the stream of hints (the thread leaves its poll).
    @Test func cancellingFileChangesFinishesItsChecks() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("splitter.hcl", Self.hcl(blue: 90, green: 10))
        let changes = try #require(FileChanges(path: path, backstop: .seconds(3600)))
        changes.cancel()
        let ended = try await Deadline.within(60, "the checks to finish") {
            var iterator = changes.checks.makeAsyncIterator()
            while await iterator.next() != nil {}
            return true
        }
        #expect(ended)
    }

    @Test func consulEntryChangesAreReportedThroughBlockingQueries() async throws {
        let consul = try await ConsulStandIn.start()
        let client = try ConsulClient(environment: try ConsulEnvironment.from(["CONSUL_HTTP_ADDR": consul.address]) { _ in "" })
        try consul.seed(json: #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{},"green":{}}}"#)
        try consul.seed(json: #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":100,"ServiceSubset":"blue"},{"Weight":0,"ServiceSubset":"green"}]}"#)
        let source = SplitterSource(origin: .consul(ConsulSplitterStore(client: client, name: "payments")), resolver: Self.resolver)
        let initial = try await source.load()
        #expect(initial.percent(of: "green") == 0)

        let (events, continuation) = AsyncStream.makeStream(of: SplitterSource.Event.self)
        let follow = Task { await source.follow(from: initial) { continuation.yield($0) } }
        // Changed from outside: whether the blocking read is parked yet or not, it sees the change.
        try consul.seed(json: #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":80,"ServiceSubset":"blue"},{"Weight":20,"ServiceSubset":"green"}]}"#)
        var iterator = events.makeAsyncIterator()
        let event = await iterator.next()
        follow.cancel()
        await client.shutdown()
        await consul.shutdown()
        #expect(event == .weights(ConfiguredWeights(names: ["blue", "green"], weights: [Weight(percent: 80), Weight(percent: 20)])))
    }
}
