// swift-tools-version:6.0
import PackageDescription

// Arrows point toward the core (docs/architecture.md is the map):
//   canarytop (CLI: parses arguments, prints) → CanaryApp, CanaryBench, CanaryDemo, CanaryStore, CanaryProbe, CanaryCore
//   CanaryBench (the benchmarks behind `canarytop bench …`) → CanaryApp, CanaryDemo, CanaryProbe, CanaryStore, CanaryCore,
//       CLinuxEvents (epoll and timerfd for the floor prober)
//   CanaryApp (the runtime: watch, dashboard and headless loops, effects, signals, /metrics)
//       → CanaryTerminal, CanaryProbe, CanaryStore, CanaryScreen, CanaryHTTP, CanaryCore
//   CanaryTerminal (ncurses, the crash guard) → CNcurses, CanaryScreen (pure drawing) → CanaryCore
//   CanaryStore (files, commands, Consul's API, journal) → CanaryCore (pure: no I/O, no clock)
//   CanaryProbe (SwiftNIO HTTP/1 probe: open-loop plan, per-connection handlers) → CanaryCore
//   CanaryDemo (the workshop's mesh on loopback) → ConsulStandIn, CanaryHTTP, CanaryCore
//   ConsulStandIn (loopback Consul look-alike for tests and the demo) → CanaryHTTP, CanaryCore
//   CanaryHTTP (a small HTTP/1.1 server on SwiftNIO's event loops) → SwiftNIO only
//   CanaryTesting (test helpers only) → CanaryHTTP, CanaryStore, ConsulStandIn
// Nothing in canarytop imports CNcurses or NIO; nothing in CanaryCore does I/O.
let package = Package(
    name: "canarytop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "canarytop", targets: ["canarytop"]),
        .library(name: "CanaryCore", targets: ["CanaryCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        // Golden screens (CanaryScreenTests only): whole rendered screens kept as text files.
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        // Kubernetes YAML (ServiceSplitter / ServiceResolver resources): reading only; the rewrite is ours.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure domain: traces, attribution, tallies, splitter model and edits. No I/O, no clocks.
        .target(
            name: "CanaryCore",
            dependencies: [
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Pure drawing: the dashboard as a grid of cells (a function of state), widgets, themes.
        .target(name: "CanaryScreen", dependencies: ["CanaryCore"]),
        // ncursesw from the system (libncurses-dev), with a shim for what Swift cannot import.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // Linux's epoll and timerfd (Glibc's module lacks them), for `bench idle`'s floor prober only.
        .systemLibrary(name: "CLinuxEvents", path: "Sources/CLinuxEvents"),
        // Shell: the real terminal (ncurses) behind a small protocol, plus an in-memory twin for tests.
        .target(name: "CanaryTerminal", dependencies: ["CNcurses", "CanaryScreen", "CanaryCore"]),
        // The runtime: a watch from its configuration, the dashboard's and the headless loops around
        // the pure reducer and view, the one effect runner, the probe's feed, signal routing.
        .target(name: "CanaryApp", dependencies: ["CanaryTerminal", "CanaryScreen", "CanaryCore", "CanaryStore", "CanaryProbe", "CanaryHTTP"]),
        // Shell: splitter files (atomic, CAS by content hash), `consul config write`, Consul's HTTP API, journal.
        .target(
            name: "CanaryStore",
            dependencies: [
                "CanaryCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // A small HTTP/1.1 server with keep-alive whose handlers answer on SwiftNIO's event loops.
        .target(
            name: "CanaryHTTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Shell: the probe. Sends GETs over kept-alive SwiftNIO connections on an open-loop plan,
        // decodes and attributes each reply on its event loop, and tallies it.
        .target(
            name: "CanaryProbe",
            dependencies: [
                "CanaryCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // A stand-in for the part of Consul's HTTP API canarytop uses (config entries, health), on loopback.
        // Used by the tests and by the demo; it is not Consul.
        .target(
            name: "ConsulStandIn",
            dependencies: [
                "CanaryCore",
                "CanaryHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // `canarytop demo`: the workshop's mesh (web → payments blue/green → currency, a Consul
        // stand-in) as fake-service look-alikes on loopback, routed by the splitter file.
        .target(
            name: "CanaryDemo",
            dependencies: [
                "CanaryCore",
                "CanaryHTTP",
                "ConsulStandIn",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Benchmarks of the hot paths and the guard (`canarytop bench parse|write|probe|detect`
        // is their thin command line): each measures and returns figures that print as text or JSON.
        .target(
            name: "CanaryBench",
            dependencies: [
                "CanaryApp", "CanaryCore", "CanaryDemo", "CanaryProbe", "CanaryScreen", "CanaryStore", "CanaryTerminal",
                "CLinuxEvents",
            ]
        ),
        // The command-line shell.
        .executableTarget(
            name: "canarytop",
            dependencies: [
                "CanaryCore",
                "CanaryDemo",
                "CanaryStore",
                "CanaryApp",
                "CanaryProbe",
                "CanaryBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (temporary directories, …). Not part of the product.
        .target(
            name: "CanaryTesting",
            dependencies: [
                "CanaryHTTP",
                "CanaryStore",
                "ConsulStandIn",
                // A real Prometheus (CanaryDemo's PrometheusServer) scraping /metrics.
                "CanaryDemo",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/CanaryTesting"),
        .testTarget(
            name: "CanaryCoreTests",
            dependencies: ["CanaryCore", "CanaryTesting"],
            // Reference: the Go oracle, its corpus and recorded answers, read from the source tree.
            exclude: ["Reference"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CanaryScreenTests",
            dependencies: ["CanaryScreen", "CanaryCore", .product(name: "SnapshotTesting", package: "swift-snapshot-testing")],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "CanaryAppTests",
            dependencies: [
                "CanaryApp", "CanaryTerminal", "CanaryScreen", "CanaryStore", "CanaryCore", "CanaryTesting", "ConsulStandIn",
                // The passive feed end to end: the demo's sidecars (and a real Prometheus scraping them).
                "CanaryDemo", "CanaryProbe", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The metrics endpoint's tests check that every event loop stays free.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // Prometheus answers recorded from a real server scraping the demo, read from the source tree.
            exclude: ["Recorded"]
        ),
        .testTarget(
            name: "CanaryStoreTests",
            dependencies: ["CanaryStore", "ConsulStandIn", "CanaryCore", "CanaryTesting", "CanaryHTTP"]
        ),
        .testTarget(
            name: "CanaryHTTPTests",
            dependencies: [
                "CanaryHTTP", "CanaryTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ConsulStandInTests",
            dependencies: ["ConsulStandIn", "CanaryHTTP", "CanaryStore", "CanaryCore", "CanaryTesting"],
            // The Go oracle and its corpus and recorded answers, read from the source tree.
            exclude: ["Reference"]
        ),
        .testTarget(
            name: "CanaryDemoTests",
            dependencies: [
                "CanaryDemo", "ConsulStandIn", "CanaryHTTP", "CanaryCore", "CanaryTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CanaryProbeTests",
            dependencies: [
                "CanaryProbe", "CanaryCore", "ConsulStandIn", "CanaryHTTP", "CanaryTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // A throwaway certificate for the loopback https server, made in the test.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "CanaryBenchTests",
            dependencies: ["CanaryBench", "CanaryApp", "CanaryCore", "CanaryTesting"]
        ),
        .testTarget(
            name: "CanarytopCommandTests",
            dependencies: [
                "canarytop", "ConsulStandIn", "CanaryCore", "CanaryTesting", "CanaryHTTP",
                // One snapshot rendered as the summary and as /metrics (MetricsSummaryAgreementTests).
                "CanaryApp", "CanaryProbe", "CanaryStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
