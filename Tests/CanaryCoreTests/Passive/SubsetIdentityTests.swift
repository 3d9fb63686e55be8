import Testing
@testable import CanaryCore

/// Finding a series' subset: Consul's tags first, the deprecated twin next, the cluster name last.
@Suite struct SubsetIdentityTests {
    static let trust = "7c1f0e2a-0d2b-4c7e-9a51-3f0b8c6d1e42.consul"

    @Test func readsConsulsClusterNames() throws {
        let green = try #require(EnvoyClusterName("green.payments.default.dc1.internal.\(Self.trust)"))
        #expect(green.prefix == nil && green.subset == "green" && green.service == "payments" && green.namespace == "default")
        #expect(green.partition == nil && green.datacenter == "dc1" && green.trustDomain == Self.trust)
        let plain = try #require(EnvoyClusterName("payments.default.dc1.internal.\(Self.trust)"))
        #expect(plain.subset == nil && plain.service == "payments" && plain.datacenter == "dc1")
        let partitioned = try #require(EnvoyClusterName("blue.payments.team-a.part1.dc2.internal-v1.\(Self.trust)"))
        #expect(partitioned.subset == "blue" && partitioned.namespace == "team-a" && partitioned.partition == "part1")
        #expect(partitioned.datacenter == "dc2")
        let partitionedPlain = try #require(EnvoyClusterName("payments.ns.part1.dc2.internal-v1.\(Self.trust)"))
        #expect(partitionedPlain.subset == nil && partitionedPlain.partition == "part1")
        let prefixed = try #require(EnvoyClusterName("a1b2c3d4~green.payments.default.dc1.internal.\(Self.trust)"))
        #expect(prefixed.prefix == "a1b2c3d4" && prefixed.subset == "green")
        let failover = try #require(EnvoyClusterName("failover-target~payments.default.dc3.internal.\(Self.trust)"))
        #expect(failover.prefix == "failover-target" && failover.subset == nil && failover.datacenter == "dc3")
    }

    @Test(arguments: [
        "local_app", "green", "payments.default.peer1.external.\(trust)", "x.internal.\(trust)",
        "a.b.c.d.e.f.internal.\(trust)", "green..default.dc1.internal.\(trust)", "green.payments.default.dc1.internal.", "",
        "original-destination",
    ])
    func refusesOtherClusterNames(name: String) {
        #expect(EnvoyClusterName(name) == nil)
    }

    @Test func splitsDottedStatNames() throws {
        let split = try #require(EnvoyClusterName.splitStat("cluster.green.payments.default.dc1.internal.\(Self.trust).retry.upstream_rq_5xx"))
        #expect(split.cluster.subset == "green" && split.stat == "retry.upstream_rq_5xx")
        let plain = try #require(EnvoyClusterName.splitStat("cluster.payments.default.dc1.internal.\(Self.trust).upstream_rq_total"))
        #expect(plain.cluster.subset == nil && plain.stat == "upstream_rq_total")
        #expect(EnvoyClusterName.splitStat("cluster.local_app.upstream_rq_total") == nil)
        #expect(EnvoyClusterName.splitStat("http.public_listener.downstream_rq_total") == nil)
        #expect(EnvoyClusterName.splitStat("cluster.green.payments.default.dc1.internal.\(Self.trust)") == nil)
    }

    @Test func destinationLabelComesFirst() {
        let labels: PromLabels = [
            "consul_destination_service_subset": "green", "consul_service_subset": "blue", "consul_destination_service": "payments",
            "envoy_cluster_name": "blue",
        ]
        #expect(SubsetIdentity.of(labels) == SubsetIdentity(subset: "green", service: "payments", origin: .destinationLabel))
    }

    @Test func deprecatedLabelIsTheFallback() {
        let labels: PromLabels = ["consul_service_subset": "blue", "consul_service": "payments", "envoy_cluster_name": "green"]
        #expect(SubsetIdentity.of(labels) == SubsetIdentity(subset: "blue", service: "payments", origin: .deprecatedLabel))
    }

    @Test func emptySubsetLabelMeansNoSubset() {
        let labels: PromLabels = ["consul_destination_service_subset": "", "consul_destination_service": "payments"]
        #expect(SubsetIdentity.of(labels) == SubsetIdentity(subset: nil, service: "payments", origin: .destinationLabel))
    }

    @Test func clusterNameIsTheLastResortAndEnvoysLabelIsNever() {
        // Only Envoy's truncated label: nothing says which subset (it could be the service).
        #expect(SubsetIdentity.of(["envoy_cluster_name": "green"]) == nil)
        #expect(SubsetIdentity.of(["envoy_cluster_name": "payments"]) == nil)
        let named = SubsetIdentity.of(["envoy_cluster_name": "green"], clusterName: "green.payments.default.dc1.internal.\(Self.trust)")
        #expect(named == SubsetIdentity(subset: "green", service: "payments", origin: .clusterName))
        #expect(SubsetIdentity.of([:], clusterName: "local_app") == nil)
    }

    @Test func filterKeepsOneServiceThroughTheSelector() throws {
        let filter = PassiveSeriesFilter(service: "payments", selector: try PromSelector.parse(#"local_cluster="web""#))
        #expect(filter.subset(of: ["local_cluster": "web", "consul_destination_service": "payments", "consul_destination_service_subset": "green"])?.subset == "green")
        #expect(filter.subset(of: ["local_cluster": "api", "consul_destination_service": "payments", "consul_destination_service_subset": "green"]) == nil)
        #expect(filter.subset(of: ["local_cluster": "web", "consul_destination_service": "currency", "consul_destination_service_subset": "green"]) == nil)
        #expect(filter.subset(of: ["local_cluster": "web", "consul_service": "payments", "consul_service_subset": "blue"])?.subset == "blue")
        #expect(filter.subset(of: ["local_cluster": "web", "consul_destination_service": "payments"]) == nil)
        #expect(filter.subset(
            of: ["local_cluster": "web"], clusterName: "green.payments.default.dc1.internal.\(Self.trust)")?.origin == .clusterName)
    }
}
