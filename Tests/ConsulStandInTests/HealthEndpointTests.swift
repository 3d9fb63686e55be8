import CanaryStore
import CanaryTesting
import Foundation
import Testing
@testable import ConsulStandIn

/// `GET /v1/health/service/<name>` on the stand-in, over real HTTP with canarytop's Consul client.
@Suite(.sharedMachine) struct HealthEndpointTests {
    private func withConsul(_ body: (ConsulStandIn, ConsulClient) async throws -> Void) async throws {
        try await withStandIn { consul, client in
            consul.register(FilterExpressionTests.blue)
            consul.register(FilterExpressionTests.green)
            consul.register(ServiceInstance(id: "web-1", service: "web", address: "10.42.0.17", port: 9090))
            try await body(consul, client)
        }
    }

    private func entries(_ body: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
    }

    private func ids(_ body: String) throws -> [String] {
        try entries(body).compactMap { ($0["Service"] as? [String: Any])?["ID"] as? String }
    }

    @Test func listsInstancesWithNodeServiceAndChecks() async throws {
        try await withConsul { _, client in
            let reply = try await client.healthService("payments", filter: nil, passing: false)
            #expect(reply.index != nil)
            let list = try entries(reply.body)
            #expect(list.count == 2)
            let service = try #require(list[0]["Service"] as? [String: Any])
            #expect(service["Address"] as? String == "10.42.0.10")
            #expect(service["Meta"] as? [String: String] == ["version": "2"])
            #expect(service["Tags"] as? [String] == ["v2"])
            #expect(service["Port"] as? Int == 9090)
            #expect((list[0]["Node"] as? [String: Any])?["Address"] as? String == "127.0.0.1")
            #expect((list[0]["Checks"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func filterAndPassingSelectInstances() async throws {
        try await withConsul { _, client in
            let green = try await client.healthService("payments", filter: "Service.Meta.version == 3", passing: false)
            #expect(try ids(green.body) == ["payments-green-1"])
            let blue = try await client.healthService("payments", filter: #"v2 in Service.Tags or Service.ID == "x""#, passing: false)
            #expect(try ids(blue.body) == ["payments-blue-1"])
            // Green's check is critical.
            let passing = try await client.healthService("payments", filter: nil, passing: true)
            #expect(try ids(passing.body) == ["payments-blue-1"])
            let unknown = try await client.healthService("nothing", filter: nil, passing: false)
            #expect(try ids(unknown.body) == [])
        }
    }

    @Test func badFilterIs400WithConsulsText() async throws {
        try await withConsul { _, client in
            do {
                _ = try await client.healthService("payments", filter: "Service.Meta.version = 2", passing: false)
                Issue.record("expected a 400")
            } catch let error as StoreError {
                guard case .consul(let status, let message) = error else { throw error }
                #expect(status == 400)
                #expect(message.hasPrefix("Failed to create boolean expression evaluator: 1:22 (21)"))
            }
        }
    }

    @Test func blockingReadReturnsWhenTheServiceChanges() async throws {
        try await withConsul { consul, client in
            let first = try await client.healthService("payments", filter: nil, passing: true)
            let index = try #require(first.index)
            // A change to another service does not count; the green instance turning healthy does.
            async let next = client.healthService("payments", filter: nil, passing: true, index: index, wait: 30)
            consul.register(ServiceInstance(id: "web-2", service: "web", port: 9091))
            consul.setStatus(id: "payments-green-1", .passing)
            let reply = try await next
            #expect(try #require(reply.index) > index)
            #expect(try ids(reply.body) == ["payments-blue-1", "payments-green-1"])
        }
    }

    @Test func deregisterRemovesTheInstance() async throws {
        try await withConsul { consul, client in
            consul.deregister(id: "payments-blue-1")
            let reply = try await client.healthService("payments", filter: nil, passing: false)
            #expect(try ids(reply.body) == ["payments-green-1"])
            #expect(consul.instances(of: "payments").map(\.id) == ["payments-green-1"])
        }
    }

    @Test func resolverWithABadFilterIsRefusedLikeConsul() async throws {
        try await withConsul { _, client in
            let resolver = #"{"Kind":"service-resolver","Name":"payments","Subsets":{"green":{"Filter":"Service.Meta.version = 3"}}}"#
            do {
                _ = try await client.writeConfigEntry(json: resolver, cas: nil)
                Issue.record("expected a 500")
            } catch let error as StoreError {
                guard case .consul(let status, let message) = error else { throw error }
                #expect(status == 500)
                #expect(message.hasPrefix(#"Filter for subset "green" is not a valid expression: 1:22 (21): no match found"#))
            }
        }
    }
}
