import AsyncHTTPClient
import CanaryCore
import CanaryHTTP
import ConsulStandIn
import Foundation
import NIOCore

/// The workshop's mesh, running on loopback: `web`, `payments` blue and green, `currency`,
/// and a Consul stand-in, with `web`'s calls to payments routed by the splitter file.
///
/// Every hop is real HTTP/1.1 with keep-alive: servers on ``LoopbackHTTPServer``, calls with
/// one shared AsyncHTTPClient — both SwiftNIO, answering on event loops. ``shutdown()`` closes
/// every listener and connection.
public final class DemoMesh: Sendable {
    /// Where everything listens.
    public struct Endpoints: Sendable, Equatable {
        public var host: String
        public var web: Int
        public var blue: Int
        public var green: Int
        public var currency: Int
        public var consul: Int
        /// The preferred port was taken, so another was used (and the user must be told).
        public var webMoved: Bool
        public var consulMoved: Bool
        /// Every web replica's port (the first is ``web``).
        public var webReplicas: [Int] = []
        /// Each web replica's sidecar admin port, in the same order.
        public var sidecars: [Int] = []

        public var webURL: String { "http://\(host):\(web)" }
        /// Each sidecar's admin address (`http://127.0.0.1:19000`), for `--envoy-admin`.
        public var sidecarURLs: [String] { sidecars.map { "http://\(host):\($0)" } }
        public var consulAddress: String { "\(host):\(consul)" }
    }

    public let configuration: DemoConfiguration
    public let files: WorkingCopies
    public let endpoints: Endpoints
    public let consul: ConsulStandIn
    public let watcher: RouteWatcher
    public var router: SplitRouter { watcher.router }
    /// Each web replica's sidecar admin (its stats and the ground truth), in replica order.
    public let sidecars: [SidecarAdmin]
    /// The background users, when asked for.
    private let users: DemoUsers?
    /// Every listener, by role (`web`, `blue`, `green`, `currency`, `stall`).
    private let servers: [(role: String, server: LoopbackHTTPServer)]
    private let http: HTTPClient

    private init(
        configuration: DemoConfiguration, files: WorkingCopies, endpoints: Endpoints, consul: ConsulStandIn,
        watcher: RouteWatcher, servers: [(role: String, server: LoopbackHTTPServer)], http: HTTPClient,
        sidecars: [SidecarAdmin], users: DemoUsers?
    ) {
        self.sidecars = sidecars
        self.users = users
        self.configuration = configuration
        self.files = files
        self.endpoints = endpoints
        self.consul = consul
        self.watcher = watcher
        self.servers = servers
        self.http = http
    }

    /// Starts everything; on failure stops whatever had started.
    /// - Parameter onEvent: told of every route change and refused file (on the watcher's queue).
    public static func start(
        _ c: DemoConfiguration, files: WorkingCopies, onEvent: @escaping @Sendable (RouteWatcher.Event) -> Void = { _ in }
    ) async throws -> DemoMesh {
        var config = HTTPClient.Configuration()
        // Consul gives Envoy's upstream clusters a 5 s connect_timeout by default: so does the
        // demo's mesh (2 s failed blue's calls on a machine loaded by builds).
        config.timeout = .init(connect: .seconds(5), read: nil)
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        var servers: [(role: String, server: LoopbackHTTPServer)] = []
        var consul: ConsulStandIn?
        var watcher: RouteWatcher?
        do {
            let clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1e9) }
            func service(_ b: ServiceBehaviour, _ upstreams: [Upstream], seed: UInt64) -> FakeService {
                FakeService(behaviour: b, upstreams: upstreams, style: c.style, http: http, seed: seed, wallClock: clock)
            }
            func serve(_ role: String, _ s: FakeService, port: DemoConfiguration.Port = .exact(0)) async throws -> (LoopbackHTTPServer, Bool) {
                let (server, moved) = try await bind(port, host: c.host) { try await LoopbackHTTPServer.start(host: c.host, port: $0, handler: s.handle) }
                servers.append((role, server))
                return (server, moved)
            }
            let host = c.host
            let fixed = { (port: Int) in Upstream(uri: DemoTopology.sidecarURI) { .endpoint(host: host, port: port) } }

            let (currency, _) = try await serve("currency", service(DemoTopology.currency(c), [], seed: c.seed &+ 3))
            // A listener that never answers: where green's hanging client "sends" its calls.
            let stall = try await LoopbackHTTPServer.start(host: c.host, port: 0) { _, _ in }
            servers.append(("stall", stall))
            let (blue, _) = try await serve("blue", service(DemoTopology.blue(c), [fixed(currency.port)], seed: c.seed &+ 1))
            let greenUpstream = fixed(DemoTopology.greenStalls(c) ? stall.port : currency.port)
            let (green, _) = try await serve("green", service(DemoTopology.green(c), [greenUpstream], seed: c.seed &+ 2))

            let (standIn, consulMoved) = try await bind(c.consulPort, host: c.host) { try await ConsulStandIn.start(host: c.host, port: $0) }
            consul = standIn
            try register(in: standIn, blue: blue.port, green: green.port, currency: currency.port, files: files,
                         consulK8s: c.consulK8sDatacenter)

