import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryStore

/// `canarytop split show <file> [--resolver <file>] [--json]`.
struct SplitShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a splitter's weights and whether Consul would accept it (exit 1 if not).")

    @OptionGroup var splitter: SplitterOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        for note in splitter.oldSpellingNotes { Output.error(note) }
        let client = try splitter.consulClient()
        defer { if let client { Task { await client.shutdown() } } }
        let editor: SplitterEditor
        let snapshot: SplitterSnapshot
        let document: SplitterDocument
        do {
            editor = try await splitter.editor(consul: client)
            (snapshot, document) = try await editor.load()
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
        let entry = document.entry
        let names = SplitNames(entry: entry, resolver: editor.resolver)
        let issues = SplitterValidation.validate(entry, resolver: editor.resolver).map(\.message)
        let stable = try? StableChoice.choose(in: entry, resolver: editor.resolver, explicit: splitter.write.stable)
        let owner = EntryOwner(meta: entry.meta).display
        if json {
            let splits: [JSONValue] = entry.splits.indices.map { i in
                let s = entry.splits[i]
                return .object([
                    ("name", .string(names.names[i])), ("weight", .number(Double(s.weight.hundredths) / 100)),
                    ("service", .string(s.service)), ("service_subset", .string(s.serviceSubset)),
                ])
            }
            print(JSONValue.object([
                ("target", .string(editor.store.label)), ("format", .string("\(document.format)")),
                ("name", .string(entry.name)), ("splits", .array(splits)),
                ("stable", .string(stable?.name)), ("version", .string(snapshot.version.description)),
                ("managed_by", .string(owner)),
                ("valid", .bool(issues.isEmpty)), ("issues", .array(issues.map { .string($0) })),
            ]).pretty)
        } else {
            print("\(TerminalSafe.clean(editor.store.label)): service-splitter \"\(TerminalSafe.clean(entry.name))\" (\(document.format), \(snapshot.version))")
            if let owner {
                let how: String
                switch EntryOwner(meta: entry.meta) {
                case .consulK8s: how = splitter.write.apply == .kubectl ? "" : " (change it with --apply kubectl, not in Consul)"
                default: how = " (change it where it is managed, not in Consul)"
                }
                print("  \(owner)\(how)")
            }
            let width = max(6, names.names.map(\.count).max() ?? 0)
            for i in entry.splits.indices {
                let name = TerminalSafe.clean(names.names[i])
                let marker = stable?.index == i ? "  (stable)" : ""
                let weight = entry.splits[i].weight.description
                print("  " + name + String(repeating: " ", count: max(0, width - name.count)) + "  "
                      + String(repeating: " ", count: max(0, 6 - weight.count)) + weight + " %" + marker)
            }
        }
        if !issues.isEmpty {
            for issue in issues { Output.error("\(editor.store.label): \(issue)") }
            throw ExitCode(1)
        }
    }
}
