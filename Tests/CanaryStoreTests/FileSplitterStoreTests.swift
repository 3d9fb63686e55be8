import Foundation
import CanaryTesting
import Testing
@testable import CanaryStore

@Suite(.sharedMachine) struct FileSplitterStoreTests {
    @Test func writeReplacesContentAndKeepsMode() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "weight = 50\n")
        chmod(path, 0o640)
        let store = FileSplitterStore(path: path)
        let base = try await store.load()
        let written = try await store.write("weight = 100\n", over: base)
        #expect(try dir.read("s.hcl") == "weight = 100\n")
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o7777 == 0o640)
        #expect(written.version == .contentHash(ContentHash.sha256(Array("weight = 100\n".utf8))))
        // No temporary or lock files are left behind.
        #expect(try dir.entries() == ["s.hcl"])
    }

    @Test func contentHashMatchesSha256sum() {
        #expect(ContentHash.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func externalEditBetweenReadAndWriteIsRefused() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "weight = 50\n")
        let store = FileSplitterStore(path: path)
        let base = try await store.load()
        _ = try dir.write("s.hcl", "weight = 50 # edited by hand\n")
        await #expect(throws: StoreError.self) { try await store.write("weight = 100\n", over: base) }
        do {
            _ = try await store.write("weight = 100\n", over: base)
        } catch let error as StoreError {
            guard case .conflict(let message) = error else { Issue.record("expected a conflict, got \(error)"); return }
            #expect(message.contains("changed since it was read"))
        }
        // The operator's edit is intact.
        #expect(try dir.read("s.hcl") == "weight = 50 # edited by hand\n")
        #expect(try dir.entries() == ["s.hcl"])
    }

    @Test func editLandingWhileTheNewFileIsPreparedIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "old\n")
        // The last check runs with the new bytes already synced; an edit in between must still win.
        #expect(throws: StoreError.self) {
            try AtomicFile.write(Array("new\n".utf8), to: path) {
                _ = try dir.write("s.hcl", "someone else\n")
                let now = try AtomicFile.read(path)
                guard now == Array("old\n".utf8) else { throw StoreError.conflict("changed") }
            }
        }
        #expect(try dir.read("s.hcl") == "someone else\n")
        #expect(try dir.entries() == ["s.hcl"])
    }

    @Test func secondWriterOnTheSameSnapshotLoses() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.hcl", "v0\n")
        let a = FileSplitterStore(path: path), b = FileSplitterStore(path: path)
        let base = try await a.load()
        _ = try await a.write("v1\n", over: base)
        await #expect(throws: StoreError.self) { try await b.write("v2\n", over: base) }
        #expect(try dir.read("s.hcl") == "v1\n")
    }

    @Test func missingDirectoryGivesOneLineErrorNamingThePath() async throws {
        let store = FileSplitterStore(path: "/nonexistent-canarytop-dir/s.hcl")
        do {
            _ = try await store.load()
            Issue.record("load should fail")
        } catch {
            let text = "\(error)"
            #expect(text.contains("/nonexistent-canarytop-dir/s.hcl"))
            #expect(text.contains("No such file or directory"))
            #expect(!text.contains("\n"))
        }
    }

    @Test func notUTF8IsRefused() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("bin")
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: path))
        await #expect(throws: StoreError.refused("\(path): not UTF-8 text; not a splitter config")) {
            try await FileSplitterStore(path: path).load()
        }
    }
}

@Suite(.sharedMachine) struct JournalTests {
    @Test func appendsOneJSONLinePerEntry() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let journal = Journal(path: dir.file("j.jsonl"))
        let entry = JournalEntry(
            time: "2026-11-26T16:00:00.000Z", operatorName: "sre", operation: "rollback", target: "s.hcl",
            before: [("blue", 5000), ("green", 5000)], after: [("blue", 10000), ("green", 0)],
            apply: "file", result: "ok", versionBefore: "sha256:aa", versionAfter: "sha256:bb", reason: "green 5xx\nspike")
        try journal.append(entry)
        try journal.append(entry)
        let lines = try dir.read("j.jsonl").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[0] == #"{"time":"2026-11-26T16:00:00.000Z","operator":"sre","operation":"rollback","target":"s.hcl","before":{"blue":50,"green":50},"after":{"blue":100,"green":0},"apply":"file","result":"ok","version_before":"sha256:aa","version_after":"sha256:bb","reason":"green 5xx\nspike"}"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(decoded?["operation"] as? String == "rollback")
    }
}

@Suite(.sharedMachine) struct ApplyCommandTests {
    @Test func substitutesTheQuotedPathAndReportsOutput() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("it's here.hcl", "x")
        let result = try await ApplyCommand(template: "cat {file}; echo ' written'").run(for: path)
        #expect(result.succeeded)
        #expect(result.output == "x written")
    }

    @Test func failureIsReportedWithStatusAndOutput() async throws {
        let result = try await ApplyCommand(template: "echo 'Error writing config entry service-splitter/payments: Unexpected response code: 500' >&2; exit 3").run(for: "/tmp/x")
        #expect(!result.succeeded)
        #expect(result.status == 3)
        #expect(result.output.contains("Unexpected response code: 500"))
    }

    @Test func hangingCommandIsTerminatedAtTheTimeout() async throws {
        let result = try await ApplyCommand(template: "exec sleep 30", timeout: 0.2).run(for: "/tmp/x")
        #expect(result.timedOut)
        #expect(!result.succeeded)
    }
}
