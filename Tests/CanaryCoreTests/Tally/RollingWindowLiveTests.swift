import Testing
@testable import CanaryCore

/// The window's kept total of its live buckets (what every snapshot reads) against merging the
/// live buckets of the ring one by one, oldest first, on the real tallies: in-order and late
/// records, records refused as too old, jumps past the whole window, probe faults.
@Suite struct RollingWindowLiveTests {
    /// The live buckets at `t`, merged from the ring oldest first.
    static func mergedFromTheRing(_ w: RollingWindow<TallyTable>, at t: Double) -> TallyTable {
        var total = TallyTable()
        for index in w.liveIndices(at: t) {
            let slot = w.slots[((index % w.bucketCount) + w.bucketCount) % w.bucketCount]
            if slot.index == index { total.merge(slot.value) }
        }
        return total
    }

    /// Equal rows, where a row reserved but empty on one side counts as absent.
    static func expectSameCounts(_ a: TallyTable, _ b: TallyTable, _ what: String) {
        for name in Set(a.subsets.keys).union(b.subsets.keys) {
            #expect((a.subsets[name] ?? SubsetTally()) == (b.subsets[name] ?? SubsetTally()), "\(what): \(name)")
        }
        #expect(a.otherSubsets == b.otherSubsets && a.unattributed == b.unattributed, "\(what)")
        #expect(a.probeFaults == b.probeFaults, "\(what)")
    }

    @Test func theKeptTotalIsTheLiveBucketsMerged() {
        var generator = SplitMix64(seed: 22)
        var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
        var t = 0.0
        var compared = 0
        for step in 0..<6000 {
            t += Double.random(in: 0...0.02, using: &generator)
            if step == 3000 { t += 25 }  // past the whole window: every bucket expires
            // One record in five lands up to 3 s late (still live), one in fifty 12 s late (refused).
            let late = step % 50 == 0 ? 12.0 : step % 5 == 0 ? Double.random(in: 0...3, using: &generator) : 0
            let at = max(0, t - late)
            switch step % 4 {
            case 0: tallies.record(Sample.ok("blue", latency: Double.random(in: 0.001...0.05, using: &generator)), at: at)
            case 1: tallies.record(Sample.timeout("green"), at: at)
            case 2: tallies.record(Sample.envoy503(), at: at)
            default: tallies.recordProbeFault(.refused, latency: 0.002, at: at)
            }
            if step % 7 == 0 {
                Self.expectSameCounts(tallies.window.merged(at: t), Self.mergedFromTheRing(tallies.window, at: t), "t = \(t)")
                compared += 1
            }
        }
        #expect(compared > 800)
        #expect(tallies.window.merged(at: t).subsets["blue"]?.requests ?? 0 > 0)
    }
}
