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
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exitInOneLine(error)
        }
    }

    /// Help and `--version` as ArgumentParser prints them; any error as one line, `Error: …`, and
    /// its exit status — without the usage lines ArgumentParser adds after a usage error (a
    /// script reads one line; `--help` is there for the rest).
    static func exitInOneLine(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        let text = message(for: error)
        if !text.isEmpty { FileHandle.standardError.write(Data("Error: \(text)\n".utf8)) }
        Foundation.exit(code.rawValue)
    }
}
