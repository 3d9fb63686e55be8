import ArgumentParser
import CanaryStore

/// How a change to the splitter is written and recorded: shared by `split …` and `watch` (the
/// dashboard's keys, the guard and steps).
struct ApplyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How a change reaches the mesh: file, command, api, or kubectl (patch the consul-k8s ServiceSplitter).",
        valueName: "mode"))
    var apply: ApplyModeName = .file

    @Option(name: .customLong("command"), help: ArgumentHelp(
        "With --apply command: run this after writing; {file} is replaced by the splitter's path.", valueName: "cmd"))
    var applyCommand: String?

    @Option(help: ArgumentHelp("Seconds before the apply command (or one kubectl call) is stopped.", valueName: "seconds"))
    var commandTimeout: Double = 30

    @Option(help: ArgumentHelp("With --apply kubectl: the kubectl to run (default: kubectl on PATH).", valueName: "path"))
    var kubectl: String?

    @Option(name: .customLong("k8s-namespace"), help: ArgumentHelp(
        "With --apply kubectl: the ServiceSplitter's Kubernetes namespace (default: found cluster-wide by name; exactly one must match).",
        valueName: "ns"))
    var k8sNamespace: String?

    @Option(name: .customLong("k8s-context"), help: ArgumentHelp(
        "With --apply kubectl: the kubeconfig context (default: kubectl's current one).", valueName: "context"))
    var k8sContext: String?

    @Option(help: ArgumentHelp(
        "With --apply kubectl: seconds to wait for the controller to put a change into Consul (default 60).",
        valueName: "seconds"))
    var syncTimeout: Double = 60

    @Option(help: ArgumentHelp("Append a JSON line per change here (default: <file>.journal beside the splitter).", valueName: "path"))
    var journal: String?

    @Option(help: ArgumentHelp("The stable subset when the resolver names no default.", valueName: "subset"))
    var stable: String?

    @Flag(help: "Show what a change would write (split: the diff); write nothing.")
    var dryRun = false

    enum ApplyModeName: String, ExpressibleByArgument, CaseIterable {
        case file, command, api, kubectl
    }

    /// The mode, with the command (validated to be present for `command`) and its timeout.
    var mode: ApplyMode {
        switch apply {
        case .file: return .file
        case .command: return .command(ApplyCommand(template: applyCommand ?? "", timeout: commandTimeout))
        case .api: return .api
        case .kubectl:
            return .kubectl(KubernetesTarget(kubectl: kubectl ?? "kubectl", namespace: k8sNamespace, context: k8sContext,
                                             syncTimeout: syncTimeout, callTimeout: commandTimeout))
        }
    }

    func validate() throws {
        if apply == .command && applyCommand == nil {
            throw ValidationError("--apply command needs --command '<cmd with {file}>', e.g. --command 'consul config write {file}'")
        }
        if applyCommand != nil && apply != .command {
            throw ValidationError("--command is used only with --apply command")
        }
        if apply != .kubectl {
            for (flag, value) in [("--kubectl", kubectl), ("--k8s-namespace", k8sNamespace), ("--k8s-context", k8sContext)]
            where value != nil {
                throw ValidationError("\(flag) is used only with --apply kubectl")
            }
        }
        if !(syncTimeout > 0) || !(commandTimeout > 0) {
            throw ValidationError("--sync-timeout and --command-timeout must be more than 0 seconds")
        }
        if let applyCommand, !applyCommand.contains("{file}") {
            throw ValidationError("--command must contain {file} where the splitter's path goes")
        }
    }
}
