import Testing
@testable import CanaryCore

/// Observations as the attribution produces them, for the tally tests.
enum Sample {
    static func ok(_ subset: String?, latency: Double = 0.012) -> Observation {
        Observation(subset: subset, status: 200, body: .trace, hopCode: 200, latency: latency)
    }

    static func timeout(_ subset: String?, latency: Double = 5.01) -> Observation {
        let hop = FailingHop(
            path: ["web", "api-v1", "http://localhost:9091"], code: -1,
            error: "Error communicating with upstream service: Get \"http://localhost:9091/\": "
                + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
        return Observation(subset: subset, status: 500, body: .trace, hopCode: 500, failingHop: hop, latency: latency)
    }

    static func upstream500(_ subset: String?, error: String = "Service error automatically injected") -> Observation {
        let hop = FailingHop(path: ["web", "api-v1"], code: 500, error: error)
        return Observation(subset: subset, status: 500, body: .trace, hopCode: 500, failingHop: hop, latency: 0.02)
    }

    static func envoy503(_ subset: String? = nil) -> Observation {
        Observation(
            subset: subset, status: 503,
            body: .notATrace(.notJSON(preview: "upstream connect error or disconnect/reset before headers")),
            latency: 0.004)
    }

    static func notFound(_ subset: String?) -> Observation {
        Observation(subset: subset, status: 404, body: .trace, hopCode: 404, latency: 0.001)
    }
}

@Suite struct SubsetTallyTests {
    @Test func countsRequestsOnceAndClassesEach() {
        var row = SubsetTally()
        row.record(Sample.ok("green"), at: 1)
        row.record(Sample.timeout("green"), at: 2)
        row.record(Sample.timeout("green"), at: 3)
        row.record(Sample.upstream500("green"), at: 4)
        row.record(Sample.envoy503("green"), at: 5)
        row.record(Sample.notFound("green"), at: 6)

        #expect(row.requests == 6)
        #expect(row.failed == 5)
        #expect(row.http5xx == 4)
        #expect(row.http4xx == 1)
        #expect(row.classes == [
            .http5xx: 4, .http4xx: 1, .upstreamNoReply: 2, .upstreamError: 1, .notATrace("not-json"): 1,
        ])
        #expect(row.latency.count == 6)
        #expect(row.firstSeen == 1 && row.lastSeen == 6)
        #expect(row.recentErrors.entries.map(\.count) == [2, 1])
    }

    @Test func mergeAddsEverything() {
        var a = SubsetTally()
        a.record(Sample.ok("blue"), at: 10)
        a.record(Sample.timeout("blue"), at: 11)
        var b = SubsetTally()
        b.record(Sample.timeout("blue"), at: 3)
        b.record(Sample.envoy503(), at: 20)

        var all = SubsetTally()
        for (o, t) in [(Sample.ok("blue"), 10.0), (Sample.timeout("blue"), 11), (Sample.timeout("blue"), 3), (Sample.envoy503(), 20)] {
            all.record(o, at: t)
        }
        a.merge(b)
        #expect(a.requests == 4 && a.failed == 3 && a.http5xx == 3)
        #expect(a.classes == all.classes)
        #expect(a.latency == all.latency)
        #expect(a.firstSeen == 3 && a.lastSeen == 20)
        #expect(a.recentErrors.entries.map(\.count) == [2])

        let before = a
        a.merge(SubsetTally())
        #expect(a == before)
    }

    @Test func resetEmptiesButKeepsHistogramStorage() {
        var row = SubsetTally()
        row.record(Sample.timeout("green"), at: 1)
        let footprint = row.latency.footprintInBytes
        row.reset()
        #expect(row == SubsetTally())
        #expect(row.latency.footprintInBytes == footprint)
    }
}

@Suite struct RecentErrorsTests {
    @Test func keepsTheLastFewDistinctTexts() {
        var recent = RecentErrors(limit: 3)
        for (i, text) in ["a", "b", "a", "c", "b", "d"].enumerated() {
            recent.record(text, at: Double(i))
        }
        // "a" (last seen at 2) was pushed out by "d"; "b" moved to the end when seen again at 4.
        #expect(recent.entries == [
            .init(text: "c", count: 1, lastSeen: 3),
            .init(text: "b", count: 2, lastSeen: 4),
            .init(text: "d", count: 1, lastSeen: 5),
        ])
    }

    @Test func staysBoundedUnderManyDistinctTexts() {
        var recent = RecentErrors()
        for i in 0..<10_000 { recent.record("dial tcp 10.0.\(i / 256).\(i % 256):80: connect: connection refused", at: Double(i)) }
        #expect(recent.entries.count == RecentErrors.defaultLimit)
        #expect(recent.entries.last?.text == "dial tcp 10.0.39.15:80: connect: connection refused")
    }

    @Test func longTextsAreCut() {
        var recent = RecentErrors()
        recent.record(String(repeating: "x", count: 10_000), at: 0)
        let kept = recent.entries[0].text
        #expect(kept.unicodeScalars.count == RecentErrors.textLimit)
        #expect(kept.hasSuffix("…"))
        recent.record(String(repeating: "x", count: 20_000), at: 1)
        #expect(recent.entries.count == 1 && recent.entries[0].count == 2)
    }

    @Test func mergeKeepsTheMostRecentAndAddsCounts() {
        var early = RecentErrors(limit: 2)
        early.record("refused", at: 1)
        early.record("eof", at: 2)
        var late = RecentErrors(limit: 2)
        late.record("timeout", at: 3)
        late.record("refused", at: 4)
        early.merge(late)
        #expect(early.entries == [
            .init(text: "timeout", count: 1, lastSeen: 3),
            .init(text: "refused", count: 2, lastSeen: 4),
        ])
    }

    @Test func outOfOrderTimesStayOrderedByLastSeen() {
        var recent = RecentErrors()
        recent.record("late", at: 10)
        recent.record("early", at: 5)
        #expect(recent.entries.map(\.text) == ["early", "late"])
    }
}

@Suite struct ProbeFaultTallyTests {
    @Test func countsByFaultAndMerges() {
        var a = ProbeFaultTally()
        a.record(.refused, latency: 0.001, at: 1)
        a.record(.timeout, latency: 5, at: 2)
        var b = ProbeFaultTally()
        b.record(.refused, latency: 0.002, at: 0.5)
        a.merge(b)
        #expect(a.count == 3)
        #expect(a.byFault == [.refused: 2, .timeout: 1])
        #expect(a.latency.count == 3 && a.latency.max == 5)
        #expect(a.firstSeen == 0.5 && a.lastSeen == 2)
        a.reset()
        #expect(a == ProbeFaultTally())
    }
}
