import ArgumentParser
import CanaryCore
import Foundation

/// `--apply kubectl` patches the live `ServiceSplitter` named like the Consul entry
/// (`--consul-entry`), never a file. For a manifest kept in Git the way that works is to change
/// the file and let kubectl (or the GitOps tool) apply it: one line, shared by `split` and
/// `watch`, says so.
enum KubectlFileRule {
    /// The error for `--apply kubectl` without `--consul-entry`: a usage error, or for a manifest
    /// the one-line refusal that names the way that works.
    static func refusal(file: String?) -> any Error {
        let text = file.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        guard let file, ConfigFile.isManifest(text, label: file) else {
            return ValidationError("--apply kubectl needs --consul-entry <name>: the ServiceSplitter of that name is patched")
        }
        return CLIError("\(file): --apply kubectl patches the live ServiceSplitter (--consul-entry <name>), not a manifest;"
            + " to change this file and apply it, use --apply command --command 'kubectl apply -f {file}'"
            + " (or --apply file, and commit it)")
    }
}
