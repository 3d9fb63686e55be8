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
    /// The caller's sidecar, counting each call to the subset it went to (`web`'s calls to payments).
    public var sidecar: SidecarTap?

    public init(uri: String, sidecar: SidecarTap? = nil, route: @escaping @Sendable () -> Target) {
        self.uri = uri
        self.sidecar = sidecar
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

/// Where a caller's sidecar counts its calls: the stats, and the subset a target belongs to.
public struct SidecarTap: Sendable {
    public let stats: EnvoySidecar
    /// The subset of an endpoint (by its port); `nil` for one the sidecar has no cluster for.
    public let subset: @Sendable (Upstream.Target) -> String?

    public init(stats: EnvoySidecar, subset: @escaping @Sendable (Upstream.Target) -> String?) {
        self.stats = stats
        self.subset = subset
    }
}
