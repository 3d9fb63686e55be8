import CanaryApp
import CanaryCore

/// `canarytop watch <url>` without `--headless`: runs the dashboard (see ``DashboardWatch``)
/// and prints a short summary after the operator quits.
enum WatchDashboard {
    static func run(_ configuration: WatchConfiguration) async throws {
        let result = try await DashboardWatch.run(configuration)
        for event in result.state.events.events where event.kind == .change || event.kind == .failure {
            Output.line("\(event.kind == .change ? "changed" : "failed"): \(event.text)")
        }
        if let split = result.state.split {
            Output.line("splitter now: " + zip(split.names, split.weights).map { "\($0) \($1)%" }.joined(separator: ", "))
        }
        if let problem = result.recordingProblem { Output.error("canarytop: " + problem) }
        let abandoned = result.abandoned
        if abandoned > 0 { Output.line("left \(abandoned) probe request\(abandoned == 1 ? "" : "s") in flight (not waited for)") }
    }
}
