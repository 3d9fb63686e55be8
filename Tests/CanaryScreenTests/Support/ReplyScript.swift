@testable import CanaryCore
@testable import CanaryScreen

/// Replies recorded into real tallies, fed through the real reducer (which judges them with the
/// real ``VerdictJudge``): the dashboard states the verdict tests draw.
struct ReplyScript {
    var tallies = Tallies(subsets: ["blue", "green"], startingAt: 0)
    /// Seconds the replies are spread over (the epoch's age at the tick).
    var seconds: Double = 5

    /// `count` replies of `subset` with `status`, latencies cycling through `latencies`.
    mutating func record(_ subset: String, _ count: Int, status: Int = 200, latencies: [Double] = [0.004, 0.005, 0.006, 0.008]) {
        for i in 0..<count {
            let failing = status >= 500 ? FailingHop(path: ["web", subset], code: status, error: "boom") : nil
            let reply = Observation(subset: subset, status: status, body: .trace, failingHop: failing, latency: latencies[i % latencies.count])
            tallies.record(reply, at: seconds * Double(i) / Double(max(1, count)))
        }
    }

    static func split(_ blue: Int, _ green: Int) -> SplitView {
        DashboardViewTests.split(blue, green)
    }

    /// A dashboard that has seen the splitter and one tick of these tallies.
    func state(
        width: Int = 120, height: Int = 40, split: SplitView = Self.split(50, 50), verdict: VerdictPolicy = VerdictPolicy(),
        rollout: RolloutPolicy = RolloutPolicy(), readOnly: Bool = false, sentTimes: [Double] = []
    ) -> DashboardState {
        var s = DashboardState(setup: .init(
            target: "http://127.0.0.1:9090/", rate: "20/s", applyMode: "file", readOnly: readOnly, verdict: verdict, rollout: rollout))
        _ = DashboardReducer.reduce(&s, .resize(width: width, height: height))
        _ = DashboardReducer.reduce(&s, .splitLoaded(split, external: false))
        tick(&s, sentTimes: sentTimes)
        return s
    }

    /// Another tick of the same tallies, at `seconds`.
    func tick(_ s: inout DashboardState, sentTimes: [Double] = []) {
        _ = DashboardReducer.reduce(&s, .tick(tallies.snapshot(at: seconds), inFlight: sentTimes.count, now: seconds, sentTimes: sentTimes))
    }
}

extension Grid {
    /// The first row starting with `prefix`.
    func row(startingWith prefix: String) -> String? {
        lines.first { $0.hasPrefix(prefix) }
    }

    /// The role of the first cell of the first occurrence of `text` on row `y`.
    func role(of text: String, onRow y: Int) -> StyleRole? {
        let cells = (0..<width).map { self[$0, y].text }
        let n = text.count
        guard n <= width else { return nil }
        return (0...(width - n)).first { cells[$0..<($0 + n)].joined() == text }.map { self[$0, y].role }
    }

    var text: String { lines.joined(separator: "\n") }
}
