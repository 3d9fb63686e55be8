import ArgumentParser

/// The root command: `canarytop <subcommand>`.
@main
struct CanaryTop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canarytop",
        abstract: "A terminal dashboard for live canary deployments on Consul service meshes.",
        version: "0.1.0",
        subcommands: [DemoCommand.self, WatchCommand.self, SplitCommand.self, ExplainCommand.self, BenchCommand.self]
    )
}
