import ArgumentParser
import Foundation

/// The root command: `canarytop <subcommand>`.
@main
struct CanaryTop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canarytop",
        abstract: "A terminal dashboard for live canary deployments on Consul service meshes.",
        version: "0.1.0",
        subcommands: [DemoCommand.self, WatchCommand.self, ReplayCommand.self, SplitCommand.self, ExplainCommand.self, BenchCommand.self]
    )

    static func main() async {
        // A write past the file-size limit (`ulimit -f`) then fails with EFBIG, which is reported
        // and leaves the old file, instead of killing the process half-way through a write.
        signal(SIGXFSZ, SIG_IGN)
        await main(nil)
    }
}
