import CanaryCore
import CanaryTesting
import Foundation
import Synchronization
import Testing
@testable import CanaryStore

/// A store the editor has never heard of: it learns what the store is from the protocol alone.
final class DeclaredStore: SplitterStore {
    let origin: EntryOrigin
    let localPath: String?
    let label = "declared"
    private let inner: MemorySplitterStore

    init(text: String, origin: EntryOrigin, localPath: String?) {
        inner = MemorySplitterStore(text: text)
        self.origin = origin
        self.localPath = localPath
    }

    func load() async throws -> SplitterSnapshot { try await inner.load() }
    func write(_ text: String, over base: SplitterSnapshot) async throws -> SplitterSnapshot {
        try await inner.write(text, over: base)
    }
    var writes: [String] { inner.writes }
}

/// What a store is (a file someone edits, or Consul itself) is asked of ``SplitterStore``, never
/// told by the store's type.
@Suite(.sharedMachine) struct SplitterStoreCapabilityTests {
    static let hcl = """
        kind = "service-splitter"
        name = "payments"
        splits = [
          { weight = 50, service_subset = "blue" },  # stable
          { weight = 50, service_subset = "green" },
        ]
        """
    static let json = #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":50,"ServiceSubset":"blue"},{"Weight":50,"ServiceSubset":"green"}],"ModifyIndex":7,"Unknown":1}"#

    private func editor(_ store: any SplitterStore, apply: ApplyMode = .file) -> SplitterEditor {
        SplitterEditor(store: store, apply: apply, journal: nil, resolver: nil, stable: "blue", operatorName: "t", now: { "t" })
    }

    @Test func eachStoreSaysWhatItIs() async throws {
        let file = FileSplitterStore(path: "/tmp/s.hcl")
        #expect(file.origin == .file && file.localPath == "/tmp/s.hcl")
        let memory = MemorySplitterStore(text: "")
        #expect(memory.origin == .file && memory.localPath == nil)
        let client = try ConsulClient(environment: ConsulEnvironment.from([:], readFile: { _ in "" }))
        let consul = ConsulSplitterStore(client: client, name: "payments")
        #expect(consul.origin == .apiReply && consul.localPath == nil)
        await client.shutdown()
    }

    @Test func aFileOriginIsRewrittenInPlaceKeepingEveryOtherByte() async throws {
        let store = DeclaredStore(text: Self.hcl, origin: .file, localPath: nil)
        let plan = try await editor(store).plan(.rollback)
        #expect(plan.newText == Self.hcl.replacingOccurrences(of: "weight = 50, service_subset = \"green\"", with: "weight = 0, service_subset = \"green\"")
            .replacingOccurrences(of: "weight = 50, service_subset = \"blue\"", with: "weight = 100, service_subset = \"blue\""))
    }

    @Test func anAPIReplyOriginIsReadLenientlyAndWrittenAsTheEntrysJSON() async throws {
        // An unknown key is a problem in a file (Consul would refuse it), ignored in Consul's reply;
        // a file's JSON is rewritten in place, Consul's entry is sent as its JSON.
        let file = DeclaredStore(text: Self.json, origin: .file, localPath: nil)
        let filePlan = try await editor(file).plan(.rollback)
        #expect(filePlan.wasInvalid == ["invalid config key \"Unknown\""])
        #expect(filePlan.newText.contains("\"Unknown\":1") && filePlan.newText.contains("\"Weight\":100"))
        let consul = DeclaredStore(text: Self.json, origin: .apiReply, localPath: nil)
        let plan = try await editor(consul).plan(.rollback)
        #expect(plan.wasInvalid.isEmpty)
        #expect(plan.newText == SplitterRewrite.renderJSON(plan.newEntry))
        #expect(plan.newText.contains("\"Weight\": 100") && !plan.newText.contains("Unknown"))
    }

    @Test func theApplyCommandGetsTheStoresLocalPath() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let command = ApplyCommand(template: "echo applied {file}", timeout: 10)
        let onDisk = DeclaredStore(text: Self.hcl, origin: .file, localPath: dir.file("s.hcl"))
        let e = editor(onDisk, apply: .command(command))
        let result = try await e.commit(try await e.plan(.rollback))
        #expect(result.command?.output.contains("applied \(dir.file("s.hcl"))") == true)
        // Without a file on disk the command is told the label.
        let nowhere = DeclaredStore(text: Self.hcl, origin: .file, localPath: nil)
        let f = editor(nowhere, apply: .command(command))
        #expect(try await f.commit(try await f.plan(.rollback)).command?.output.contains("applied declared") == true)
    }
}
