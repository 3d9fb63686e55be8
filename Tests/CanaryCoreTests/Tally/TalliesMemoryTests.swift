import Testing
@testable import CanaryCore

/// Memory is bounded by rows × buckets, not by requests: asserted on the structure the
/// table holds (slots, rows, histogram storage), never on the process's RSS.
@Suite struct TalliesMemoryTests {
    /// The i-th of a steady stream of 1000 replies a second: blue, green, unattributed and a
    /// probe fault in turn, with varied latencies and error texts.
    private static func feed(_ tallies: inout Tallies, _ range: Range<Int>) {
        for i in range {
            let t = Double(i) / 1000
            switch i % 4 {
            case 0: tallies.record(Sample.ok("blue", latency: Double(i % 997) / 1000), at: t)
            case 1: tallies.record(Sample.upstream500("green", error: "boom \(i % 50)"), at: t)
            case 2: tallies.record(Sample.envoy503(), at: t)
            default: tallies.recordProbeFault(.refused, latency: 0.001, at: t)
            }
        }
    }

    @Test func millionObservationsHoldNoMoreThanTenThousand() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        Self.feed(&tallies, 0..<10_000)  // 10 s: every bucket used once
        let afterTenThousand = tallies.footprint
        #expect(afterTenThousand.windowSlots == 10)
        #expect(afterTenThousand.subsetRows == 2 * 11)  // blue and green, in the epoch and 10 slots
        #expect(afterTenThousand.histogramBytes > 0)

        Self.feed(&tallies, 10_000..<1_000_000)  // on to 1000 s
        #expect(tallies.footprint == afterTenThousand)

        let snap = tallies.snapshot(at: 999.999_5)
        #expect(snap.sinceEpoch.replies == 750_000)
        #expect(snap.sinceEpoch.probeFaults.count == 250_000)
        #expect(abs(snap.window.seconds - 9.999_5) < 1e-9)  // 999.9995 − 990 in binary
        #expect(snap.window.replies == 7_500)  // buckets 990…999
        #expect(snap.window.probeFaults.count == 2_500)
        #expect(snap.window.subset("green")?.recentErrors.count == RecentErrors.defaultLimit)
    }

    @Test func manyNewNamesAreCappedByTheRowLimit() {
        var tallies = Tallies(subsets: [], maxSubsetRows: 4, startingAt: 0)
        for i in 0..<20_000 { tallies.record(Sample.ok("pod-\(i)"), at: Double(i) / 1000) }
        #expect(tallies.subsetNames == ["pod-0", "pod-1", "pod-2", "pod-3"])
        #expect(tallies.hasOtherSubsets)
        #expect(tallies.footprint.subsetRows <= 4 * 11)
        #expect(tallies.snapshot(at: 20).sinceEpoch.otherSubsets?.requests == 19_996)
    }

    @Test func epochChangesDoNotGrowMemory() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        Self.feed(&tallies, 0..<10_000)
        let before = tallies.footprint
        for k in 1...100 {
            tallies.startEpoch(at: 10 + Double(k))
            Self.feed(&tallies, (10_000 + k * 1000)..<(11_000 + k * 1000))
        }
        #expect(tallies.epoch == 101)
        #expect(tallies.footprint == before)
    }
}
