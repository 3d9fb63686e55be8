import CanaryCore
import CanaryStore
import Synchronization
import Testing
@testable import CanaryApp

/// ``EffectRunner``: the one interpreter of the reducer's effects, for both runtimes.
@Suite struct EffectRunnerTests {
    static let splitter = """
        kind = "service-splitter"
        name = "payments"
        splits = [
          { weight = 50, service_subset = "blue" },
          { weight = 50, service_subset = "green" },
        ]
        """

    private func writer(_ store: MemorySplitterStore, _ inbox: Inbox, _ feed: FakeFeed) -> SplitterWriter {
        let editor = SplitterEditor(store: store, apply: .file, journal: nil, resolver: nil, stable: "blue", operatorName: "t", now: { "t" })
        return SplitterWriter(editor: editor, inbox: inbox, feed: feed, dryRun: false, startsEpochs: false, now: { 0 })
    }

    @Test func writesLandInTheOrderAskedAndReportThroughTheInbox() async throws {
        let store = MemorySplitterStore(text: Self.splitter)
        let inbox = Inbox()
        let feed = FakeFeed()
        let w = writer(store, inbox, feed)
        _ = try await w.load()
        let effects = EffectRunner(feed: feed, writer: w, inbox: inbox, now: { 0 })
        #expect(!effects.start(.write(.setAll(["blue": Weight(percent: 10), "green": Weight(percent: 90)]), reason: "a")))
        #expect(!effects.start(.write(.rollback, reason: "b")))
        await effects.settle()
        #expect(store.writes.count == 2)
        #expect(store.writes.last?.contains("weight = 100, service_subset = \"blue\"") == true)
        let posted = inbox.drain()
        #expect(posted.count == 2)
        guard case .writeSucceeded(let first, _)? = posted.first, case .writeSucceeded(let second, _)? = posted.last else {
            Issue.record("expected two successes, got \(posted)")
            return
        }
        #expect(first.hasPrefix("set blue=10 green=90"))
        #expect(second.hasPrefix("rollback"))
    }

    @Test func theFeedAndTheTerminalAreReachedAtOnce() {
        let feed = FakeFeed()
        let flushed = Mutex(0)
        let effects = EffectRunner(feed: feed, writer: nil, inbox: Inbox(), flushInput: { flushed.withLock { $0 += 1 } }, now: { 7 })
        effects.start(.setPaused(true))
        effects.start(.clearTallies)
        effects.start(.flushTypeahead)
        #expect(feed.log.withLock { $0 } == ["paused true", "epoch"])
        #expect(flushed.withLock { $0 } == 1)
        #expect(effects.start(.quit))
    }

    @Test func withoutASplitterAWriteFailsAndAJournalLineIsDropped() async {
        let inbox = Inbox()
        let effects = EffectRunner(feed: FakeFeed(), writer: nil, inbox: inbox, now: { 0 })
        effects.start(.journal("operator cancelled"))
        effects.start(.write(.rollback, reason: "r"))
        await effects.settle()
        #expect(inbox.drain() == [.writeFailed(message: "no splitter to write", conflict: false)])
    }
}