            let routes = RouteWatcher(
                sources: .init(splitterPath: files.splitterPath, resolverPath: files.resolverPath, service: DemoTopology.service, consul: standIn),
                router: SplitRouter(table: RouteTable(targets: [])), interval: c.pollInterval, onEvent: onEvent)
            watcher = routes
            routes.start()
            let router = routes.router
            let subsetByPort = [blue.port: "blue", green.port: "green"]
            let started = ContinuousClock.now
            let steady: @Sendable () -> Double = {
                let d = ContinuousClock.now - started
                return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            var admins: [SidecarAdmin] = []
            var replicaPorts: [Int] = []
            var adminPorts: [Int] = []
            var webMoved = false
            for replica in 0..<max(1, c.webReplicas) {
                let admin = SidecarAdmin(sidecar: EnvoySidecar(flushInterval: c.statsFlush, clock: steady))
                let tap = SidecarTap(stats: admin.sidecar) { target in
                    guard case .endpoint(_, let port) = target else { return nil }
                    return subsetByPort[port]
                }
                let toPayments = Upstream(uri: DemoTopology.sidecarURI, sidecar: tap) {
                    switch router.pick() {
                    case .instance(let instance, _): return .endpoint(host: host, port: instance.port)
                    case .noHealthyUpstream, .noRoute: return .noHealthyUpstream
                    }
                }
                let port: DemoConfiguration.Port = replica == 0 ? c.webPort : .exact(0)
                let (web, moved) = try await serve(replica == 0 ? "web" : "web-\(replica + 1)",
                                                   service(DemoTopology.web(c), [toPayments], seed: c.seed &+ UInt64(10 * replica)), port: port)
                if replica == 0 { webMoved = moved }
                let (adminServer, _) = try await bind(replica == 0 ? c.sidecarPort : .exact(0), host: c.host) {
                    try await LoopbackHTTPServer.start(host: c.host, port: $0, handler: admin.handle)
                }
                servers.append(("sidecar-\(replica + 1)", adminServer))
                standIn.register(ServiceInstance(id: "web-\(replica + 1)", service: "web", address: DemoTopology.webAddress, port: web.port))
                admins.append(admin)
                replicaPorts.append(web.port)
                adminPorts.append(adminServer.port)
            }
            let users = c.users > 0 ? DemoUsers(rate: c.users, http: http, urls: replicaPorts.map { "http://\(host):\($0)/" }) : nil
            users?.start()

            var endpoints = Endpoints(
                host: c.host, web: replicaPorts[0], blue: blue.port, green: green.port, currency: currency.port, consul: standIn.port,
                webMoved: webMoved, consulMoved: consulMoved)
            endpoints.webReplicas = replicaPorts
            endpoints.sidecars = adminPorts
            return DemoMesh(
                configuration: c, files: files, endpoints: endpoints, consul: standIn, watcher: routes, servers: servers, http: http,
                sidecars: admins, users: users)
        } catch {
            watcher?.stop()
            for (_, server) in servers { await server.shutdown() }
            await consul?.shutdown()
            try? await http.shutdown()
            throw error
        }
    }

    /// What web's calls really got from each subset, summed over the replicas' sidecars.
    public var groundTruth: [String: SidecarCounts] {
        sidecars.reduce(into: [:]) { total, admin in
            for (subset, counts) in admin.sidecar.groundTruth { total[subset, default: SidecarCounts()].add(counts) }
        }
    }

    /// Connections accepted so far by each listener, by role (keep-alive keeps these low).
    public var acceptedConnections: [String: Int] {
        Dictionary(uniqueKeysWithValues: servers.map { ($0.role, $0.server.acceptedConnections) })
    }

    /// Stops polling, closes every listener and connection, and ends in-flight upstream calls.
    public func shutdown() async {
        await users?.stop()
        watcher.stop()
        for (_, server) in servers.reversed() { await server.shutdown() }
        await consul.shutdown()
        try? await http.shutdown()
    }

    /// Binds at the requested port, or — for a preferred port that is taken — at a free one.
    private static func bind<T>(
        _ port: DemoConfiguration.Port, host: String, _ start: (Int) async throws -> T
    ) async throws -> (T, Bool) {
        switch port {
        case .exact(let p):
            do {
                return (try await start(p), false)
            } catch where LoopbackHTTPServer.isAddressInUse(error) {
                throw DemoError("\(host):\(p) is already in use")
            }
        case .preferred(let p):
            do {
                return (try await start(p), false)
            } catch where LoopbackHTTPServer.isAddressInUse(error) {
                return (try await start(0), true)
            }
        }
    }

    /// Registers the payments instances (under the resolver's name and the workshop pods' name)
    /// and currency, and stores the working copies' entries as if written with `consul config write`
    /// (or, with `consulK8s`, by that datacenter's consul-k8s controller).
    private static func register(
        in consul: ConsulStandIn, blue: Int, green: Int, currency: Int, files: WorkingCopies, consulK8s: String?
    ) throws {
        for name in [DemoTopology.service, DemoTopology.workshopServiceName] {
            consul.register(DemoTopology.registration(subset: "blue", port: blue, service: name))
            consul.register(DemoTopology.registration(subset: "green", port: green, service: name))
        }
        consul.register(ServiceInstance(id: "currency-1", service: "currency", address: DemoTopology.currencyAddress, port: currency))
        let resolverText = try String(contentsOfFile: files.resolverPath, encoding: .utf8)
        let splitterText = try String(contentsOfFile: files.splitterPath, encoding: .utf8)
        let resolver = try ResolverEntry(text: resolverText, label: files.resolverPath)
        try consul.seed(json: SplitterRewrite.renderJSON(resolver), consulK8s: consulK8s)
        try consul.seed(json: SplitterRewrite.renderJSON(try SplitterDocument(text: splitterText, label: files.splitterPath).entry),
                        consulK8s: consulK8s)
    }
}
