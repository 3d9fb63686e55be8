import ArgumentParser
import CanaryCore
import CanaryDemo

/// The flags of `canarytop demo`.
struct DemoOptions: ParsableArguments {
    @Flag(help: "Run the mesh without the dashboard: print the URLs and file paths, serve until SIGINT/SIGTERM.")
    var serveOnly = false

    @Option(help: ArgumentHelp("The dashboard's theme: a name or a file.", valueName: "theme"))
    var theme: String?

    @Option(help: ArgumentHelp("Where the working copies of the resolver and splitter go.", valueName: "path"))
    var dir = "./canarytop-demo"

    @Flag(help: "Overwrite existing working copies with the workshop's files.")
    var reset = false

    @Option(help: ArgumentHelp("web's port (default 9090, or a free one if taken; 0: any free port).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("The Consul stand-in's port (default 8500, or a free one if taken; 0: any).", valueName: "port"))
    var consulPort: Int?

    @Option(help: ArgumentHelp("Start with this share for green (0-100; blue gets the rest) instead of the workshop's 50.", valueName: "percent"))
    var greenWeight: String?

    @Option(help: ArgumentHelp("What is wrong with green: timeout (the workshop's), errors, slow or none.", valueName: "bug"))
    var greenBug: GreenBug = .timeout

    @Option(help: ArgumentHelp("Green's ERROR_RATE: every int(1/rate)-th request fails with 500 (default 0.5 with --green-bug errors, else 0).", valueName: "rate"))
    var greenErrorRate: Double?

    @Option(help: ArgumentHelp("Green's client timeout for its call to currency, as Go duration text.", valueName: "duration"))
    var greenTimeout = "5s"

    @Option(help: ArgumentHelp("With --green-bug slow: green's median latency, as Go duration text.", valueName: "duration"))
    var greenDelay = "2s"

    @Option(help: ArgumentHelp("Multiply every service's latency by this (0: none).", valueName: "factor"))
    var latencyScale = 1.0

    @Flag(help: "Write traces as fake-service v0.17 and older did (upstream_calls as an array).")
    var legacyTraces = false

    @Option(help: ArgumentHelp("Seed for the latency draws.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(name: .customLong("consul-k8s"), help: ArgumentHelp(
        "Serve the entries as consul-k8s in this datacenter writes them (their Meta says so), as on Kubernetes.",
        valueName: "dc"))
    var consulK8s: String?

    @Option(help: ArgumentHelp("Background users: this many requests a second to web (default 0; 20 with --passive).", valueName: "n"))
    var users: Int?

    @Flag(help: "The dashboard with the probe off: green's bug caught from web's sidecar stats alone (with --users traffic).")
    var passive = false

    @Option(help: ArgumentHelp("web replicas, each with its own sidecar and stats listener (default 1).", valueName: "n"))
    var webReplicas = 1

    @Option(help: ArgumentHelp("The first sidecar's admin port (default 19000, or a free one if taken; 0: any).", valueName: "port"))
    var sidecarPort: Int?

    @Option(help: ArgumentHelp("The sidecars' stats flush interval, as Go duration text (default 5s, Envoy's; 0s: at every read).", valueName: "duration"))
    var statsFlush = "5s"

    func validate() throws {
        for (name, value) in [("--port", port), ("--consul-port", consulPort)] {
            if let value, !(0...65535).contains(value) { throw ValidationError("\(name) must be 0…65535") }
        }
        if let greenWeight {
            guard let weight = Weight(parsing: greenWeight), weight.isInPercentRange else {
                throw ValidationError("--green-weight must be a percentage from 0 to 100")
            }
        }
        if let rate = greenErrorRate, !(0...1).contains(rate) { throw ValidationError("--green-error-rate must be from 0 to 1") }
        for (name, text) in [("--green-timeout", greenTimeout), ("--green-delay", greenDelay)] {
            guard let seconds = GoDuration.seconds(text), seconds > 0 else {
                throw ValidationError("\(name) must be a positive duration such as 5s or 200ms")
            }
        }
        if !(latencyScale >= 0) || !latencyScale.isFinite { throw ValidationError("--latency-scale must be 0 or more") }
        if let users, !(0...10_000).contains(users) { throw ValidationError("--users must be 0…10000") }
        if !(1...16).contains(webReplicas) { throw ValidationError("--web-replicas must be 1…16") }
        if let sidecarPort, !(0...65535).contains(sidecarPort) { throw ValidationError("--sidecar-port must be 0…65535") }
        guard statsFlush == "0" || statsFlush == "0s" || (GoDuration.seconds(statsFlush).map { $0 >= 0 } ?? false) else {
            throw ValidationError("--stats-flush must be a duration such as 5s or 0s")
        }
        if passive && serveOnly { throw ValidationError("--passive opens the dashboard; it cannot be used with --serve-only") }
    }

    var configuration: DemoConfiguration {
        var c = DemoConfiguration()
        c.webPort = port.map { .exact($0) } ?? .preferred(9090)
        c.consulPort = consulPort.map { .exact($0) } ?? .preferred(8500)
        c.greenBug = greenBug
        c.greenErrorRate = greenErrorRate
        c.greenTimeout = GoDuration.seconds(greenTimeout) ?? 5
        c.greenDelay = GoDuration.seconds(greenDelay) ?? 2
        c.latencyScale = latencyScale
        c.style = legacyTraces ? .legacy : .current
        c.seed = seed
        c.consulK8sDatacenter = consulK8s
        c.users = users ?? (passive ? 20 : 0)
        c.webReplicas = webReplicas
        c.sidecarPort = sidecarPort.map { .exact($0) } ?? .preferred(19000)
        c.statsFlush = GoDuration.seconds(statsFlush) ?? 0
        return c
    }

    var greenWeightValue: Weight? { greenWeight.flatMap { Weight(parsing: $0) } }
}

extension GreenBug: ExpressibleByArgument {}
