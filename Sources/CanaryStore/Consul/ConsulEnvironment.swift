/// Where and how to reach Consul, from the Consul CLI's own environment variables.
///
/// `CONSUL_HTTP_ADDR` (`127.0.0.1:8500`, `http://…`, `https://…`), `CONSUL_HTTP_TOKEN`,
/// `CONSUL_HTTP_TOKEN_FILE` (wins over the token), `CONSUL_HTTP_SSL`, `CONSUL_HTTP_SSL_VERIFY`,
/// `CONSUL_CACERT`, `CONSUL_CLIENT_CERT`, `CONSUL_CLIENT_KEY`, `CONSUL_TLS_SERVER_NAME`,
/// `CONSUL_NAMESPACE`, `CONSUL_PARTITION`. The token is never part of `description`.
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
    public var namespace: String?
    public var partition: String?

    /// The base URL (`http://127.0.0.1:8500`), without a trailing slash.
    public var baseURL: String { "\(scheme)://\(hostPort)" }

    /// Reads the environment; `address` (e.g. from `--consul ADDR`) overrides `CONSUL_HTTP_ADDR`.
    /// `readFile` reads `CONSUL_HTTP_TOKEN_FILE` (injected so tests need no files).
    public static func from(
        _ env: [String: String], address: String? = nil,
        readFile: (String) throws -> String
    ) throws -> ConsulEnvironment {
        var raw = address ?? env["CONSUL_HTTP_ADDR"] ?? "127.0.0.1:8500"
        raw = raw.trimmingSpaces
        var scheme = Self.truthy(env["CONSUL_HTTP_SSL"]) ? "https" : "http"
        if raw.hasPrefix("https://") {
            scheme = "https"
            raw.removeFirst("https://".count)
        } else if raw.hasPrefix("http://") {
            scheme = "http"
            raw.removeFirst("http://".count)
        } else if raw.hasPrefix("unix://") {
            throw StoreError.refused("CONSUL_HTTP_ADDR: unix:// sockets are not supported by canarytop; use host:port")
        }
        while raw.hasSuffix("/") { raw.removeLast() }
        guard !raw.isEmpty, !raw.contains("/"), !raw.contains(" ") else {
            throw StoreError.refused("CONSUL_HTTP_ADDR: \"\(address ?? env["CONSUL_HTTP_ADDR"] ?? "")\" is not host:port")
        }
        if !raw.contains(":") || raw.hasSuffix("]") { raw += scheme == "https" ? ":8501" : ":8500" }

        var token = env["CONSUL_HTTP_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = env["CONSUL_HTTP_TOKEN_FILE"], !file.isEmpty {
            do {
                token = try readFile(file).trimmingSpaces
            } catch {
                throw StoreError.refused("CONSUL_HTTP_TOKEN_FILE: cannot read \(file)")
            }
        }
        return ConsulEnvironment(
            scheme: scheme, hostPort: raw, token: token,
            verifyTLS: env["CONSUL_HTTP_SSL_VERIFY"].map { !Self.falsy($0) } ?? true,
            caCertFile: env["CONSUL_CACERT"].nonEmpty, clientCertFile: env["CONSUL_CLIENT_CERT"].nonEmpty,
            clientKeyFile: env["CONSUL_CLIENT_KEY"].nonEmpty, tlsServerName: env["CONSUL_TLS_SERVER_NAME"].nonEmpty,
            namespace: env["CONSUL_NAMESPACE"].nonEmpty, partition: env["CONSUL_PARTITION"].nonEmpty)
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
