import CanaryTesting
import Foundation
import Testing
import ConsulStandIn
@testable import CanaryStore

/// canarytop's Consul client and API store against the loopback stand-in (real HTTP).
@Suite(.sharedMachine) struct ConsulAPITests {
    static let splitter = #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":50,"ServiceSubset":"blue"},{"Weight":50,"ServiceSubset":"green"}]}"#
    static let rolledBack = #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":100,"ServiceSubset":"blue"},{"Weight":0,"ServiceSubset":"green"}]}"#

    private func withConsul(
        token: String? = nil, clientToken: String? = nil,
        validator: ConsulStandIn.Validator? = nil,
        _ body: (ConsulStandIn, ConsulClient) async throws -> Void
    ) async throws {
        try await withStandIn(requiredToken: token, validator: validator, flags: .init(token: clientToken), body)
    }

    @Test func readsEntryWithIndexes() async throws {
        try await withConsul { consul, client in
            let index = try consul.seed(json: Self.splitter)
            let store = ConsulSplitterStore(client: client, name: "payments")
            let snap = try await store.load()
            #expect(snap.version == .modifyIndex(index))
            #expect(snap.text.contains("\"CreateIndex\""))
            #expect(snap.text.contains("\"ServiceSubset\":\"green\""))
        }
    }

    @Test func missingEntryIs404WithConsulsText() async throws {
        try await withConsul { _, client in
            do {
                _ = try await client.configEntry(kind: "service-splitter", name: "payments")
                Issue.record("expected 404")
            } catch let error as StoreError {
                #expect(error == .consul(status: 404, message: #"Config entry not found for "service-splitter" / "payments""#))
            }
        }
    }

    @Test func casWriteSucceedsThenLosesToAStaleIndex() async throws {
        try await withConsul { consul, client in
            try consul.seed(json: Self.splitter)
            let store = ConsulSplitterStore(client: client, name: "payments")
            let base = try await store.load()
            let after = try await store.write(Self.rolledBack, over: base)
            #expect(after.version != base.version)
            #expect(consul.entry(kind: "service-splitter", name: "payments")?.contains("\"Weight\":100") == true)
            // A second write based on the old snapshot must not clobber.
            await #expect(throws: StoreError.self) { try await store.write(Self.splitter, over: base) }
            #expect(consul.entry(kind: "service-splitter", name: "payments")?.contains("\"Weight\":100") == true)
            #expect(consul.requestLog.contains("PUT /v1/config?cas=\(base.version.index!)"))
        }
    }

    @Test func casZeroOnlyCreates() async throws {
        try await withConsul { consul, client in
            let first = try await client.writeConfigEntry(json: Self.splitter, cas: 0)
            let second = try await client.writeConfigEntry(json: Self.splitter, cas: 0)
            #expect(first == true)
            #expect(second == false)
        }
    }

    @Test func wrongTokenIs403AndTokenIsSentAsHeader() async throws {
        try await withConsul(token: "right", clientToken: "wrong") { consul, client in
            do {
                _ = try await client.configEntry(kind: "service-splitter", name: "payments")
                Issue.record("expected 403")
            } catch let error as StoreError {
                #expect(error == .consul(status: 403, message: "ACL not found"))
                #expect(!"\(error)".contains("wrong"))
            }
        }
        try await withConsul(token: "right", clientToken: "right") { consul, client in
            try consul.seed(json: Self.splitter)
            _ = try await client.configEntry(kind: "service-splitter", name: "payments")
        }
    }

    @Test func validationFailureIs500WithConsulsPlainText() async throws {
        let validator: ConsulStandIn.Validator = { _, json, _ in
            json.contains("\"Weight\":80") ? "the sum of all split weights must be 100, not 80.000000" : nil
        }
        try await withConsul(validator: validator) { consul, client in
            do {
                _ = try await client.writeConfigEntry(json: #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":80}]}"#, cas: nil)
                Issue.record("expected 500")
            } catch let error as StoreError {
                #expect(error == .consul(status: 500, message: "the sum of all split weights must be 100, not 80.000000"))
            }
        }
    }

    @Test func badJSONIs400() async throws {
        try await withConsul { _, client in
            do {
                _ = try await client.writeConfigEntry(json: "{nope", cas: nil)
                Issue.record("expected 400")
            } catch let error as StoreError {
                guard case .consul(400, let message) = error else { Issue.record("got \(error)"); return }
                #expect(message.hasPrefix("Request decoding failed"))
            }
        }
    }

    @Test func snakeCaseIsAcceptedAndReturnedCamelCase() async throws {
        try await withConsul { consul, client in
            let ok = try await client.writeConfigEntry(
                json: #"{"kind":"service-splitter","name":"payments","splits":[{"weight":100,"service_subset":"blue"}],"meta":{"owner_team":"x"}}"#, cas: nil)
            #expect(ok)
            let text = try #require(consul.entry(kind: "service-splitter", name: "payments"))
            #expect(text.contains("\"ServiceSubset\":\"blue\""))
            #expect(text.contains("\"owner_team\":\"x\""))
        }
    }

    @Test func blockingReadReturnsOnChange() async throws {
        try await withConsul { consul, client in
            try consul.seed(json: Self.splitter)
            let store = ConsulSplitterStore(client: client, name: "payments")
            let base = try await store.load()
            async let changed = store.watch(after: base, wait: 20)
            // Writer: waits until the blocking GET is registered (seen in the log), then writes.
            while !consul.requestLog.contains(where: { $0.contains("index=") }) { await Task.yield() }
            try consul.seed(json: Self.rolledBack)
            let snap = try await changed
            #expect(snap.text.contains("\"Weight\":100"))
            #expect(snap.version != base.version)
        }
    }

    @Test func blockingReadReturnsUnchangedWhenTheWaitEnds() async throws {
        try await withConsul { consul, client in
            try consul.seed(json: Self.splitter)
            let store = ConsulSplitterStore(client: client, name: "payments")
            let base = try await store.load()
            let snap = try await store.watch(after: base, wait: 1)
            #expect(snap.version == base.version)
        }
    }

    @Test func unreachableConsulIsAOneLineError() async throws {
        // Bind-and-close a port so nothing listens there.
        let consul = try await ConsulStandIn.start()
        let address = consul.address
        await consul.shutdown()
        let client = try ConsulClient(environment: try ConsulEnvironment.from(["CONSUL_HTTP_ADDR": address]) { _ in "" })
        defer { Task { await client.shutdown() } }
        do {
            _ = try await client.configEntry(kind: "service-splitter", name: "payments")
            Issue.record("expected failure")
        } catch let error as StoreError {
            guard case .unreachable(let message) = error else { Issue.record("got \(error)"); return }
            #expect(message.contains(address))
            #expect(!message.contains("\n"))
        }
    }
}

extension SplitterVersion {
    var index: UInt64? {
        if case .modifyIndex(let i) = self { return i }
        return nil
    }
}
