import CanaryCore
import CanaryProbe
import NIOCore
import NIOPosix

/// Runs a probe to the end and returns the whole run's tallies, for the tests.
enum Probing {
    static let rules = Attributor(rules: [
        SubsetRule(subset: "blue", selector: .ip(IPRange(Traces.blueIP)!)),
        SubsetRule(subset: "green", selector: .ip(IPRange(Traces.greenIP)!)),
    ])

    struct Outcome {
        var counts: ProbeRunner.Counts
        var run: TallySnapshot.View

        /// Probe faults of class `fault`.
        func faults(_ fault: ProbeFault) -> Int { run.probeFaults.byFault[fault.rawValue] ?? 0 }
    }

    static func run(
        _ settings: ProbeSettings, attributor: Attributor = rules,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Outcome {
        let collector = TallyCollector(subsets: ["blue", "green"])
        let runner = try ProbeRunner(settings: settings, attribution: AttributorBox(attributor), collector: collector, group: group)
        let counts = try await runner.run()
        return Outcome(counts: counts, run: collector.totals(at: runner.clock.now()).run)
    }
}
