// swift-tools-version:6.0
import PackageDescription

// Arrows point toward the core:
//   canarytop (CLI) → CanaryStore (files, commands, Consul) → CanaryCore (pure: no I/O, no clock)
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
    ],
    targets: [
        // Pure domain: traces, attribution, tallies, splitter model and edits. No I/O, no clocks.
        .target(
            name: "CanaryCore",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // The command-line shell.
        .executableTarget(
            name: "canarytop",
            dependencies: [
                "CanaryCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CanaryCoreTests",
            dependencies: ["CanaryCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CanarytopCommandTests",
            dependencies: ["canarytop"]
        ),
    ]
)
