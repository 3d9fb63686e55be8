import ArgumentParser
import CanaryCore
import CanaryStore
import Foundation

/// Where the splitter lives and how a change is applied: shared by every `split` subcommand.
struct SplitterOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The service-splitter config file (HCL or JSON).", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("The service-resolver config file: names the subsets and the stable (default) one.", valueName: "file"))
    var resolver: String?

    @Option(help: ArgumentHelp("The stable subset when the resolver names no default.", valueName: "subset"))
    var stable: String?

    @Option(help: ArgumentHelp("How a change reaches the mesh: file, command or api.", valueName: "mode"))
    var apply: ApplyModeName = .file

    @Option(name: .customLong("command"), help: ArgumentHelp("With --apply command: run this after writing; {file} is replaced by the path.", valueName: "cmd"))
    var applyCommand: String?

    @Option(help: ArgumentHelp("Seconds before the apply command is stopped.", valueName: "seconds"))
    var commandTimeout: Double = 30

    @Option(help: ArgumentHelp("With --apply api: read and write this live service-splitter entry instead of a file.", valueName: "name"))
    var consulEntry: String?

    @Option(help: ArgumentHelp("Consul's address (default: CONSUL_HTTP_ADDR, else 127.0.0.1:8500).", valueName: "addr"))
    var consul: String?

    @Flag(help: "Print the diff that would be written; write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Append a JSON line per change here (default: <file>.journal beside the splitter).", valueName: "path"))
    var journal: String?

    @Option(help: ArgumentHelp("Why: recorded in the journal.", valueName: "text"))
    var reason: String?

    enum ApplyModeName: String, ExpressibleByArgument, CaseIterable {
        case file, command, api

        /// The mode, with `command` (validated to be present for `.command`) and its timeout.
        func mode(command: String?, timeout: Double) -> ApplyMode {
            switch self {
            case .file: return .file
            case .command: return .command(ApplyCommand(template: command ?? "", timeout: timeout))
            case .api: return .api
            }
        }
    }

    /// The splitter file; with `--consul-entry`, a first positional that looks like
    /// `subset=weight` belongs to `split set` instead (see ``leadingWeight``).
    var splitterFile: String? { leadingWeight == nil ? file : nil }

    /// `split set --consul-entry payments blue=90 green=10`: `blue=90` lands in `file`.
    var leadingWeight: String? {
        guard consulEntry != nil, let file, file.contains("=") else { return nil }
        return file
    }

    func validate() throws {
        let file = splitterFile
        if file == nil && consulEntry == nil {
            throw ValidationError("give the splitter file, or --consul-entry <name> with --apply api")
        }
        if file != nil && consulEntry != nil {
            throw ValidationError("give either the splitter file or --consul-entry, not both")
        }
        if consulEntry != nil && apply != .api {
            throw ValidationError("--consul-entry needs --apply api")
        }
        if apply == .command && applyCommand == nil {
            throw ValidationError("--apply command needs --command '<cmd with {file}>', e.g. --command 'consul config write {file}'")
        }
        if applyCommand != nil && apply != .command {
            throw ValidationError("--command is used only with --apply command")
        }
        if apply == .command, let applyCommand, !applyCommand.contains("{file}") {
            throw ValidationError("--command must contain {file} where the splitter's path goes")
        }
    }

    /// A Consul client from the CLI's environment, when the apply mode needs one.
    func consulClient() throws -> ConsulClient? {
        guard apply == .api else { return nil }
        let env = try ConsulEnvironment.from(ProcessInfo.processInfo.environment, address: consul) { path in
            try String(contentsOfFile: path, encoding: .utf8)
        }
        return try ConsulClient(environment: env)
    }

    /// Builds the editor. The caller shuts the Consul client down.
    func editor(consul client: ConsulClient?) async throws -> SplitterEditor {
        let store: any SplitterStore
        var resolverEntry: ResolverEntry?
        if let resolver {
            resolverEntry = try Self.readResolver(resolver)
        }
        if let consulEntry, let client {
            store = ConsulSplitterStore(client: client, name: consulEntry)
            if resolverEntry == nil {
                // The live resolver names the subsets; absent is fine.
                if let reply = try? await client.configEntry(kind: "service-resolver", name: consulEntry) {
                    resolverEntry = try? ResolverEntry(text: reply.body, label: "consul service-resolver/\(consulEntry)", origin: .apiReply)
                }
            }
        } else {
            store = FileSplitterStore(path: splitterFile!)
        }
        return Self.makeEditor(
            store: store, apply: apply.mode(command: applyCommand, timeout: commandTimeout), journal: journal,
            splitterPath: splitterFile, resolver: resolverEntry, stable: stable, consul: client)
    }

    /// The editor every command builds the same way: journal beside the splitter unless given,
    /// `$USER` as the operator, wall-clock timestamps.
    static func makeEditor(
        store: any SplitterStore, apply: ApplyMode, journal: String?, splitterPath: String?,
        resolver: ResolverEntry?, stable: String?, consul: ConsulClient?
    ) -> SplitterEditor {
        let journalPath = journal ?? splitterPath.map { $0 + ".journal" } ?? "canarytop.journal"
        return SplitterEditor(
            store: store, apply: apply, journal: Journal(path: journalPath), resolver: resolver, stable: stable,
            consul: consul, operatorName: ProcessInfo.processInfo.environment["USER"] ?? "unknown",
            now: { Timestamp.now() })
    }

    static func readResolver(_ path: String) throws -> ResolverEntry {
        let bytes = try AtomicFile.read(path)
        let entry: ResolverEntry
        do {
            entry = try ResolverEntry(text: String(decoding: bytes, as: UTF8.self), label: path)
        } catch {
            throw CLIError("\(error)")
        }
        let issues = SplitterValidation.validate(entry)
        if !issues.isEmpty {
            throw CLIError("\(path): \(issues.map(\.message).joined(separator: "; "))")
        }
        return entry
    }
}

/// RFC 3339 UTC timestamps with milliseconds, for the journal.
enum Timestamp {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
