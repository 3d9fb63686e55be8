/// A config file as canarytop reads one: Consul's HCL or JSON, or a Kubernetes manifest holding
/// the consul-k8s resource (`kind: ServiceSplitter` / `ServiceResolver`).
///
/// A manifest is told by its name (`.yaml`, `.yml`) or, for any other name, by its first line
/// that is not blank or a comment: `---`, `apiVersion:` or `kind:` (neither HCL nor JSON starts
/// so). Text from Consul's API is always JSON.
public enum ConfigFile {
    /// True when `text` (named `label`, a path) is read as a Kubernetes manifest.
    public static func isManifest(_ text: String, label: String) -> Bool {
        let lower = label.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return true }
        if lower.hasSuffix(".hcl") || lower.hasSuffix(".json") { return false }
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            return trimmed.hasPrefix("---") || trimmed.hasPrefix("apiVersion:") || trimmed.hasPrefix("kind:")
        }
        return false
    }

    /// The splitter in `text`: a manifest's `ServiceSplitter`, else the HCL or JSON entry.
    public static func splitter(_ text: String, label: String, origin: EntryOrigin = .file) throws(ConfigError) -> SplitterDocument {
        if origin == .file, isManifest(text, label: label) { return try SplitterDocument(yaml: text, label: label) }
        return try SplitterDocument(text: text, label: label, origin: origin)
    }

    /// The resolver in `text`: a manifest's `ServiceResolver`, else the HCL or JSON entry.
    public static func resolver(_ text: String, label: String, origin: EntryOrigin = .file) throws(ConfigError) -> ResolverEntry {
        if origin == .file, isManifest(text, label: label) { return try ResolverEntry(yaml: text, label: label) }
        return try ResolverEntry(text: text, label: label, origin: origin)
    }
}
