import Testing
@testable import CanaryCore

/// The simplest aggregate: a count.
private struct Counter: WindowAggregate, Equatable {
    var n = 0
    mutating func reset() { n = 0 }
    mutating func merge(_ other: Counter) { n += other.n }
}

private func window(length: Double = 10, width: Double = 1, origin: Double = 0) -> RollingWindow<Counter> {
    RollingWindow(length: length, bucketWidth: width, origin: origin, empty: Counter())
}

@Suite struct RollingWindowTests {
    @Test func bucketCountRoundsSensibly() {
        #expect(window().bucketCount == 10)
        #expect(window(length: 10, width: 0.1).bucketCount == 100)
        #expect(window(length: 10, width: 3).bucketCount == 4)
        #expect(window(length: 10, width: 3).length == 12)
        #expect(window(length: 1, width: 1).bucketCount == 1)
    }

    @Test func bucketsAreHalfOpenIntervalsFromTheOrigin() {
        let w = window(origin: 100)
        #expect(w.bucketIndex(at: 100) == 0)
        #expect(w.bucketIndex(at: 100.999_999) == 0)
        #expect(w.bucketIndex(at: 101) == 1)
        #expect(w.bucketIndex(at: 99.5) == -1)
    }

    @Test func recordExpiresExactlyAtTheBucketBoundary() {
        var w = window()
        w.update(at: 0.5) { $0.n += 1 }  // bucket 0: [0, 1)
        #expect(w.merged(at: 0.5).n == 1)
        #expect(w.merged(at: 9.999_999).n == 1)  // buckets 0…9 live
        #expect(w.merged(at: 10).n == 0)  // buckets 1…10 live: bucket 0 gone
    }

    @Test func recordAtTheBoundaryLandsInTheNewBucket() {
        var w = window()
        w.update(at: 3) { $0.n += 1 }  // bucket 3, not 2
        #expect(w.merged(at: 12.999).n == 1)
        #expect(w.merged(at: 13).n == 0)
    }

    @Test func slidingOverManySeconds() {
        var w = window()
        // One record per second at t = 0, 1, … 29 (each at the start of its bucket).
        for s in 0..<30 {
            w.update(at: Double(s)) { $0.n += 1 }
            #expect(w.merged(at: Double(s)).n == Swift.min(s + 1, 10))
        }
        // Ten buckets live: 20…29.
        #expect(w.merged(at: 29.5).n == 10)
        #expect(w.merged(at: 35).n == 4)  // 26…29 still live (26…35)
        #expect(w.merged(at: 39).n == 0)  // 30…39
    }

    @Test func jumpForwardClearsEverything() {
        var w = window()
        for s in 0..<10 { w.update(at: Double(s)) { $0.n += 5 } }
        #expect(w.merged(at: 9).n == 50)
        // Idle for longer than the window: nothing is live any more, even before a record.
        #expect(w.merged(at: 19).n == 0)
        w.update(at: 1000) { $0.n += 1 }
        #expect(w.merged(at: 1000).n == 1)
        // Slots that held the old buckets are never read again.
        #expect(w.merged(at: 1009.9).n == 1)
    }

    @Test func lateRecordsWithinTheWindowCountOlderOnesAreRefused() {
        var w = window()
        w.update(at: 20) { $0.n += 1 }
        #expect(w.update(at: 11) { $0.n += 1 })  // bucket 11 is live at 20 (11…20)
        #expect(!w.update(at: 10.9) { $0.n += 1 })  // bucket 10 is not
        #expect(!w.update(at: 1) { $0.n += 1 })  // its slot is free, but it is long gone
        #expect(w.merged(at: 20).n == 2)
    }

    @Test func coveredSecondsDuringStartUpAndOnceWarm() {
        var w = window(origin: 100)
        #expect(w.coveredSeconds(at: 100) == 0)
        #expect(w.coveredSeconds(at: 100.25) == 0.25)
        #expect(w.coveredSeconds(at: 104) == 4)
        #expect(w.coveredSeconds(at: 109.5) == 9.5)
        // Warm: from the start of the oldest live bucket to t, between 9 and 10 seconds.
        #expect(w.coveredSeconds(at: 110) == 9)
        #expect(w.coveredSeconds(at: 110.5) == 9.5)
        #expect(w.coveredSeconds(at: 500.75) == 9.75)
        #expect(w.coveredSeconds(at: 50) == 0)
        w.update(at: 101) { $0.n += 1 }
        #expect(w.coveredSeconds(at: 104) == 4)  // recording does not change coverage
    }

    @Test func ringNeverGrows() {
        var w = window(length: 10, width: 0.5)
        for i in 0..<100_000 { w.update(at: Double(i) / 100) { $0.n += 1 } }
        #expect(w.slots.count == 20)
        // 50 records per 0.5 s bucket; at t = 999.99 the live buckets are 1980…1999.
        #expect(w.merged(at: 999.99).n == 1000)
    }
}
