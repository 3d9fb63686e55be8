import CanaryCore
import CanaryProbe
import CanaryTesting
import NIOPosix
import Testing

/// `--threads N`: N lanes, each on its own event loop with its own connections and recorder,
/// feed one collector. Whatever the lanes, the whole run's tallies are exactly what the server
/// served, subset by subset, class by class, down to the latency histograms' counts.
@Suite(.serialized, .sharedMachine) struct LaneMergeTests {
    @Test(arguments: [ProbePlan.Pace.closed, .open(rate: 3_000)], [1, 2, 3, 4])
    func laneTalliesMergeExactly(pace: ProbePlan.Pace, lanes: Int) async throws {
        try await withOwnEventLoops(threads: 4) { group in
            let ledger = ProbeRunnerTests.Ledger()
            let server = try await ScriptedServer.start(group: group) { index, _ in
                switch index % 9 {
                case 0, 1, 2, 3: ledger.note("blue"); return .reply(status: 200, body: Traces.blue)
                case 4, 5: ledger.note("green"); return .reply(status: 200, body: Traces.green)
                case 6: ledger.note("green500"); return .reply(status: 500, body: Traces.web(upstreamIP: Traces.greenIP, code: 500))
                case 7: ledger.note("envoy"); return .reply(status: 503, body: Traces.envoy503)
                default: ledger.note("cut"); return .cutMidBody
                }
            }
            try await withServer(server) { server in
                let n = 1_001
                let settings = ProbeSettings(
                    target: try ProbeTarget(url: server.url), pace: pace, concurrency: 8, timeout: 30, maxRequests: n, lanes: lanes)
                let what = "\(pace) on \(lanes) lanes"
                let outcome = try await Deadline.within(90, what) { try await Probing.run(settings, group: group) }
                let run = outcome.run
                #expect(server.requests == n, "\(what)")
                #expect(outcome.counts.sent == n && outcome.counts.inFlight == 0, "\(what)")
                #expect(outcome.counts.replies == n - ledger["cut"] && outcome.counts.faults == ledger["cut"], "\(what)")
                let blue = try #require(run.subset("blue"))
                let green = try #require(run.subset("green"))
                #expect(blue.requests == ledger["blue"] && blue.failed == 0, "\(what)")
                #expect(green.requests == ledger["green"] + ledger["green500"], "\(what)")
                #expect(green.http5xx == ledger["green500"], "\(what)")
                #expect(blue.histogram.count == blue.requests && green.histogram.count == green.requests, "\(what)")
                #expect(run.unattributed.requests == ledger["envoy"], "\(what)")
                #expect(run.unattributed.classes["not-a-trace/not-json"] == ledger["envoy"], "\(what)")
                #expect(outcome.faults(.reset) == ledger["cut"] && run.probeFaults.count == ledger["cut"], "\(what)")
                #expect(run.probeFaults.histogram.count == ledger["cut"], "\(what)")
                #expect(run.attributedRequests == blue.requests + green.requests, "\(what)")
                #expect(run.replies + run.probeFaults.count == n, "\(what)")
            }
        }
    }

    /// More lanes than the group has loops: the runner starts loops of its own, one per lane.
    @Test func moreLanesThanLoopsStillSendsEveryRequest() async throws {
        try await withOwnEventLoops(threads: 1) { group in
            let server = try await ScriptedServer.start(group: group) { _, _ in .reply(status: 200, body: Traces.blue) }
            try await withServer(server) { server in
                let settings = ProbeSettings(
                    target: try ProbeTarget(url: server.url), pace: .closed, concurrency: 6, timeout: 30, maxRequests: 300, lanes: 3)
                let outcome = try await Deadline.within(90, "3 lanes on a 1-loop group") {
                    try await Probing.run(settings, group: group)
                }
                #expect(server.requests == 300)
                #expect(outcome.run.subset("blue")?.requests == 300)
            }
        }
    }
}
