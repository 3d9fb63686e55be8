// swift-tools-version:6.0
import PackageDescription

// Arrows point toward the core:
//   canarytop (CLI) → CanaryStore (files, commands, Consul) → CanaryCore (pure: no I/O, no clock)
//   canarytop (CLI) → CanaryDemo (the workshop's mesh on loopback) → ConsulStandIn, CanaryHTTP, CanaryCore
//   canarytop (CLI) → CanaryProbe (SwiftNIO HTTP/1 probe: open-loop plan, per-connection handlers) → CanaryCore
//   canarytop (CLI) → CanaryApp (dashboard runtime) → CanaryTerminal (ncurses) → CanaryScreen (pure drawing) → CanaryCore
//   ConsulStandIn (loopback Consul look-alike for tests and the demo) → CanaryHTTP, CanaryCore
//   CanaryHTTP (a small HTTP/1.1 server on SwiftNIO's event loops) → SwiftNIO only
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
    ],
    targets: [
        // Pure domain: traces, attribution, tallies, splitter model and edits. No I/O, no clocks.
        .target(
            name: "CanaryCore",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // Pure drawing: the dashboard as a grid of cells (a function of state), widgets, themes.
        .target(name: "CanaryScreen", dependencies: ["CanaryCore"]),
        // ncursesw from the system (libncurses-dev), with a shim for what Swift cannot import.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // Shell: the real terminal (ncurses) behind a small protocol, plus an in-memory twin for tests.
        .target(name: "CanaryTerminal", dependencies: ["CNcurses", "CanaryScreen", "CanaryCore"]),
        // The dashboard's runtime loop: terminal + feed + writer around the pure reducer and view.
        .target(name: "CanaryApp", dependencies: ["CanaryTerminal", "CanaryScreen", "CanaryCore", "CanaryStore"]),
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
        // The command-line shell.
        .executableTarget(
            name: "canarytop",
            dependencies: [
                "CanaryCore",
                "CanaryDemo",
                "CanaryStore",
                "CanaryApp",
                "CanaryTerminal",
                "CanaryScreen",
                "CNcurses",
                "CanaryProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (temporary directories, …). Not part of the product.
        .target(name: "CanaryTesting", dependencies: ["CanaryHTTP"], path: "Sources/CanaryTesting"),
        .testTarget(
            name: "CanaryCoreTests",
            dependencies: ["CanaryCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CanaryScreenTests",
            dependencies: ["CanaryScreen", "CanaryCore"]
        ),
        .testTarget(
            name: "CanaryAppTests",
            dependencies: ["CanaryApp", "CanaryTerminal", "CanaryScreen", "CanaryStore", "CanaryCore", "CanaryTesting"]
        ),
        .testTarget(
            name: "CanaryStoreTests",
            dependencies: ["CanaryStore", "ConsulStandIn", "CanaryCore", "CanaryTesting", "CanaryHTTP"]
        ),
        .testTarget(
            name: "CanaryHTTPTests",
            dependencies: [
                "CanaryHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ConsulStandInTests",
            dependencies: ["ConsulStandIn", "CanaryHTTP", "CanaryStore", "CanaryCore"]
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
                "CanaryProbe", "CanaryCore", "ConsulStandIn", "CanaryHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "CanarytopCommandTests",
            dependencies: [
                "canarytop", "ConsulStandIn", "CanaryCore", "CanaryTesting", "CanaryHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
