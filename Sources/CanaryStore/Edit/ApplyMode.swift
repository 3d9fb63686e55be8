/// How a written change reaches the mesh.
public enum ApplyMode: Sendable, Equatable {
    /// Write the file; something else (GitOps, a person) applies it.
    case file
    /// Write the file, then run a command such as `consul config write {file}`.
    case command(ApplyCommand)
    /// `PUT` to Consul's HTTP API with `?cas=<ModifyIndex>` (the live entry, or the file's content).
    case api
    /// `kubectl patch` the consul-k8s `ServiceSplitter` the Consul entry is copied from, and wait
    /// until its controller has put the change into Consul.
    case kubectl(KubernetesTarget)

    public var name: String {
        switch self {
        case .file: return "file"
        case .command: return "command"
        case .api: return "api"
        case .kubectl: return "kubectl"
        }
    }
}

extension ApplyCommand: Equatable {
    public static func == (a: ApplyCommand, b: ApplyCommand) -> Bool { a.template == b.template && a.timeout == b.timeout }
}
