import CanaryCore
import CanaryTesting
import Testing
@testable import CanaryStore

/// Catalog attribution: the resolver's filters sent to the health API, addresses turned into
/// rules, and blocking refreshes that bring a new instance in at once.
@Suite(.sharedMachine) struct CatalogAttributionTests {
    static let resolver = try! ResolverEntry(
        text: #"{"Kind":"service-resolver","Name":"payments","DefaultSubset":"blue","Subsets":{"blue":{"Filter":"Service.Meta.version == 2","OnlyPassing":true},"green":{"Filter":"Service.Meta.version == 3"},"all":{}}}"#,
        label: "resolver")
    static let blueFilter = "Service.Meta.version == 2"
    static let greenFilter = "Service.Meta.version == 3"

    private func client(_ catalog: FakeCatalog) throws -> ConsulClient {
        try ConsulClient(environment: try ConsulEnvironment.from(["CONSUL_HTTP_ADDR": catalog.address]) { _ in "" })
    }

    private func trace(ip: String) -> Trace {
        Trace(root: Hop(name: "web", upstreamCalls: [Hop(name: "api-v1", ipAddresses: [ip], code: 200)]))
    }

    @Test func healthRepliesGiveServiceElseNodeAddresses() throws {
        let json = #"[{"Node":{"Address":"10.0.0.1"},"Service":{"Address":"10.42.0.10"}},{"Node":{"Address":"10.0.0.2"},"Service":{"Address":""}},{"Node":{"Address":"10.0.0.3"},"Service":{"Address":"10.42.0.10"}}]"#
        #expect(try HealthInstances.addresses(fromJSON: json) == ["10.42.0.10", "10.0.0.2"])
        #expect(throws: StoreError.self) { try HealthInstances.addresses(fromJSON: "{}") }
    }

    @Test func eachSubsetIsAskedForWithItsOwnFilterAndExplicitRulesWin() async throws {
        let catalog = try await FakeCatalog.start(service: "payments", instances: [
            Self.blueFilter: [.init(serviceAddress: "10.42.0.10")],
            Self.greenFilter: [.init(serviceAddress: "", nodeAddress: "10.42.0.19")],
            "": [.init(serviceAddress: "10.42.0.10"), .init(serviceAddress: "10.42.0.19"), .init(serviceAddress: "10.42.0.77")],
        ])
        let consul = try client(catalog)
        let explicit = try SubsetRule(parsing: "pinned=ip:10.42.0.10")
        let catalogAttribution = CatalogAttribution(client: consul, resolver: Self.resolver, base: Attributor(rules: [explicit]))
        let attributor = try await catalogAttribution.load()
        await consul.shutdown()
        await catalog.shutdown()

        #expect(catalog.filtersAsked == [Self.blueFilter, Self.greenFilter, ""])
        #expect(attributor.rules.map(\.subset) == ["pinned", "blue", "green", "all"])
        #expect(attributor.attribute(trace(ip: "10.42.0.10")).subset == "pinned")
        #expect(attributor.attribute(trace(ip: "10.42.0.19")).subset == "green")
        // The unfiltered subset only claims what no narrower subset lists.
        #expect(attributor.attribute(trace(ip: "10.42.0.77")).subset == "all")
        #expect(attributor.attribute(trace(ip: "10.9.9.9")).subset == nil)
    }

    @Test func aNewInstanceIsAttributedAsSoonAsTheCatalogListsIt() async throws {
        let catalog = try await FakeCatalog.start(service: "payments", instances: [
            Self.blueFilter: [.init(serviceAddress: "10.42.0.10")],
            Self.greenFilter: [.init(serviceAddress: "10.42.0.19")],
        ])
        let consul = try client(catalog)
        let catalogAttribution = CatalogAttribution(client: consul, resolver: Self.resolver, base: Attributor())
        let first = try await catalogAttribution.load()
        #expect(first.attribute(trace(ip: "10.42.0.20")).subset == nil)

        let (changes, continuation) = AsyncStream.makeStream(of: Attributor.self)
        let refresh = Task {
            await catalogAttribution.refresh(wait: 5, onChange: { continuation.yield($0) })
        }
        // Whether the blocking query is parked yet or not, it answers with the change.
        catalog.publish([.init(serviceAddress: "10.42.0.19"), .init(serviceAddress: "10.42.0.20")], for: Self.greenFilter)
        var iterator = changes.makeAsyncIterator()
        let updated = await iterator.next()
        refresh.cancel()
        await consul.shutdown()
        await catalog.shutdown()
        #expect(updated?.attribute(trace(ip: "10.42.0.20")).subset == "green")
        #expect(updated?.attribute(trace(ip: "10.42.0.10")).subset == "blue")
    }
}
