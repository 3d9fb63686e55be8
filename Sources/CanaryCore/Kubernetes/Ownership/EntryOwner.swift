/// Who owns a Consul config entry, read from its `Meta`.
///
/// consul-k8s writes `external-source: kubernetes` and
/// `consul.hashicorp.com/source-datacenter: <dc>` into every entry it copies from a custom
/// resource, and decides ownership by the datacenter key alone (an empty value is the same as
/// none: it compares the value with its own, never-empty, datacenter name). Other tools mark
/// their entries with `external-source` only. An entry with neither is nobody's but Consul's.
public enum EntryOwner: Equatable, Sendable {
    /// A consul-k8s controller in this datacenter syncs the entry from a custom resource.
    case consulK8s(datacenter: String)
    /// Something else says it manages the entry (`external-source`: `kubernetes`, `terraform`, …).
    case external(source: String)
    /// No owner is named: the entry is written with `consul config write` or the HTTP API.
    case none

    public static let datacenterKey = "consul.hashicorp.com/source-datacenter"
    public static let sourceKey = "external-source"

    /// The owner `meta` names; a key given twice counts with its last value, as in a Go map.
    public init(meta: [KeyValue]) {
        func value(_ key: String) -> String { meta.last { $0.key == key }?.value ?? "" }
        let datacenter = value(Self.datacenterKey), source = value(Self.sourceKey)
        if !datacenter.isEmpty {
            self = .consulK8s(datacenter: datacenter)
        } else if !source.isEmpty {
            self = .external(source: source)
        } else {
            self = .none
        }
    }

    /// True when canarytop must not write the entry through Consul (API or `consul config write`).
    public var forbidsDirectWrite: Bool { self != .none }

    /// For the header and `split show`: `managed by consul-k8s (dc1)`, `managed by terraform
    /// (external-source)`; `nil` for an entry nobody owns. Meta text is cleaned for the terminal.
    public var display: String? {
        switch self {
        case .consulK8s(let datacenter): return "managed by consul-k8s (\(TerminalSafe.clean(datacenter)))"
        case .external(let source): return "managed by \(TerminalSafe.clean(source)) (external-source)"
        case .none: return nil
        }
    }
}
