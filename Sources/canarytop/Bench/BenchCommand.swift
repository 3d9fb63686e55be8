import ArgumentParser

/// `canarytop bench`: micro-benchmarks of canarytop's hot paths, run in-process.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure canarytop's hot paths (build with -c release for meaningful numbers).",
        subcommands: [BenchParseCommand.self, BenchWriteCommand.self, BenchProbeCommand.self, BenchDetectCommand.self, BenchReplayCommand.self, BenchIdleCommand.self]
    )
}
