import CanaryCore

/// What the operator asked for, before it is resolved against the current config.
public enum SplitterOperation: Sendable, Equatable, CustomStringConvertible {
    /// `split set payments.hcl green=10`: one split to this weight, the others rebalanced.
    case set(String, Weight)
    /// `split set payments.hcl blue=90 green=10`: exactly these weights.
    case setAll([String: Weight])
    /// `split shift --to green --by 5`.
    case shift(to: String, by: Weight)
    /// Everything to the stable split (resolver default, else `--stable`, else the first split).
    case rollback
    /// Everything to this split.
    case promote(String)

    /// The journal's name for it.
    public var name: String {
        switch self {
        case .set: return "set"
        case .setAll: return "set-all"
        case .shift: return "shift"
        case .rollback: return "rollback"
        case .promote: return "promote"
        }
    }

    public var description: String {
        switch self {
        case .set(let s, let w): return "set \(s)=\(w)"
        case .setAll(let all): return "set " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        case .shift(let s, let w): return "shift toward \(s) by \(w)"
        case .rollback: return "rollback"
        case .promote(let s): return "promote \(s)"
        }
    }
}

/// How a written change reaches the mesh.
public enum ApplyMode: Sendable, Equatable {
    /// Write the file; something else (GitOps, a person) applies it.
    case file
    /// Write the file, then run a command such as `consul config write {file}`.
    case command(ApplyCommand)
    /// `PUT` to Consul's HTTP API with `?cas=<ModifyIndex>` (the live entry, or the file's content).
    case api

    public var name: String {
        switch self {
        case .file: return "file"
        case .command: return "command"
        case .api: return "api"
        }
    }
}

extension ApplyCommand: Equatable {
    public static func == (a: ApplyCommand, b: ApplyCommand) -> Bool { a.template == b.template && a.timeout == b.timeout }
}
