// swift-tools-version:6.0
import PackageDescription

// Arrows point toward the core:
//   canarytop (CLI) → CanaryStore (files, commands, Consul) → CanaryCore (pure: no I/O, no clock)
//   canarytop (CLI) → CanaryProbe (SwiftNIO HTTP/1 probe: open-loop plan, per-connection handlers) → CanaryCore
//   ConsulStandIn (loopback Consul look-alike for tests and the demo) → CanaryCore
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
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The command-line shell.
        .executableTarget(
            name: "canarytop",
            dependencies: [
                "CanaryCore",
                "CanaryStore",
                "CanaryProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (temporary directories, …). Not part of the product.
        .target(name: "CanaryTesting", dependencies: ["ConsulStandIn"], path: "Sources/CanaryTesting"),
        .testTarget(
            name: "CanaryCoreTests",
            dependencies: ["CanaryCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CanaryStoreTests",
            dependencies: ["CanaryStore", "ConsulStandIn", "CanaryCore", "CanaryTesting"]
        ),
        .testTarget(
            name: "CanaryProbeTests",
            dependencies: [
                "CanaryProbe", "CanaryCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "CanarytopCommandTests",
            dependencies: ["canarytop", "ConsulStandIn", "CanaryCore", "CanaryTesting"]
        ),
    ]
)
