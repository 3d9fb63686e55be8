import CanaryCore
import ConsulStandIn
import Testing
@testable import CanaryDemo

/// Weighted routing and the discovery chain, without sockets.
@Suite struct RoutingTests {
    @Test func smoothRoundRobinAlternatesAtFiftyFifty() {
        var rr = SmoothWeightedRoundRobin(weights: [5000, 5000])
        #expect((0..<6).map { _ in rr.next()! } == [0, 1, 0, 1, 0, 1])
    }

    @Test func everyPrefixStaysWithinOneOfTheExactShare() {
        for weights in [[9000, 1000], [3333, 3333, 3334], [1, 9999], [2500, 0, 7500], [100, 200, 300, 9400]] {
            var rr = SmoothWeightedRoundRobin(weights: weights)
            var counts = Array(repeating: 0, count: weights.count)
            let total = Double(weights.reduce(0, +))
            for n in 1...20_000 {
                counts[rr.next()!] += 1
                for i in weights.indices {
                    let exact = Double(n) * Double(weights[i]) / total
                    #expect(abs(Double(counts[i]) - exact) < Double(weights.count), "\(weights) after \(n)")
                }
            }
        }
    }

    @Test func weightZeroIsNeverPickedAndNoWeightPicksNothing() {
        var rr = SmoothWeightedRoundRobin(weights: [10_000, 0])
        #expect((0..<1000).allSatisfy { _ in rr.next() == 0 })
        var none = SmoothWeightedRoundRobin(weights: [0, 0])
        #expect(none.next() == nil)
        var empty = SmoothWeightedRoundRobin(weights: [])
        #expect(empty.next() == nil)
    }

    static let resolver = try! ResolverEntry(text: WorkingCopies.workshopResolver, label: "r")
    static let splitter = try! SplitterDocument(text: WorkingCopies.workshopSplitter, label: "s").entry
    static let blue = DemoTopology.registration(subset: "blue", port: 1001)
    static let green = DemoTopology.registration(subset: "green", port: 1002)

    @Test func workshopChainSendsEachSubsetToItsVersion() {
        let table = RouteTable(splitter: Self.splitter, resolver: Self.resolver, instances: [Self.green, Self.blue])
        #expect(table.targets.map(\.name) == ["blue", "green"])
        #expect(table.targets.map(\.weight) == [Weight(percent: 50), Weight(percent: 50)])
        #expect(table.targets.map { $0.instances.map(\.port) } == [[1001], [1002]])
        #expect(table.summary == "blue 50 / green 50")
    }

    @Test func emptySubsetMeansTheResolversDefaultAndUnknownMeansNoInstances() throws {
        let text = #"{"Kind":"service-splitter","Name":"payments","Splits":[{"Weight":60},{"Weight":30,"ServiceSubset":"purple"},{"Weight":10,"Service":"other"}]}"#
        let splitter = try SplitterDocument(text: text, label: "s").entry
        let table = RouteTable(splitter: splitter, resolver: Self.resolver, instances: [Self.blue, Self.green])
        #expect(table.targets.map(\.name) == ["blue", "purple", "other"])
        #expect(table.targets.map { $0.instances.map(\.port) } == [[1001], [], []])
        // Without a resolver, the default subset is every instance.
        let open = RouteTable(splitter: splitter, resolver: nil, instances: [Self.blue, Self.green])
        #expect(open.targets[0].instances.map(\.port) == [1001, 1002])
    }

    @Test func criticalInstancesNeverTakeTrafficAndOnlyPassingDropsWarnings() throws {
        var sick = Self.green
        sick.status = .critical
        #expect(RouteTable(splitter: Self.splitter, resolver: Self.resolver, instances: [Self.blue, sick]).targets[1].instances == [])
        var warned = Self.green
        warned.status = .warning
        #expect(RouteTable(splitter: Self.splitter, resolver: Self.resolver, instances: [Self.blue, warned]).targets[1].instances == [warned])
        var strict = Self.resolver
        strict.subsets[1].onlyPassing = true
        #expect(RouteTable(splitter: Self.splitter, resolver: strict, instances: [Self.blue, warned]).targets[1].instances == [])
    }

    @Test func routerSpreadsAcrossTargetsThenInstancesAndFollowsANewTable() {
        var second = Self.blue
        second.id = "payments-blue-2"
        second.port = 1003
        let table = RouteTable(splitter: Self.splitter, resolver: Self.resolver, instances: [Self.blue, second, Self.green])
        let router = SplitRouter(table: table)
        let ports = (0..<8).map { _ -> Int in
            guard case .instance(let i, _) = router.pick() else { return -1 }
            return i.port
        }
        #expect(ports == [1001, 1002, 1003, 1002, 1001, 1002, 1003, 1002])
        router.update(RouteTable(splitter: Self.splitter.withWeights([.full, .zero]), resolver: Self.resolver, instances: [Self.blue, Self.green]))
        #expect((0..<100).allSatisfy { _ in router.pick() == .instance(Self.blue, target: "blue") })
        router.update(RouteTable(splitter: Self.splitter, resolver: Self.resolver, instances: [Self.blue]))
        #expect(router.pick() == .instance(Self.blue, target: "blue"))
        #expect(router.pick() == .noHealthyUpstream(target: "green"))
        #expect(router.pickCounts["blue"] == 4 + 100 + 1)
        #expect(SplitRouter(table: RouteTable(targets: [])).pick() == .noRoute)
    }
}
