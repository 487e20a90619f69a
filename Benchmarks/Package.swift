// swift-tools-version: 6.3
import Foundation
import PackageDescription

// A path dependency's identity is its folder name, which differs between clones (CI checks out elsewhere).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Benchmarks live in their own package so the root package's build and tests stay free of the benchmark
// plugin and its malloc interposer. Run: swift package --disable-sandbox benchmark (see README.md here).
let package = Package(
    name: "IGMPGuardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The frames every core measurement uses, the touch-every-byte baseline and the measured call.
        .target(
            name: "BenchmarkFrames",
            dependencies: [
                .product(name: "IGMP", package: root),
                .product(name: "IGMPSamples", package: root),
            ],
            path: "Benchmarks/BenchmarkFrames"
        ),
        .executableTarget(
            name: "IGMPCoreBenchmarks",
            dependencies: [
                "BenchmarkFrames",
                .product(name: "IGMP", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/IGMPCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Decode + validate and the baseline in alternating millisecond slices: ratios that hold on a VM whose
        // speed drifts (swift run -c release core-ratios).
        .executableTarget(
            name: "core-ratios",
            dependencies: [
                "BenchmarkFrames",
                .product(name: "IGMP", package: root),
            ],
            path: "Benchmarks/CoreRatios"
        ),
    ]
)
