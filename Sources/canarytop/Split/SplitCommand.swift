import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryStore

/// `canarytop split …`: read, change and write a Consul service-splitter, safely.
struct SplitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Show or change a service-splitter's weights (file, consul config write, or Consul's API).",
        discussion: """
            Only the weight literals are rewritten; every other byte of the file stays as written. \
            Writes are atomic and refused if the file (or Consul entry) changed since it was read. \
            Every write appends a JSON line to the journal.
            """,
        subcommands: [
            SplitShowCommand.self, SplitSetCommand.self, SplitShiftCommand.self,
            SplitRollbackCommand.self, SplitPromoteCommand.self,
        ])
}

/// Runs one operation through the editor and prints what happened.
enum SplitRunner {
    static func run(_ operation: WeightEdit, _ options: SplitterOptions) async throws {
        let signals = WriteSignals.route()
        defer { signals.forEach { $0.cancel() } }
        for note in options.oldSpellingNotes { Output.error(note) }
        let client = try options.consulClient()
        do {
            try await runWith(client, operation, options)
        } catch {
            await client?.shutdown()
            if let error = error as? CLIError { throw error }
            throw CLIError("\(error)")
        }
        await client?.shutdown()
    }

    private static func runWith(_ client: ConsulClient?, _ operation: WeightEdit, _ options: SplitterOptions) async throws {
        let editor = try await options.editor(consul: client)
        let plan = try await editor.plan(operation, reason: options.reason)
        if let note = plan.wasInvalidNote { Output.error("note: \(editor.store.label): \(note)") }
        for caution in plan.cautions { Output.error("warning: \(editor.store.label): \(caution)") }
        for warning in plan.warnings {
            Output.error("warning: \(editor.store.label): \(warning)")
        }
        if let stable = plan.stable, let overridden = stable.overridden {
            Output.error("note: rolling back to \(stable.name), the resolver's default subset (not --stable \(overridden))")
        }
        if options.write.dryRun {
            if plan.change.isNoChange {
                print("\(editor.store.label): \(operation): no change (dry run: nothing written)")
            } else {
                print(plan.diff, terminator: plan.diff.hasSuffix("\n") ? "" : "\n")
                print("dry run: \(plan.change.summary); nothing written")
            }
            return
        }
        if plan.change.isNoChange {
            print("\(editor.store.label): \(operation): already so; nothing written")
            return
        }
        let result = try await editor.commit(plan)
        print("\(editor.store.label): \(operation): \(plan.change.summary) (\(result.written.version))")
        if let failure = result.journalFailure { Output.error("warning: written, but not journaled: \(failure)") }
        if let command = result.command, !command.output.isEmpty {
            print(TerminalSafe.clean(command.output, limit: 2000))
        }
    }
}
