import CanaryCore
import CanaryStore
import CanaryTesting
import Foundation
import Testing
@testable import CanaryApp

/// The dashboard's writer on a real file that changes under it: deleted mid-run, made
/// read-only, or invalid. Failures come back as actions naming the file; nothing is recreated.
@Suite(.sharedMachine) struct SplitterWriterFileTests {
    private func writer(_ path: String, _ inbox: Inbox) -> SplitterWriter {
        let editor = SplitterEditor(
            store: FileSplitterStore(path: path), apply: .file, journal: Journal.beside(path), resolver: nil, stable: "blue",
            operatorName: "test", now: { "t" })
        return SplitterWriter(editor: editor, inbox: inbox, feed: FakeFeed(), dryRun: false, now: { 1 })
    }

    private func failures(_ actions: [DashboardAction]) -> [String] {
        actions.compactMap { if case .writeFailed(let message, _) = $0 { return message } else { return nil } }
    }

    @Test func aRollbackOfAFileDeletedMidRunFailsAndRecreatesNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", DashboardRuntimeTests.splitter)
        let inbox = Inbox()
        let w = writer(path, inbox)
        _ = try await w.load()
        unlink(path)
        await w.perform(.rollback, reason: "operator rollback (r)")
        let failed = failures(inbox.drain())
        #expect(failed.count == 1)
        #expect(failed.first?.contains(path) == true && failed.first?.contains("No such file") == true, "\(failed)")
        // A rollback is planned on what is there now: nothing to plan on, nothing created.
        #expect(try dir.entries().isEmpty)
        // A staged change planned on the screen's snapshot is a conflict, journaled as not written.
        await w.perform(.setAll(["blue": Weight(percent: 90), "green": Weight(percent: 10)]), reason: "operator applied")
        #expect(failures(inbox.drain()).first?.contains("can no longer be read") == true)
        #expect(try dir.entries() == ["s.hcl.journal"])
        #expect(try dir.read("s.hcl.journal").contains("not written"))
    }

    @Test func aRollbackOverAnInvalidFileSaysWhatWasWrongBefore() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = DashboardRuntimeTests.splitter.replacingOccurrences(
            of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 30,\n    service_subset = \"green\"")
        let path = try dir.write("s.hcl", text)
        let inbox = Inbox()
        let w = writer(path, inbox)
        _ = try await w.load()
        await w.perform(.rollback, reason: "operator rollback (r)")
        let actions = inbox.drain()
        #expect(actions.contains {
            if case .note(let text, .warning) = $0 {
                return text == "rollback: before this change Consul would have refused it: the sum of all split weights must be 100, not 80.000000"
            }
            return false
        }, "\(actions)")
        #expect(actions.contains { if case .writeSucceeded = $0 { return true } else { return false } })
        #expect(try dir.read("s.hcl").contains("weight = 100,"))
    }
}
