import CanaryCore
import CanaryStore
import CanaryTesting
import Foundation
import Testing
@testable import CanaryApp

/// A follower that reads the splitter while our own write is still committing (the file is
/// written, the journal not yet) takes the new weights for ours, not for a change from outside.
@Suite(.sharedMachine) struct SplitterWriterOwnWriteTests {
    /// Opens once; waiters before and after go on.
    actor Gate {
        private var isOpen = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }

        func open() {
            isOpen = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    @Test func weightsReadMidCommitAreOurs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", DashboardRuntimeTests.splitter)
        let written = Gate(), release = Gate()
        let editor = SplitterEditor(
            store: AfterWriteStore(inner: FileSplitterStore(path: path)) {
                // The file is written: say so, and hold the commit until released.
                await written.open()
                await release.wait()
            }, apply: .file,
            journal: Journal.beside(path), resolver: nil, stable: "blue", operatorName: "test", now: { "t" })
        let writer = SplitterWriter(editor: editor, inbox: Inbox(), feed: FakeFeed(), dryRun: false, now: { 1 })
        _ = try await writer.load()
        let ninetyTen = [Weight(percent: 90), Weight(percent: 10)]
        #expect(await !writer.isOurs(ninetyTen))

        let perform = Task {
            await writer.perform(.setAll(["blue": Weight(percent: 90), "green": Weight(percent: 10)]), reason: "operator applied")
        }
        // A deadline against a hang, not a timing claim.
        try await Deadline.within(60, "the store's write") { await written.wait() }
        #expect(try dir.read("s.hcl").contains("weight = 90"))
        // The commit has not returned: before, only a finished write counted, and this was "external".
        #expect(await writer.isOurs(ninetyTen))
        #expect(await !writer.isOurs([Weight(percent: 80), Weight(percent: 20)]))
        await release.open()
        try await Deadline.within(60, "the commit") { await perform.value }
        #expect(await writer.isOurs(ninetyTen))
    }
}
