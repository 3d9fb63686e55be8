import ArgumentParser
import CanaryApp
import CanaryCore
import Foundation

/// `canarytop replay FILE`: a recording (`watch --record`) shown again — the dashboard, read-only,
/// with keys to pause, change speed and seek; or, with `--headless`, the summary the recorded
/// headless run printed, rebuilt from its records.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording made with watch --record: the dashboard, or the headless summary.",
        discussion: """
            Opens the dashboard on the recording, read-only: nothing is written to any splitter. \
            space pauses, s changes the speed (1×, 2×, 10×, as fast as possible), , and . seek to \
            the previous and next epoch, < and > to the previous and next verdict change (? lists \
            every key).

            With --headless the recording is read through as fast as it can be and the summary of \
            the recorded run is printed again (--json: the same JSON), its counts and percentiles \
            rebuilt from the recorded replies. Lines that are not records are skipped and counted, \
            and an unfinished last line (the recorder was killed) is not read: both are reported \
            on standard error with the file and line. See docs/recording.md.

            Example: canarytop replay run.jsonl --headless --json
            """)

    @Argument(help: ArgumentHelp("The recording.", valueName: "file"))
    var file: String

    @Flag(help: "Print the recorded run's summary instead of showing the dashboard.")
    var headless = false

    @Flag(help: "With --headless: print the summary as JSON.")
    var json = false

    @Option(help: ArgumentHelp("The dashboard's colour theme (a name or a file).", valueName: "name|file"))
    var theme: String?

    func validate() throws {
        if json && !headless { throw ValidationError("--json needs --headless") }
    }

    func run() async throws {
        if !headless {
            guard isatty(0) == 1, isatty(1) == 1 else {
                throw CLIError("the dashboard needs a terminal; use --headless for scripts")
            }
            _ = try await ReplayDashboard.run(path: file, theme: theme)
            return
        }
        let result = try ReplayHeadless.run(path: file)
        for warning in result.warnings { Output.error("canarytop: " + warning) }
        if result.end == nil {
            Output.error("canarytop: \(file): no end line (a dashboard's recording, or a run that was stopped): the summary is as of the last record")
        }
        let header = result.header
        let end = result.end
        let ending = end.flatMap { HeadlessEnding(name: $0.ending, reason: $0.endingReason) } ?? .probeEnded
        var finish: RolloutState.Finish?
        switch end?.finish {
        case "promoted"?: finish = .promoted
        case "rolled_back"?: finish = .rolledBack(reason: end?.finishReason ?? "")
        default: finish = nil
        }
        let verdicts = VerdictReport(
            verdicts: end?.verdicts ?? [], goal: header.until.flatMap(HeadlessGoal.init(rawValue:)), ending: ending, finish: finish,
            writes: (end?.writes ?? []).map { HeadlessRuntime.Write(time: $0.time, summary: $0.summary, succeeded: $0.succeeded) },
            rollbackPending: end?.rollbackPending ?? false,
            missing: (end?.hadStable ?? true) ? nil : VerdictReport.noStableSubset)
        let report = WatchReport(result.figures, verdicts: verdicts)
        Output.line(json ? report.json.pretty : report.table)
    }
}
