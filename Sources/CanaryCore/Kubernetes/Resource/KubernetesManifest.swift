/// Picks a consul-k8s resource out of a multi-document YAML manifest.
///
/// Only documents with `apiVersion: consul.hashicorp.com/v1alpha1` and the wanted `kind`
/// count (both exact, as the API server matches them); empty documents and other kinds
/// (Deployments, Services, …) are skipped. With a `name`, the document whose `metadata.name`
/// it is; without, the only one there is.
enum KubernetesManifest {
    static func select(_ stream: YAMLStream, kind: KubernetesKind, name: String?,
                       label: String) throws(ConfigError) -> YAMLStream.Document {
        var matches: [(YAMLStream.Document, String)] = []
        var others: [String] = []
        for document in stream.documents {
            guard let members = document.root.members else { continue }
            func text(_ key: String) -> String? {
                if case .string(let value)? = members.last(where: { $0.key == key })?.value.value { return value }
                return nil
            }
            let metadata = members.last { $0.key == "metadata" }?.value.members
            var objectName = ""
            if case .string(let value)? = metadata?.last(where: { $0.key == "name" })?.value.value { objectName = value }
            let found = text("kind") ?? "?"
            let version = text("apiVersion") ?? "no apiVersion"
            if found == kind.kind, version == KubernetesKind.apiVersion {
                matches.append((document, objectName))
            } else {
                others.append(found == kind.kind ? "\(found) \(objectName) (\(version))" : "\(found) \(objectName)")
            }
        }
        let wanted = name.map { named in matches.filter { $0.1 == named } } ?? matches
        if wanted.count == 1 { return wanted[0].0 }
        let what = "\(kind.kind) (\(KubernetesKind.apiVersion))" + (name.map { " named \(GoQuote.quote($0))" } ?? "")
        if wanted.isEmpty {
            let seen = (matches.map { "\(kind.kind) \($0.1)" } + others).map { TerminalSafe.clean($0) }
            let found = seen.isEmpty ? "the file has no documents" : "found: " + seen.joined(separator: ", ")
            throw ConfigError(stage: .kind, label: label, position: nil, message: "no \(what) in the file; \(found)")
        }
        let list = wanted.map { "\(TerminalSafe.clean($0.1)) at \($0.0.root.range.start)" }.joined(separator: ", ")
        throw ConfigError(stage: .kind, label: label, position: nil,
                          message: "\(wanted.count) documents are a \(what): \(list); name the one to use")
    }
}
