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
        // Blue and green, in the epoch, the 10 slots and the window's merged live slots.
        #expect(afterTenThousand.subsetRows == 2 * 12)
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
        #expect(tallies.footprint.subsetRows <= 4 * 12)
        #expect(tallies.snapshot(at: 20).sinceEpoch.otherSubsets?.requests == 19_996)
    }

    @Test func theWindowIsWarmFromEachRowsFirstReply() {
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        Self.feed(&tallies, 0..<4)  // one reply of each row, all in the first second's bucket
        let early = tallies.footprint
        #expect(early.subsetRows == 2 * 12)  // every slot holds blue and green already
        Self.feed(&tallies, 4..<100_000)  // on to 100 s: every bucket used and recycled
        #expect(tallies.footprint == early)
    }

    @Test func aWarmWindowCountsWhatAColdOneCounts() {
        // The same last 10 s of replies, in a window warm for 20 s and in a fresh one that saw
        // only those: the window's view is the same to the last count, latency and error text.
        var warm = Tallies(subsets: ["blue", "green"], startingAt: 0)
        Self.feed(&warm, 0..<20_000)
        var cold = Tallies(subsets: ["blue", "green"], startingAt: 0)
        Self.feed(&cold, 10_000..<20_000)
        for t in [19.999_5, 19.5, 21.25, 28] {
            #expect(warm.snapshot(at: t).window == cold.snapshot(at: t).window, "at \(t)")
        }
        #expect(warm.snapshot(at: 19.999_5).window.replies == 7_500)
    }

    @Test func lateRepliesReachTheMergedWindow() {
        // A reply recorded after a newer bucket began still counts in its own bucket's second.
        var tallies = Tallies(subsets: ["blue"], startingAt: 0)
        tallies.record(Sample.ok("blue", latency: 0.010), at: 0.5)
        tallies.record(Sample.ok("blue", latency: 0.020), at: 1.5)
        tallies.record(Sample.ok("blue", latency: 0.300), at: 0.9)  // late, into bucket 0
        var inOrder = Tallies(subsets: ["blue"], startingAt: 0)
        inOrder.record(Sample.ok("blue", latency: 0.010), at: 0.5)
        inOrder.record(Sample.ok("blue", latency: 0.300), at: 0.9)
        inOrder.record(Sample.ok("blue", latency: 0.020), at: 1.5)
        let window = tallies.snapshot(at: 1.6).window
        #expect(window.subset("blue")?.requests == 3)
        #expect(window == inOrder.snapshot(at: 1.6).window)
        #expect(tallies.snapshot(at: 10.5).window.subset("blue")?.requests == 1)  // bucket 0 expired
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
