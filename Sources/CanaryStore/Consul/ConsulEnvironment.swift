/// Where and how to reach Consul, as the Consul CLI finds out: its flags, else its own
/// environment variables.
///
/// `CONSUL_HTTP_ADDR` (`127.0.0.1:8500`, `http://…`, `https://…`), `CONSUL_HTTP_TOKEN`,
/// `CONSUL_HTTP_TOKEN_FILE` (wins over the token), `CONSUL_HTTP_SSL`, `CONSUL_HTTP_SSL_VERIFY`,
/// `CONSUL_CACERT`, `CONSUL_CLIENT_CERT`, `CONSUL_CLIENT_KEY`, `CONSUL_TLS_SERVER_NAME`,
/// `CONSUL_NAMESPACE`, `CONSUL_PARTITION`; the flags (``Flags``) win over them. The datacenter,
/// namespace and partition are sent as Consul's `dc`, `ns` and `partition` query parameters.
/// The token is never part of `description`.
public struct ConsulEnvironment: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// `host:port`.
    public var hostPort: String
    public var token: String?
    public var verifyTLS: Bool
    public var caCertFile: String?
    public var clientCertFile: String?
    public var clientKeyFile: String?
    public var tlsServerName: String?
    /// The datacenter to ask (`?dc=`); nil: the agent's own.
    public var datacenter: String?
    public var namespace: String?
    public var partition: String?

    /// What the command line gave (`--http-addr`, `--token`, …): each wins over its variable.
    public struct Flags: Sendable, Equatable {
        public var address: String?
        public var token: String?
        public var tokenFile: String?
        public var caFile: String?
        public var datacenter: String?
        public var namespace: String?
        public var partition: String?

        public init(
            address: String? = nil, token: String? = nil, tokenFile: String? = nil, caFile: String? = nil,
            datacenter: String? = nil, namespace: String? = nil, partition: String? = nil
        ) {
            self.address = address
            self.token = token
            self.tokenFile = tokenFile
            self.caFile = caFile
            self.datacenter = datacenter
            self.namespace = namespace
            self.partition = partition
        }
    }

    /// The base URL (`http://127.0.0.1:8500`), without a trailing slash.
    public var baseURL: String { "\(scheme)://\(hostPort)" }

    /// Reads the environment `env` under the command line's `flags`. `readFile` reads the token
    /// file (injected so tests need no files). As with the Consul CLI, a token file wins over a
    /// token, whichever of them came from a flag.
    public static func from(
        _ env: [String: String], flags: Flags = Flags(), readFile: (String) throws -> String
    ) throws -> ConsulEnvironment {
        let source = flags.address == nil ? "CONSUL_HTTP_ADDR" : "--http-addr"
        let given = flags.address ?? env["CONSUL_HTTP_ADDR"]
        var raw = (given ?? "127.0.0.1:8500").trimmingSpaces
        var scheme = Self.truthy(env["CONSUL_HTTP_SSL"]) ? "https" : "http"
        if raw.hasPrefix("https://") {
            scheme = "https"
            raw.removeFirst("https://".count)
        } else if raw.hasPrefix("http://") {
            scheme = "http"
            raw.removeFirst("http://".count)
        } else if raw.hasPrefix("unix://") {
            throw StoreError.refused("\(source): unix:// sockets are not supported by canarytop; use host:port")
        }
        while raw.hasSuffix("/") { raw.removeLast() }
        guard !raw.isEmpty, !raw.contains("/"), !raw.contains(" ") else {
            throw StoreError.refused("\(source): \"\(given ?? "")\" is not host:port")
        }
        if !raw.contains(":") || raw.hasSuffix("]") { raw += scheme == "https" ? ":8501" : ":8500" }

        var token = (flags.token ?? env["CONSUL_HTTP_TOKEN"]).nonEmpty
        if let file = (flags.tokenFile ?? env["CONSUL_HTTP_TOKEN_FILE"]).nonEmpty {
            do {
                token = try readFile(file).trimmingSpaces
            } catch {
                throw StoreError.refused("\(flags.tokenFile == nil ? "CONSUL_HTTP_TOKEN_FILE" : "--token-file"): cannot read \(file)")
            }
        }
        return ConsulEnvironment(
            scheme: scheme, hostPort: raw, token: token,
            verifyTLS: env["CONSUL_HTTP_SSL_VERIFY"].map { !Self.falsy($0) } ?? true,
            caCertFile: (flags.caFile ?? env["CONSUL_CACERT"]).nonEmpty, clientCertFile: env["CONSUL_CLIENT_CERT"].nonEmpty,
            clientKeyFile: env["CONSUL_CLIENT_KEY"].nonEmpty, tlsServerName: env["CONSUL_TLS_SERVER_NAME"].nonEmpty,
            datacenter: flags.datacenter.nonEmpty,
            namespace: (flags.namespace ?? env["CONSUL_NAMESPACE"]).nonEmpty,
            partition: (flags.partition ?? env["CONSUL_PARTITION"]).nonEmpty)
    }

    public var description: String {
        var s = baseURL
        if token != nil { s += " (token set)" }
        return s
    }

    private static func truthy(_ v: String?) -> Bool {
        guard let v = v?.lowercased() else { return false }
        return ["1", "true", "t", "yes"].contains(v)
    }

    private static func falsy(_ v: String) -> Bool {
        ["0", "false", "f", "no"].contains(v.lowercased())
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let s = self, !s.isEmpty else { return nil }
        return s
    }
}
