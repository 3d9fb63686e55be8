/// What a failed `kubectl get` / `kubectl patch` said, from its standard error (the forms the
/// API server gives; the prefix is kubectl's `Error from server (Reason): `).
public enum KubectlFailure: Equatable, Sendable {
    /// 409: the object changed since it was read (a resourceVersion mismatch).
    case conflict
    /// 403: `User "…" cannot patch resource "servicesplitters" … in the namespace "default"`.
    case forbidden(verb: String, namespace: String)
    /// The admission webhook refused the change; its message.
    case webhookDenied(String)
    /// 404: no such object.
    case notFound
    /// Anything else, as one cleaned line.
    case other(String)

    /// Classifies kubectl's standard error.
    public init(stderr: String) {
        let text = TerminalSafe.clean(stderr.split(whereSeparator: \.isNewline).joined(separator: " "))
        if text.contains("(Conflict)") {
            self = .conflict
        } else if text.contains("(Forbidden)") {
            self = .forbidden(verb: Self.quoted(after: "cannot ", in: text, unquotedWord: true) ?? "",
                              namespace: Self.quoted(after: "in the namespace ", in: text) ?? "")
        } else if let range = text.firstRange(of: "denied the request: ") {
            self = .webhookDenied(String(text[range.upperBound...]))
        } else if text.contains("(NotFound)") {
            self = .notFound
        } else {
            self = .other(text)
        }
    }

    /// The message canarytop prints for it.
    public func message(resource: String, namespace: String) -> String {
        switch self {
        case .conflict:
            return "\(resource) changed since it was read (409 Conflict)"
        case .forbidden(let verb, let deniedIn):
            let action = verb.isEmpty ? "patch" : verb
            return "your Kubernetes identity cannot \(action) servicesplitters in \(deniedIn.isEmpty ? namespace : deniedIn)"
        case .webhookDenied(let reason):
            return "the consul-k8s webhook refused the change: \(reason)"
        case .notFound:
            return "\(resource) was not found in \(namespace)"
        case .other(let text):
            return text
        }
    }

    /// The text after `marker`: a "quoted" value, or (with `unquotedWord`) the next word.
    private static func quoted(after marker: String, in text: String, unquotedWord: Bool = false) -> String? {
        guard let range = text.firstRange(of: marker) else { return nil }
        let rest = text[range.upperBound...]
        if rest.first == "\"" {
            return String(rest.dropFirst().prefix { $0 != "\"" })
        }
        return unquotedWord ? String(rest.prefix { $0 != " " }) : nil
    }
}
