// swift-tools-version: 6.3
import Foundation
import PackageDescription

// libFuzzer targets. A separate package: a fuzz executable (no main, libFuzzer supplies it) breaks the root build.
// Build and run with Fuzz/run.sh; by hand:
//   swift build -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address
//
// A path dependency's identity is its folder name, which differs between clones.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "IGMPGuardFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzFrame", dependencies: [.product(name: "IGMPTestSupport", package: root), .product(name: "IGMP", package: root)],
                          path: "Targets/FuzzFrame"),
        .executableTarget(name: "FuzzIGMP", dependencies: [.product(name: "IGMPTestSupport", package: root), .product(name: "IGMP", package: root)],
                          path: "Targets/FuzzIGMP"),
        .executableTarget(name: "FuzzCapture", dependencies: [.product(name: "IGMPTestSupport", package: root), .product(name: "IGMP", package: root),
                                                               .product(name: "IGMPCapture", package: root)],
                          path: "Targets/FuzzCapture"),
        // Compressing the fuzzer's bytes (zlib, libzstd) and handing them over as a memory file or a pipe.
        .target(name: "CFuzzCompress", path: "Targets/CFuzzCompress", linkerSettings: [.linkedLibrary("z"), .linkedLibrary("zstd")]),
        .executableTarget(name: "FuzzCompressed", dependencies: ["CFuzzCompress", .product(name: "IGMP", package: root),
                                                                  .product(name: "IGMPCapture", package: root)],
                          path: "Targets/FuzzCompressed"),
        .executableTarget(name: "FuzzScan", dependencies: [.product(name: "IGMPScanTestSupport", package: root)],
                          path: "Targets/FuzzScan"),
        .executableTarget(name: "FuzzTraffic", dependencies: [.product(name: "IGMPTestSupport", package: root), .product(name: "IGMP", package: root)],
                          path: "Targets/FuzzTraffic"),
        .executableTarget(name: "FuzzMLD", dependencies: [.product(name: "IGMPTestSupport", package: root), .product(name: "IGMP", package: root)],
                          path: "Targets/FuzzMLD"),
        .executableTarget(name: "FuzzRoundTrip", dependencies: [.product(name: "IGMPTestSupport", package: root), .product(name: "IGMP", package: root)],
                          path: "Targets/FuzzRoundTrip"),
    ]
)
