import Testing
@testable import CanaryCore

@Suite struct ReplaySeekIndexTests {
    static func index() -> ReplaySeekIndex {
        var index = ReplaySeekIndex()
        let entries: [RecordingEntry] = [
            .verdict(canary: "green", outcome: "inconclusive", reason: "", at: 2),
            .epoch(number: 2, at: 10),
            .verdict(canary: "green", outcome: "fail", reason: "5xx", at: 14),
            .epoch(number: 3, at: 20),
        ]
        for (i, entry) in entries.enumerated() { index.add(entry, at: .init(line: i + 2, offset: i * 100)) }
        return index
    }

    @Test func nextGoesToTheFollowingMark() {
        let index = Self.index()
        #expect(index.next(.epoch, after: 0)?.time == 10)
        #expect(index.next(.epoch, after: 10)?.time == 20)
        #expect(index.next(.epoch, after: 20) == nil)
        #expect(index.next(.verdict, after: 2)?.time == 14)
        #expect(index.next(.verdict, after: 2)?.position == .init(line: 4, offset: 200))
    }

    @Test func previousEpochIsTheOneBeforeTheEpochInForce() {
        let index = Self.index()
        #expect(index.epoch(at: 25) == 3 && index.epoch(at: 10) == 2 && index.epoch(at: 9.9) == 1)
        #expect(index.previous(.epoch, before: 25)?.epoch == 2)
        #expect(index.previous(.epoch, before: 25)?.time == 10)
        #expect(index.previous(.epoch, before: 10)?.epoch == 1)
        #expect(index.previous(.epoch, before: 10)?.time == 0)
        // Already in the first: its start.
        #expect(index.previous(.epoch, before: 5)?.time == 0)
    }

    @Test func previousVerdictIsTheLatestChangeBeforeNow() {
        let index = Self.index()
        #expect(index.previous(.verdict, before: 30)?.time == 14)
        #expect(index.previous(.verdict, before: 14)?.time == 2)
        #expect(index.previous(.verdict, before: 2) == nil)
        #expect(index.marks.first { $0.kind == .verdict && $0.time == 14 }?.epoch == 2)
    }
}
