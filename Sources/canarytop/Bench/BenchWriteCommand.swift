import ArgumentParser
import CanaryCore
import CanaryStore

/// `canarytop bench write <file>`: the full safe-write path, again and again.
///
/// Each round reads the splitter, plans a rollback or a promote (alternating), rewrites the
/// text, and writes it atomically over the snapshot (lock, compare, temp file, fsync, rename,
/// directory fsync). It measures writes per second — and it is the writer the crash test kills
/// with SIGKILL at random moments.
struct BenchWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Rewrite a splitter file atomically N times (alternating rollback/promote) and report writes/s.")

    @Argument(help: ArgumentHelp("A splitter file to rewrite (it is changed!).", valueName: "file"))
    var file: String

    @Option(help: "Rounds to run.")
    var count: Int = 200

    @Option(help: ArgumentHelp("The subset promote sends everything to (default: the last split).", valueName: "subset"))
    var canary: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let editor = SplitterEditor(
            store: FileSplitterStore(path: file), apply: .file, journal: nil, resolver: nil, stable: nil,
            operatorName: "bench", now: { "" })
        let clock = ContinuousClock()
        let start = clock.now
        var written = 0
        do {
            for round in 0..<count {
                let (snapshot, document) = try await editor.load()
                let canaryName = canary ?? SplitNames(entry: document.entry).names.last ?? ""
                let operation: SplitterOperation = round % 2 == 0 ? .promote(canaryName) : .rollback
                let plan = try editor.plan(operation, on: snapshot, document: document, reason: nil)
                if plan.change.isNoChange { continue }
                _ = try await editor.commit(plan)
                written += 1
            }
        } catch {
            throw CLIError("\(error)")
        }
        let seconds = (clock.now - start) / .seconds(1)
        let rate = seconds > 0 ? Double(written) / seconds : 0
        if json {
            print(JSONValue.object([("writes", .int(written)), ("seconds", .number(seconds)), ("writes_per_second", .number(rate))]).compact)
        } else {
            print("\(written) atomic writes in \(FixedPoint.format(seconds, digits: 3)) s: \(FixedPoint.format(rate, digits: 1)) writes/s")
        }
    }
}
