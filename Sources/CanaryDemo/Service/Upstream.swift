/// One configured upstream of a fake-service instance (an entry of its `UPSTREAM_URIS`).
public struct Upstream: Sendable {
    /// Where a call actually goes.
    public enum Target: Sendable, Equatable {
        /// An instance listening on loopback.
        case endpoint(host: String, port: Int)
        /// Nothing to send to: the mesh answers 503 `no healthy upstream`, as Envoy does.
        case noHealthyUpstream
    }

    /// The URI as configured and recorded in traces (`http://localhost:9091`, the workshop's
    /// sidecar address: in a mesh the caller never sees which instance answered).
    public var uri: String
    /// Chooses the target of each call (the splitter's routing for `web`, a fixed address otherwise).
    public var route: @Sendable () -> Target

    public init(uri: String, route: @escaping @Sendable () -> Target) {
        self.uri = uri
        self.route = route
    }

    /// The URL requested (`http://localhost:9091/`), as it appears in Go's error texts.
    var requestURL: String {
        let afterScheme = uri.range(of: "://").map { uri[$0.upperBound...] } ?? uri[...]
        return afterScheme.contains("/") ? uri : uri + "/"
    }

    /// `host:port` Go would dial for ``uri`` (`localhost` resolved to `127.0.0.1`).
    var dialAddress: String {
        let afterScheme = uri.range(of: "://").map { String(uri[$0.upperBound...]) } ?? uri
        var hostPort = String(afterScheme.prefix { $0 != "/" })
        if !hostPort.contains(":") { hostPort += uri.hasPrefix("https") ? ":443" : ":80" }
        if hostPort.hasPrefix("localhost:") { hostPort = "127.0.0.1" + hostPort.dropFirst("localhost".count) }
        return hostPort
    }
}
