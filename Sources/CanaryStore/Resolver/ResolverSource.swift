import CanaryCore

/// Where a command's service-resolver comes from: the file given (`--resolver`), else — for a
/// live Consul entry — Consul's own service-resolver of the same name. One place for both
/// `split …` and `watch`.
public enum ResolverSource {
    /// The resolver file at `path` (refused in one line when it is unreadable or Consul would
    /// refuse it), else the live service-resolver named `entry` when Consul is used (absent or
    /// unreadable there is no resolver), else none.
    public static func load(path: String?, entry: String?, consul: ConsulClient?) async throws -> ResolverEntry? {
        if let path { return try read(path) }
        guard let entry, let consul, let reply = try? await consul.configEntry(kind: "service-resolver", name: entry) else {
            return nil
        }
        return try? ResolverEntry(text: reply.body, label: "consul service-resolver/\(entry)", origin: .apiReply)
    }

    /// Reads and checks a resolver file.
    public static func read(_ path: String) throws -> ResolverEntry {
        let bytes = try AtomicFile.read(path)
        let entry: ResolverEntry
        do {
            entry = try ConfigFile.resolver(String(decoding: bytes, as: UTF8.self), label: path)
        } catch {
            throw StoreError.refused("\(error)")
        }
        let issues = SplitterValidation.validate(entry)
        if !issues.isEmpty {
            throw StoreError.refused("\(path): \(issues.map(\.message).joined(separator: "; "))")
        }
        return entry
    }
}
