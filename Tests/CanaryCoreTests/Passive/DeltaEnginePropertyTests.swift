import Testing
@testable import CanaryCore

/// Random counters with random resets, restarts, gaps and epochs: the engine's totals equal
/// the ground truth — the sum of every increment after the baseline, each counted in the epoch
/// of the read that first shows it.
///
/// What no reader can know is kept out: a counter that resets (or a proxy that restarts) while
/// it has growth nobody read yet would hide that growth from anyone, so resets and restarts
/// happen only when nothing is pending. Growth while a series is missing from reads, restarts
/// whose counters pass their old values at once (told by the uptime), resets seen as drops,
/// and series missing at a restart are all in.
@Suite struct DeltaEnginePropertyTests {
    @Test func totalsEqualTheSumOfIncrements() {
        var rng = SplitMix64(seed: 0x18)
        for _ in 0..<300 {
            let sourceCount = Int.random(in: 1...3, using: &rng), seriesCount = Int.random(in: 1...4, using: &rng)
            var engine = DeltaEngine(restartTolerance: 1)
            var values = (0..<sourceCount).map { _ in (0..<seriesCount).map { _ in Double(Int.random(in: 0...1000, using: &rng)) } }
            var lastRead = values
            var pending = values.map { $0.map { _ in 0.0 } }
            var uptimes = (0..<sourceCount).map { _ in Double(Int.random(in: 100...10_000, using: &rng)) }
            var epochTruth = 0.0, totalTruth = 0.0
            func labels(_ i: Int) -> PromLabels { ["series": "\(i)", "consul_destination_service_subset": "green"] }
            for s in 0..<sourceCount {
                engine.ingest(source: "s\(s)", at: 0, counters: values[s].enumerated().map {
                    PromSample(name: "c", labels: labels($0.offset), value: $0.element)
                }, uptime: uptimes[s])
            }
            for step in 1...Int.random(in: 1...30, using: &rng) {
                let t = Double(step * 5)
                for s in 0..<sourceCount {
                    let restart = pending[s].allSatisfy { $0 == 0 } && Int.random(in: 0..<15, using: &rng) == 0
                    uptimes[s] = restart ? Double(Int.random(in: 0..<4, using: &rng)) : uptimes[s] + 5
                    var read: [PromSample] = []
                    for i in 0..<seriesCount {
                        let present = Int.random(in: 0..<8, using: &rng) != 0
                        let increment: Double
                        if restart {
                            // Everything starts again from zero, and may pass its old value at once.
                            increment = Double(Int.random(in: 0...2000, using: &rng))
                            values[s][i] = increment
                            lastRead[s][i] = 0
                        } else if present, pending[s][i] == 0, lastRead[s][i] > 0, Int.random(in: 0..<10, using: &rng) == 0 {
                            // A reset seen as a drop: the new value is below the last one read.
                            increment = Double(Int.random(in: 0..<Int(lastRead[s][i]), using: &rng))
                            values[s][i] = increment
                        } else {
                            increment = Double(Int.random(in: 0...50, using: &rng))
                            values[s][i] += increment
                        }
                        if present {
                            epochTruth += pending[s][i] + increment
                            totalTruth += pending[s][i] + increment
                            pending[s][i] = 0
                            lastRead[s][i] = values[s][i]
                            read.append(PromSample(name: "c", labels: labels(i), value: values[s][i]))
                        } else {
                            pending[s][i] += increment
                        }
                    }
                    engine.ingest(source: "s\(s)", at: t, counters: read.shuffled(using: &rng), uptime: uptimes[s])
                }
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    engine.startEpoch(at: t + 1)
                    epochTruth = 0
                }
            }
            #expect(engine.epochIncreases.values.reduce(0, +) == epochTruth)
            #expect(engine.totalIncreases.values.reduce(0, +) == totalTruth)
        }
    }
}
