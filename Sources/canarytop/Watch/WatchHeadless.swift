import ArgumentParser
import CanaryApp
import CanaryCore

/// `canarytop watch <url> --headless`: runs the dashboard's reducer without a terminal (see
/// ``HeadlessWatch``) and prints.
///
/// Events go to standard error as `canarytop: guard: green FAIL …`; `--report-every` lines and
/// the summary (text, or JSON with `--json`) with the verdicts go to standard output; with
/// `--until` the exit status says how it ended. With `--metrics-linger`, `/metrics` keeps
/// serving the final counts after the summary.
enum WatchHeadless {
    static func run(_ command: WatchCommand) async throws {
        let goal = command.goal
        let timeout = try command.probe.timeout.flatMap { text in
            try goal.map { _ in try VerdictOptions.duration(text, option: "--timeout") }
        }
        let json = command.json
        let progress = try command.reportEvery.map { text in
            HeadlessWatch.Progress(every: try ProbeOptions.duration(text, option: "--report-every")) { figures in
                let report = WatchReport(figures)
                Output.line(json ? report.json.compact : report.line)
            }
        }
        let result = try await HeadlessWatch.run(
            try command.configuration(headless: true), goal: goal, timeout: timeout, progress: progress,
            events: { Output.error("canarytop: " + $0) })
        let outcome = result.outcome
        let verdicts = VerdictReport(
            verdicts: outcome.verdicts, goal: goal, ending: outcome.ending, finish: outcome.state.rollout.finish,
            writes: outcome.writes, rollbackPending: outcome.rollbackPending,
            missing: outcome.state.stableName == nil ? VerdictReport.noStableSubset : nil)
        let report = WatchReport(result.figures, verdicts: verdicts)
        Output.line(json ? report.json.pretty : report.table)
        if let endpoint = result.metrics {
            let linger = try command.metrics.linger()
            if linger > 0 {
                Output.error("canarytop: serving the final counts on http://\(endpoint.address)/metrics for \(FixedPoint.format(linger, digits: 1)) s (SIGTERM ends it)")
                await endpoint.linger(linger)
            }
            await endpoint.shutdown()
        }
        if let problem = result.recordingProblem { Output.error("canarytop: " + problem) }
        if verdicts.exitCode != 0 { throw ExitCode(verdicts.exitCode) }
    }
}
