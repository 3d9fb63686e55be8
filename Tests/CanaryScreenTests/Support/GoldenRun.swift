@testable import CanaryCore
@testable import CanaryScreen

/// A dashboard run without a clock or a network: replies second by second into real tallies,
/// split by the splitter's weights; a tick after each second through the real reducer (which
/// judges with the real VerdictJudge and lets the real guard act); the shell's answer to a write
/// played by hand. The same calls give the same screen, byte for byte.
struct GoldenRun {
    /// How green answers.
    enum Green {
        case healthy
        /// Every other reply a 503 after 300 ms, from a hop that timed out.
        case failing
    }

    /// Replies a second, shared by the weights.
    static let rate = 100
    static let guardPolicy = RolloutPolicy(guardEnabled: true, countdown: 5)

    var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
    var state: DashboardState
    /// Seconds since the start; the tallies' timeline and the state's clock.
    private(set) var t = 0.0
    private var version = 1

    init() {
        state = DashboardState(setup: .init(
            target: "http://127.0.0.1:9090/", rate: "\(Self.rate)/s", applyMode: "file", rollout: Self.guardPolicy))
        _ = DashboardReducer.reduce(&state, .resize(width: 120, height: 40))
        _ = DashboardReducer.reduce(&state, .splitLoaded(split(50, 50), external: false))
    }

    /// The splitter at `blue`/`green` percent, with a fixed version per write.
    func split(_ blue: Int, _ green: Int) -> SplitView {
        var split = DashboardViewTests.split(blue, green)
        split.version = "sha256:\(version)f0c3a9e41d27b6"
        return split
    }

    /// `seconds` seconds of traffic, a tick after each; returns the effects the ticks asked for.
    @discardableResult
    mutating func run(_ seconds: Int, green: Green) -> [DashboardEffect] {
        var effects: [DashboardEffect] = []
        for _ in 0..<seconds {
            let split = state.split!
            for (name, weight) in zip(split.names, split.weights) {
                let count = Self.rate * weight.hundredths / 10_000
                for i in 0..<count { tallies.record(reply(name, i, green: green), at: t + Double(i) / Double(count)) }
            }
            t += 1
            effects += DashboardReducer.reduce(&state, .tick(tallies.snapshot(at: t), inFlight: 2, now: t))
        }
        return effects
    }

    /// Runs until the guard's countdown starts (at most `limit` seconds).
    mutating func runUntilCountdown(green: Green, limit: Int = 30) {
        for _ in 0..<limit where state.countdownLeft == nil { run(1, green: green) }
    }

    /// The shell carrying out a write that succeeded: a new epoch, then the new splitter.
    mutating func wrote(_ summary: String, blue: Int, green: Int) {
        tallies.startEpoch(at: t)
        version += 1
        _ = DashboardReducer.reduce(&state, .writeSucceeded(summary: summary, split: split(blue, green)))
    }

    mutating func press(_ keys: Key...) {
        for key in keys { _ = DashboardReducer.reduce(&state, .key(key)) }
    }

    private func reply(_ subset: String, _ i: Int, green: Green) -> Observation {
        let latencies = subset == "blue" ? [0.004, 0.005, 0.006, 0.009, 0.012] : [0.004, 0.005, 0.007, 0.008, 0.011]
        if subset == "green", green == .failing, i % 2 == 1 {
            let hop = FailingHop(path: ["web", "payments", "http://localhost:9091"], code: -1, error: "Client.Timeout exceeded")
            return Observation(subset: subset, status: 503, body: .trace, failingHop: hop, latency: 0.3)
        }
        return Observation(subset: subset, status: 200, body: .trace, latency: latencies[i % latencies.count])
    }
}
