import Testing
@testable import CanaryCore

@Suite struct ReplyClassTests {
    @Test func cleanReplyHasNoClass() {
        let ok = Observation(subset: "blue", status: 200, body: .trace, hopCode: 200, latency: 0.012)
        #expect(ReplyClass.classes(of: ok).isEmpty)
    }

    @Test func statusClasses() {
        #expect(ReplyClass.classes(of: .init(subset: nil, status: 500, body: .trace, latency: 1)) == [.http5xx])
        #expect(ReplyClass.classes(of: .init(subset: nil, status: 599, body: .trace, latency: 1)) == [.http5xx])
        #expect(ReplyClass.classes(of: .init(subset: nil, status: 499, body: .trace, latency: 1)) == [.http4xx])
        #expect(ReplyClass.classes(of: .init(subset: nil, status: 400, body: .trace, latency: 1)) == [.http4xx])
        #expect(ReplyClass.classes(of: .init(subset: nil, status: 399, body: .trace, latency: 1)).isEmpty)
    }

    @Test func envoyTextBodyCountsAsServerErrorAndNotATrace() {
        let envoy = Observation(
            subset: nil, status: 503,
            body: .notATrace(.notJSON(preview: "upstream connect error or disconnect/reset before headers")),
            latency: 0.003)
        #expect(ReplyClass.classes(of: envoy) == [.http5xx, .notATrace("not-json")])
    }

    @Test func notATraceSubClassIgnoresFaultDetails() {
        let a = Observation(subset: nil, status: 200, body: .notATrace(.truncated(offset: 10)), latency: 0)
        let b = Observation(subset: nil, status: 200, body: .notATrace(.truncated(offset: 99)), latency: 0)
        #expect(ReplyClass.classes(of: a) == ReplyClass.classes(of: b))
        #expect(ReplyClass.classes(of: a) == [.notATrace("truncated")])
    }

    @Test func upstreamWithoutReplyVersusUpstreamError() {
        let timeout = FailingHop(
            path: ["web", "api-v1", "http://localhost:9091"], code: -1,
            error: "Error communicating with upstream service: context deadline exceeded")
        let noReply = Observation(subset: "green", status: 500, body: .trace, failingHop: timeout, latency: 5.01)
        #expect(ReplyClass.classes(of: noReply) == [.http5xx, .upstreamNoReply])

        let answered500 = FailingHop(path: ["web", "api-v1"], code: 500, error: "Service error automatically injected")
        let upstreamError = Observation(subset: "blue", status: 500, body: .trace, failingHop: answered500, latency: 0.02)
        #expect(ReplyClass.classes(of: upstreamError) == [.http5xx, .upstreamError])

        let noCode = FailingHop(path: ["web", "api-v1"], code: nil, error: "boom")
        let odd = Observation(subset: "blue", status: 200, body: .trace, failingHop: noCode, latency: 0.02)
        #expect(ReplyClass.classes(of: odd) == [.upstreamError])
    }

    @Test func failureOfTheProbedServiceItselfIsNotBlamedOnAnUpstream() {
        let injected = FailingHop(path: ["web"], code: 500, error: "Service error automatically injected")
        let o = Observation(subset: nil, status: 500, body: .trace, failingHop: injected, latency: 0.001)
        #expect(ReplyClass.classes(of: o) == [.http5xx, .serviceError])
        #expect(ReplyClass.serviceError.name == "service-error")
    }

    @Test func namesAreStable() {
        #expect(ReplyClass.http5xx.name == "http-5xx")
        #expect(ReplyClass.http4xx.name == "http-4xx")
        #expect(ReplyClass.notATrace("empty").name == "not-a-trace/empty")
        #expect(ReplyClass.upstreamNoReply.name == "upstream-no-reply")
        #expect(ReplyClass.upstreamError.name == "upstream-error")
        #expect(ProbeFault.allCases.map(\.rawValue) == ["refused", "reset", "dns", "tls", "timeout", "oversized", "other"])
    }
}
