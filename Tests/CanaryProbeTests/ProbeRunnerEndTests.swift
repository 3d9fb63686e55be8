import CanaryCore
import CanaryProbe
import CanaryTesting
import NIOPosix
import Synchronization
import Testing

/// A probe run with a duration always ends on its own, by its duration plus the request
/// timeout, whatever the pace, the concurrency and the server. Each run has its own deadline, so
/// a hang fails the test instead of holding up the suite. The server and the probe run on event
/// loops of their own, and one case at a time: a connection storm here must not starve other
/// tests' loops or cores.
@Suite(.serialized, .sharedMachine) struct ProbeRunnerEndTests {
    /// How the server behaves.
    enum Behaviour: String, CaseIterable, Sendable {
        /// Answers every request at once.
        case fast
        /// Never answers (the connection stays open).
        case stall
        /// Answers the first request of each connection and closes it when the next arrives
        /// (an idle keep-alive connection closed under the request).
        case closeIdle
        /// Closes every connection without answering.
        case closeAll

        func action(onConnection: Int) -> ScriptedServer.Action {
            switch self {
            case .fast: return .reply(status: 200, body: Traces.blue)
            case .stall: return .silent
            case .closeIdle: return onConnection == 0 ? .reply(status: 200, body: Traces.blue) : .close
            case .closeAll: return .close
            }
        }
    }

    static let duration = 0.3
    static let timeout = 0.3
    /// Beyond duration + timeout: the sweep's and the loops' own delays on a loaded machine (the
    /// full suite compiles Go oracles and runs demos and a Prometheus meanwhile); a hang is caught
    /// by the deadline instead. (The closed loop ×1 once ended 9.7–23 s after its runner was made:
    /// the run's task had waited that long for a pool thread; the clock now starts in that task.)
    static let slack = 15.0

    @Test(arguments: [ProbePlan.Pace.closed, .open(rate: 400)], [1, 8, 64, 256])
    func aDurationRunEndsByItsDurationPlusTheTimeout(pace: ProbePlan.Pace, concurrency: Int) async throws {
        // Each server is closed before the group shuts down, and the group only after the runs: a
        // close sent to a loop already shut down leaks its promise, which is fatal in a debug build.
        try await withOwnEventLoops(threads: 2) { group in
            for behaviour in Behaviour.allCases {
                let server = try await ScriptedServer.start(group: group) { _, onConnection in
                    behaviour.action(onConnection: onConnection)
                }
                try await withServer(server) { server in
                    try await run(pace: pace, concurrency: concurrency, against: server, behaving: behaviour, on: group)
                }
            }
        }
    }

    private func run(
        pace: ProbePlan.Pace, concurrency: Int, against server: ScriptedServer, behaving behaviour: Behaviour,
        on group: MultiThreadedEventLoopGroup
    ) async throws {
        let settings = ProbeSettings(
            target: try ProbeTarget(url: server.url), pace: pace, concurrency: concurrency, timeout: Self.timeout,
            duration: Self.duration)
        let collector = TallyCollector(subsets: ["blue", "green"])
        let what = "\(pace) ×\(concurrency) against \(behaviour)"
        // The runner, and with it the probe's clock, is made inside the task that runs it: that
        // task may start late while other suites hold the shared concurrency pool, and the bound
        // is on the run, not on how long the pool kept it waiting to begin.
        let made = Mutex<ProbeRunner?>(nil)
        let (counts, runner) = try await Deadline.within(20, what, {
            let runner = try ProbeRunner(
                settings: settings, attribution: AttributorBox(Probing.rules), collector: collector, group: group)
            made.withLock { $0 = runner }
            return (try await runner.run(), runner)
        }, onTimeout: { made.withLock { $0 }?.stop() })
        let run = collector.totals(at: runner.clock.now()).run
        // When the last request ended, on the probe's clock (recorded on its event loop: the
        // test task itself may resume late while other suites hold the shared pool).
        let ended = ([run.probeFaults.lastSeen] + run.subsets.map(\.lastSeen)).compactMap { $0 }.max() ?? 0
        #expect(ended <= Self.duration + Self.timeout + Self.slack, "\(what): the last request ended at \(ended) s")
        #expect(counts.inFlight == 0, "\(what)")
        #expect(counts.sent > 0, "\(what)")
        #expect(counts.replies + counts.faults == counts.sent, "\(what): every request ended once")
        #expect(run.replies + run.probeFaults.count == counts.sent, "\(what)")
        // With a 0.3 s timeout a loaded machine (the server shares the probe's event loops) may
        // time some requests out; nothing else may go wrong.
        let timeouts = run.probeFaults.byFault["timeout"] ?? 0
        let resets = run.probeFaults.byFault["reset"] ?? 0
        switch behaviour {
        case .fast, .closeIdle:
            // An idle connection closed under a request is retried, never counted as a reset.
            #expect(run.probeFaults.count == timeouts, "\(what): \(run.probeFaults.byFault)")
            #expect(run.subset("blue")?.requests == counts.sent - timeouts, "\(what)")
            if behaviour == .fast { #expect(counts.retried == 0, "\(what)") }
        case .stall:
            #expect(timeouts == counts.sent, "\(what)")
            #expect(run.replies == 0, "\(what)")
        case .closeAll:
            #expect(resets + timeouts == counts.sent, "\(what): \(run.probeFaults.byFault)")
            #expect(run.replies == 0, "\(what)")
            #expect(counts.retried == 0, "\(what): fresh connections are never retried")
        }
    }
}
