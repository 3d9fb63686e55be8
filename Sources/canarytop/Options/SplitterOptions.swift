import ArgumentParser
import CanaryCore
import CanaryStore
import Foundation

/// Where the splitter lives and how a change is applied: shared by every `split` subcommand.
struct SplitterOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The service-splitter config file (HCL, JSON, or a ServiceSplitter manifest: .yaml).", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("The service-resolver config file: names the subsets and the stable (default) one.", valueName: "file"))
    var resolver: String?

    @Option(help: ArgumentHelp("With --apply api or kubectl: read and write this live service-splitter entry instead of a file.", valueName: "name"))
    var consulEntry: String?

    @OptionGroup var write: ApplyOptions

    @OptionGroup(title: "Consul (with --apply api)") var consul: ConsulOptions

    /// The old spelling of `--http-addr` (until the next release).
    @Option(name: .customLong("consul"), help: .hidden)
    var oldConsulAddress: String?

    @Option(help: ArgumentHelp("Why: recorded in the journal.", valueName: "text"))
    var reason: String?

    /// The splitter file; with `--consul-entry`, a first positional that looks like
    /// `subset=weight` belongs to `split set` instead (see ``leadingWeight``).
    var splitterFile: String? { leadingWeight == nil ? file : nil }

    /// `split set --consul-entry payments blue=90 green=10`: `blue=90` lands in `file`.
    var leadingWeight: String? {
        guard consulEntry != nil, let file, file.contains("=") else { return nil }
        return file
    }

    /// The splitter these options name.
    var location: SplitterLocation {
        if let consulEntry { return .consulEntry(consulEntry) }
        return .file(splitterFile ?? "")
    }

    func validate() throws {
        let file = splitterFile
        if file == nil && consulEntry == nil {
            throw ValidationError("give the splitter file, or --consul-entry <name> with --apply api")
        }
        if file != nil && consulEntry != nil {
            throw ValidationError("give either the splitter file or --consul-entry, not both")
        }
        if consulEntry != nil && write.apply != .api && write.apply != .kubectl {
            throw ValidationError("--consul-entry needs --apply api (or --apply kubectl)")
        }
        if write.apply == .kubectl && consulEntry == nil {
            throw KubectlFileRule.refusal(file: splitterFile)
        }
    }

    /// Old spellings used, as notes for standard error.
    var oldSpellingNotes: [String] {
        oldConsulAddress == nil ? [] : [OldSpelling.note("split --consul <addr>", "--http-addr")]
    }

    /// A Consul client from these options and the CLI's environment, when the apply mode needs one.
    func consulClient() throws -> ConsulClient? {
        switch write.apply {
        case .api, .kubectl: break
        // `consul config write` is checked against the live entry's owner when Consul is configured.
        case .command where consul.givenFlag != nil || oldConsulAddress != nil
            || ProcessInfo.processInfo.environment["CONSUL_HTTP_ADDR"] != nil: break
        default: return nil
        }
        return try ConsulClient(environment: try consul.environment(address: oldConsulAddress))
    }

    /// Builds the editor. The caller shuts the Consul client down.
    func editor(consul client: ConsulClient?) async throws -> SplitterEditor {
        let resolverEntry = try await ResolverSource.load(path: resolver, entry: consulEntry, consul: client)
        guard let store = try location.store(consul: client, apply: write.mode) else {
            throw CLIError("--consul-entry needs --apply api")
        }
        return SplitterEditor.standard(
            store: store, apply: write.mode, journal: write.journal, resolver: resolverEntry, stable: write.stable,
            consul: client)
    }
}
