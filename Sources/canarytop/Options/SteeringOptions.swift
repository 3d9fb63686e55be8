import ArgumentParser
import CanaryCore
import CanaryStore
import Foundation

/// How the dashboard may change the splitter it follows: apply mode, journal, dry-run, read-only.
struct SteeringOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How a change reaches the mesh: file, command or api.", valueName: "mode"))
    var apply: SplitterOptions.ApplyModeName = .file

    @Option(name: .customLong("command"), help: ArgumentHelp("With --apply command: run this after writing; {file} is the splitter's path.", valueName: "cmd"))
    var applyCommand: String?

    @Option(help: ArgumentHelp("Append a JSON line per change here (default: <splitter>.journal).", valueName: "path"))
    var journal: String?

    @Option(help: ArgumentHelp("The stable subset when the resolver names no default.", valueName: "subset"))
    var stable: String?

    @Flag(help: "Show what a change would write; write nothing.")
    var dryRun = false

    @Flag(help: "Hide and disable every key that writes.")
    var readOnly = false

    @Option(help: ArgumentHelp("A theme name or file (default: default).", valueName: "theme"))
    var theme: String?

    func validate() throws {
        if apply == .command && applyCommand == nil {
            throw ValidationError("--apply command needs --command '<cmd with {file}>'")
        }
        if let applyCommand, !applyCommand.contains("{file}") {
            throw ValidationError("--command must contain {file} where the splitter's path goes")
        }
    }

    /// The editor for a file splitter or a live Consul entry.
    func editor(splitterPath: String?, consulEntry: String?, consul: ConsulClient?, resolver: ResolverEntry?) -> SplitterEditor? {
        let store: any SplitterStore
        if let splitterPath {
            store = FileSplitterStore(path: splitterPath)
        } else if let consulEntry, let consul {
            store = ConsulSplitterStore(client: consul, name: consulEntry)
        } else {
            return nil
        }
        return SplitterOptions.makeEditor(
            store: store, apply: splitterPath == nil ? .api : apply.mode(command: applyCommand, timeout: 30),
            journal: journal, splitterPath: splitterPath, resolver: resolver, stable: stable,
            consul: apply == .api ? consul : nil)
    }
}
