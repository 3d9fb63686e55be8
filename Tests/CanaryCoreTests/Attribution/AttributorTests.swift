import Testing
@testable import CanaryCore

/// Traces shaped like the workshop's: both payments hops are named `api-v1`; only the IP differs.
enum WorkshopTraces {
    static func reply(ip: String, hopCode: Int = 200, innerCode: Int = 200, innerError: String? = nil) -> Trace {
        Trace(root: Hop(
            name: "web", uri: "/", ipAddresses: ["10.42.0.17"], code: hopCode == 200 ? 200 : 500,
            upstreamCalls: [
                Hop(
                    name: "api-v1", uri: "http://localhost:9091", type: "HTTP", ipAddresses: [ip],
                    durationText: "15.337719ms", duration: 0.015337719,
                    headers: [.init(name: "X-Version", value: ip.hasSuffix(".19") ? "v3" : "v2")],
                    body: "Response from API", code: hopCode,
                    error: hopCode == 200 ? nil : "Error processing upstream request: http://localhost:9091/",
                    upstreamCalls: [Hop(uri: "http://localhost:9091", code: innerCode, error: innerError)])
            ]))
    }
    static let blue = reply(ip: "10.42.0.10")
    static let green = reply(
        ip: "10.42.0.19", hopCode: 500, innerCode: -1,
        innerError: "Error communicating with upstream service: Client.Timeout exceeded")
}

@Suite struct AttributorTests {
    let byIP = Attributor(rules: [
        try! SubsetRule(parsing: "blue=ip:10.42.0.10"),
        try! SubsetRule(parsing: "green=ip:10.42.0.19"),
    ])

    @Test func ipRulesTellTheWorkshopHopsApart() {
        #expect(byIP.attribute(WorkshopTraces.blue).subset == "blue")
        #expect(byIP.attribute(WorkshopTraces.green).subset == "green")
        #expect(byIP.attribute(WorkshopTraces.green).reason == .rule(index: 1, rule: byIP.rules[1]))
        #expect(byIP.attribute(WorkshopTraces.green).hopPath == ["web", "api-v1"])
    }

    @Test func firstMatchingRuleWins() throws {
        let a = Attributor(rules: [
            try SubsetRule(parsing: "canary=ip:10.42.0.0/24"),
            try SubsetRule(parsing: "green=ip:10.42.0.19"),
        ])
        #expect(a.attribute(WorkshopTraces.green).subset == "canary")
    }

    @Test func nameAloneCannotTellThemApart() throws {
        let a = Attributor(rules: [try SubsetRule(parsing: "v1=name:api-v1")])
        #expect(a.attribute(WorkshopTraces.blue).subset == "v1")
        #expect(a.attribute(WorkshopTraces.green).subset == "v1")
    }

    @Test func headerRuleIsCaseInsensitiveOnTheName() throws {
        let a = Attributor(rules: [try SubsetRule(parsing: "green=header:x-version=v3")])
        #expect(a.attribute(WorkshopTraces.green).subset == "green")
        #expect(a.attribute(WorkshopTraces.blue).subset == nil)
    }

    @Test func bodyRule() throws {
        var t = WorkshopTraces.blue
        t.root.upstreamCalls[0].body = "Payments v3 here"
        let a = Attributor(rules: [try SubsetRule(parsing: "green=body:v3")])
        #expect(a.attribute(t).subset == "green")
        #expect(a.attribute(WorkshopTraces.blue).subset == nil)
    }

    @Test func noRulesGroupsByHopName() {
        let a = Attributor()
        let r = a.attribute(WorkshopTraces.blue)
        #expect(r.subset == "api-v1")
        #expect(r.reason == .hopName)
    }

    @Test func unmatchedReplyIsUnattributedNotGuessed() throws {
        let a = Attributor(rules: [try SubsetRule(parsing: "green=ip:10.99.0.1")])
        let r = a.attribute(WorkshopTraces.blue)
        #expect(r.subset == nil)
        #expect(r.reason == .noRuleMatched)
        #expect(r.hop?.name == "api-v1")
    }

    @Test func noReplyEntryWithoutNameOrIPIsUnattributed() {
        // web's own upstream gave no reply at all: only uri, code -1, error.
        let t = Trace(root: Hop(name: "web", code: 500, upstreamCalls: [
            Hop(uri: "http://localhost:9091", code: -1, error: "Error communicating with upstream service: EOF")
        ]))
        #expect(byIP.attribute(t).subset == nil)
        #expect(Attributor().attribute(t).subset == nil)
        #expect(Attributor().attribute(t).reason == .hopHasNoName)
        let o = byIP.observe(.trace(t), status: 500, latency: 0.01)
        #expect(o.subset == nil)
        #expect(o.hopCode == -1)
        #expect(o.failingHop?.error == "Error communicating with upstream service: EOF")
    }

    @Test func traceWithoutUpstreamsHasNoHop() {
        let t = Trace(root: Hop(name: "web", code: 500, error: "Service error automatically injected"))
        #expect(byIP.attribute(t).reason == .noHop)
        #expect(byIP.attribute(t).subset == nil)
    }

