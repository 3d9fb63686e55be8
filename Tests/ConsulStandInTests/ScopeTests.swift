import CanaryStore
import CanaryTesting
import Foundation
import Testing
@testable import ConsulStandIn

/// `dc`, `ns` and `partition`, as canarytop's client sends them (`--datacenter`, `--namespace`,
/// `--partition`) and as Consul Community Edition answers them.
@Suite(.sharedMachine) struct ScopeTests {
    static let splitter = #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":100,"ServiceSubset":"blue"}]}"#

    private func withClient(
        _ flags: ConsulEnvironment.Flags, token: String? = nil, _ body: (ConsulStandIn, ConsulClient) async throws -> Void
    ) async throws {
        try await withStandIn(requiredToken: token, flags: flags) { consul, client in
            try consul.seed(json: Self.splitter)
            try await body(consul, client)
        }
    }

    private func refusal(_ client: ConsulClient) async -> StoreError? {
        do {
            _ = try await client.configEntry(kind: "service-splitter", name: "payments")
            return nil
        } catch {
            return error as? StoreError
        }
    }

    @Test func theStandInsOwnDatacenterAnswersAndAnotherHasNoPath() async throws {
        try await withClient(.init(datacenter: ConsulStandIn.datacenter)) { consul, client in
            _ = try await client.configEntry(kind: "service-splitter", name: "payments")
            _ = try await client.healthService("payments", filter: nil, passing: true)
            #expect(consul.requestLog.contains("GET /v1/config/service-splitter/payments?dc=dc1"))
            #expect(consul.requestLog.contains("GET /v1/health/service/payments?passing&dc=dc1"))
        }
        try await withClient(.init(datacenter: "dc2")) { _, client in
            #expect(await refusal(client) == .consul(status: 500, message: "No path to datacenter"))
            await #expect(throws: StoreError.consul(status: 500, message: "No path to datacenter")) {
                try await client.writeConfigEntry(json: Self.splitter, cas: nil)
            }
        }
    }

    @Test func namespacesAndPartitionsAreEnterpriseFeaturesEvenBeforeTheACLCheck() async throws {
        try await withClient(.init(namespace: "default"), token: "s3cret") { _, client in
            #expect(await refusal(client)
                == .consul(status: 400, message: #"Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature"#))
        }
        try await withClient(.init(partition: "team-a")) { consul, client in
            #expect(await refusal(client)
                == .consul(status: 400, message: #"Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature"#))
            #expect(consul.requestLog.last == "GET /v1/config/service-splitter/payments?partition=team-a")
        }
    }
}
