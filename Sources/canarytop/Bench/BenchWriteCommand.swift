import ArgumentParser
import CanaryApp
import CanaryBench

/// `canarytop bench write <file>`: atomic rewrites per second (see ``WriteBenchmark``).
struct BenchWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Rewrite a splitter file atomically N times (alternating rollback/promote) and report writes/s; with --keys, keystroke to durable write through the dashboard, p50/p99/max.")

    @Argument(help: ArgumentHelp("A splitter file to rewrite (it is changed!).", valueName: "file"))
    var file: String

    @Option(help: "Rounds to run.")
    var count: Int = 200

    @Option(help: ArgumentHelp("The subset promote sends everything to (default: the last split).", valueName: "subset"))
    var canary: String?

    @Flag(help: "Type the keys into the dashboard's runtime instead (↓ → Enter, then r, alternating) and time each from the key to the fsync'd rename.")
    var keys = false

    @Flag(help: "With --keys: type each round once the one before is journaled and read back (an operator's pace), not as soon as its file write returned.")
    var paced = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let signals = WriteSignals.route()
        defer { signals.forEach { $0.cancel() } }
        if keys {
            let report = try await KeyWriteBenchmark(path: file, rounds: count, paced: paced).run()
            print(json ? report.json.compact : report.text)
            return
        }
        let report = try await WriteBenchmark(path: file, rounds: count, canary: canary).run()
        print(json ? report.json.compact : report.text)
    }
}