    @Test func hopPatternSearchesAtAnyDepth() throws {
        // web → gateway → payments(green); the rule looks at the payments hop found by URI.
        let t = Trace(root: Hop(name: "web", code: 200, upstreamCalls: [
            Hop(name: "gateway", uri: "http://gateway:9090", ipAddresses: ["10.0.0.2"], code: 200, upstreamCalls: [
                Hop(key: "http://payments:9091", name: "payments", uri: "http://payments:9091",
                    ipAddresses: ["10.42.0.19"], code: 200)
            ])
        ]))
        let shallow = Attributor(rules: [try SubsetRule(parsing: "green=ip:10.42.0.19")])
        #expect(shallow.attribute(t).subset == nil)
        let deep = Attributor(rules: shallow.rules, hopPattern: Glob("http://payments*"))
        #expect(deep.attribute(t).subset == "green")
        #expect(deep.attribute(t).hopPath == ["web", "gateway", "payments"])
        let byName = Attributor(hopPattern: Glob("payments"))
        #expect(byName.attribute(t).subset == "payments")
    }

    @Test func observationCarriesHopCodeDurationAndFailure() {
        let o = byIP.observe(.trace(WorkshopTraces.green), status: 500, latency: 5.01)
        #expect(o.subset == "green")
        #expect(o.status == 500)
        #expect(o.hopCode == 500)
        #expect(o.hopDuration == 0.015337719)
        #expect(o.failingHop?.path == ["web", "api-v1", "http://localhost:9091"])
        #expect(o.failingHop?.code == -1)
        #expect(o.latency == 5.01)
    }

    @Test func faultBodiesGoToUnattributedWithTheirStatus() {
        let o = byIP.observe(.fault(.notJSON(preview: "upstream connect error")), status: 503, latency: 0.002)
        #expect(o.subset == nil)
        #expect(o.status == 503)
        #expect(o.body == .notATrace(.notJSON(preview: "upstream connect error")))
    }

    @Test func subsetNamesInFirstMentionOrder() throws {
        let a = Attributor(rules: [
            try SubsetRule(parsing: "green=ip:10.0.0.1"), try SubsetRule(parsing: "blue=ip:10.0.0.2"),
            try SubsetRule(parsing: "green=ip:10.0.0.3"),
        ])
        #expect(a.subsetNames == ["green", "blue"])
    }
}

@Suite struct RuleParsingTests {
    @Test func parsesEachSelectorKind() throws {
        #expect(try SubsetRule(parsing: "green=ip:10.42.0.0/24").selector == .ip(IPRange("10.42.0.0/24")!))
        #expect(try SubsetRule(parsing: "v2=name:api-v2*").selector == .name(Glob("api-v2*")))
        #expect(try SubsetRule(parsing: "g=header:X-Version=v3").selector == .header(name: "X-Version", value: Glob("v3")))
        #expect(try SubsetRule(parsing: "g=body:a=b:c").selector == .body("a=b:c"))
        #expect(try SubsetRule(parsing: "g=NAME:x").selector == .name(Glob("x")))
    }

    @Test(arguments: [
        ("green", "expected NAME=SELECTOR"),
        ("=ip:1.2.3.4", "expected NAME=SELECTOR"),
        ("green=10.0.0.1", "needs a kind"),
        ("green=ip:10.0.0.300", "not an IP address or CIDR block"),
        ("green=tag:v3", "unknown kind \"tag\""),
        ("green=header:=v3", "header: needs <Header>=<value>"),
        ("gr een=name:x", "may hold only"),
        ("green=body:", "body: needs a substring"),
    ])
    func badRulesNameTheProblem(text: String, fragment: String) {
        #expect {
            try SubsetRule(parsing: text)
        } throws: { error in
            let message = "\(error)"
            return message.contains(fragment) && message.contains(text) && !message.contains("\n")
        }
    }
}

@Suite struct FailingHopTests {
    @Test func healthyTraceHasNoFailingHop() {
        #expect(WorkshopTraces.blue.failingHop == nil)
    }

    @Test func injectedFaultAtTheRootIsTheRoot() {
        let t = Trace(root: Hop(name: "web", code: 500, error: "Service error automatically injected"))
        #expect(t.failingHop == FailingHop(path: ["web"], code: 500, error: "Service error automatically injected"))
    }

    @Test func firstFailingBranchIsFollowedDepthFirst() {
        let t = Trace(root: Hop(name: "web", code: 500, upstreamCalls: [
            Hop(name: "ok", code: 200),
            Hop(name: "a", code: 500, error: "relay a", upstreamCalls: [Hop(name: "a1", code: 503, error: "a1 broke")]),
            Hop(name: "b", code: -1, error: "b broke"),
        ]))
        #expect(t.failingHop == FailingHop(path: ["web", "a", "a1"], code: 503, error: "a1 broke"))
    }

    @Test func grpcCodeZeroIsSuccess() {
        let t = Trace(root: Hop(name: "web", code: 200, upstreamCalls: [
            Hop(name: "grpc-svc", type: "gRPC", code: 0),
            Hop(name: "grpc-bad", type: "gRPC", code: 14, error: "rpc error: code = Unavailable desc = x"),
        ]))
        #expect(t.failingHop?.path == ["web", "grpc-bad"])
    }

    @Test func veryDeepTraceDoesNotExhaustTheStack() {
        var hop = Hop(uri: "leaf", code: -1, error: "deep")
        for i in 0..<20_000 { hop = Hop(name: "h\(i)", code: 200, upstreamCalls: [hop]) }
        let t = Trace(root: hop)
        #expect(t.failingHop?.error == "deep")
        #expect(t.failingHop?.path.count == 20_001)
    }
}
