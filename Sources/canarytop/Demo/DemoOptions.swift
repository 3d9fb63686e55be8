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
        return c
    }

    var greenWeightValue: Weight? { greenWeight.flatMap { Weight(parsing: $0) } }
}

extension GreenBug: ExpressibleByArgument {}
