/// Where the splitter a command reads and steers lives: a file, or a live Consul entry.
public enum SplitterLocation: Sendable, Equatable {
    /// `--splitter <file>` (or `split … <file>`).
    case file(String)
    /// `--consul-entry <name>`: the service-splitter of that name in Consul.
    case consulEntry(String)

    /// The file's path, for a file.
    public var path: String? {
        guard case .file(let path) = self else { return nil }
        return path
    }

    /// The entry's name, for a Consul entry.
    public var entryName: String? {
        guard case .consulEntry(let name) = self else { return nil }
        return name
    }

    /// The store that reads and writes it; a Consul entry needs a client (else nil). With
    /// `--apply kubectl`, a Consul entry is written through the `ServiceSplitter` it is copied from.
    public func store(consul: ConsulClient?, apply: ApplyMode = .file) throws -> (any SplitterStore)? {
        switch (self, apply) {
        case (.file(let path), .kubectl):
            throw StoreError.refused("--apply kubectl steers the resource in the cluster, not \(path): name it with"
                + " --consul-entry <name> (the Consul entry's name is the ServiceSplitter's)")
        case (.file(let path), _):
            return FileSplitterStore(path: path)
        case (.consulEntry(let name), .kubectl(let target)):
            return try consul.map { try KubectlSplitterStore(name: name, target: target, consul: $0) }
        case (.consulEntry(let name), _):
            return consul.map { ConsulSplitterStore(client: $0, name: name) }
        }
    }
}
