import CanaryCore
import CanaryStore
import CanaryTesting
import ConsulStandIn
import Foundation
import Testing
@testable import CanaryApp

/// The dashboard's writer on an entry consul-k8s owns: every key that writes — rollback too —
/// comes back as one failure naming the resource and `--apply kubectl`, and Consul gets no PUT.
@Suite(.sharedMachine) struct SplitterWriterOwnedEntryTests {
    @Test func everyWriteKeyOnAConsulK8sEntryFailsWithTheRefusal() async throws {
        try await withStandIn { consul, client in
            try consul.seed(json: FakeCluster.splitterJSON(), consulK8s: "dc1")
            let editor = SplitterEditor(
                store: ConsulSplitterStore(client: client, name: "payments"), apply: .api, journal: nil, resolver: nil,
                stable: "blue", consul: client, operatorName: "test", now: { "t" })
            let inbox = Inbox()
            let writer = SplitterWriter(editor: editor, inbox: inbox, feed: FakeFeed(), dryRun: false, now: { 1 })
            let split = try await writer.load()
            // The header reads the owner from the split as loaded.
            #expect(EntryOwner(meta: split.entry.meta).display == "managed by consul-k8s (dc1)")
            for operation in [WeightEdit.rollback, .promote("green"), .shift(toward: "green", by: Weight(hundredths: 500))] {
                await writer.perform(operation, reason: "operator")
                let failures = inbox.drain().compactMap { action -> String? in
                    if case .writeFailed(let message, let conflict) = action, !conflict { return message }
                    return nil
                }
                #expect(failures.count == 1, "\(operation)")
                #expect(failures.first?.contains(#"is managed by consul-k8s (dc1)"#) == true, "\(failures)")
                #expect(failures.first?.contains("(use --apply kubectl): service-splitter \"payments\" is managed by consul-k8s") == true)
            }
            #expect(consul.requestLog.allSatisfy { !$0.hasPrefix("PUT") })
        }
    }
}
