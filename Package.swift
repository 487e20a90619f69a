// swift-tools-version: 6.3
import PackageDescription

// The views in `IGMP` are `~Escapable` structs over `RawSpan`; their lifetime annotations need this feature (its 6.3
// name, hence the tools version). A client needs it only to write functions that return views.
let lifetimes: [SwiftSetting] = [.enableExperimentalFeature("Lifetimes")]

let package = Package(
    name: "IGMPGuard",
    products: [
        .library(name: "IGMP", targets: ["IGMP"]),
        .library(name: "IGMPCapture", targets: ["IGMPCapture"]),
        .library(name: "IGMPSamples", targets: ["IGMPSamples"]),
        .library(name: "IGMPTestSupport", targets: ["IGMPTestSupport"]),
        .library(name: "IGMPScanTestSupport", targets: ["IGMPScanTestSupport"]),
        .library(name: "IGMPGuardKit", targets: ["IGMPGuardKit"]),
        .executable(name: "igmpguard", targets: ["igmpguard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // `swift package generate-documentation` for the DocC catalogs of IGMP and IGMPCapture.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The performance-critical core: no dependencies, no Foundation.
        .target(name: "IGMP", swiftSettings: lifetimes),
        // libpcap, found with pkg-config. On Debian/Ubuntu: apt-get install libpcap-dev (scripts/setup.sh does it).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        // The scan's per-packet reading loop, in C: libpcap reads, and the frames that may carry IGMP are copied out.
        .target(name: "CCandidateReader", dependencies: ["CPcap"]),
        // Compressed captures (gzip, zstd) and pipes, as a stdio stream libpcap reads (fopencookie, zlib, libzstd).
        // On Debian/Ubuntu: apt-get install zlib1g-dev libzstd-dev (scripts/setup.sh does it).
        .target(name: "CCompressedStream", linkerSettings: [.linkedLibrary("z"), .linkedLibrary("zstd")]),
        // Giving up Linux capabilities once a live capture is open (prctl and capset, which Swift cannot call).
        .target(name: "CPrivileges"),
        // Capture files in (libpcap) and evidence out (pcapng written block by block).
        .target(name: "IGMPCapture", dependencies: ["IGMP", "CPcap", "CCandidateReader", "CCompressedStream"], swiftSettings: lifetimes),
        // Deterministic sample and synthetic captures made by our encoder.
        .target(name: "IGMPSamples", dependencies: ["IGMP"]),
        // Structure-aware frame generation and the invariants every input must keep: shared by the property tests,
        // the regression tests and the fuzz targets.
        .target(name: "IGMPTestSupport", dependencies: ["IGMP"]),
        // What the command line runs: scanning, live monitoring, the judge step, reporters and output streams. A
        // library so that the fuzz targets run the scan as the tool does.
        .target(name: "IGMPGuardKit", dependencies: ["IGMP", "IGMPCapture", "CPrivileges"]),
        // The invariants of a whole scan (reporters and evidence included): shared by FuzzScan and the regression tests.
        .target(name: "IGMPScanTestSupport", dependencies: ["IGMP", "IGMPCapture", "IGMPGuardKit", "IGMPTestSupport"]),
        .executableTarget(
            name: "igmpguard",
            dependencies: ["IGMP", "IGMPCapture", "IGMPGuardKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "igmpguard-samples", dependencies: ["IGMP", "IGMPCapture", "IGMPSamples", "IGMPTestSupport"]),
        .executableTarget(
            name: "igmpguard-replay",
            dependencies: ["IGMP", "IGMPCapture", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "IGMPTests",
            dependencies: ["IGMP", "IGMPSamples", "IGMPTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Regressions"], // fuzz inputs, read from the source tree by FuzzRegressionTests
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "IGMPGuardTests",
            dependencies: ["IGMP", "IGMPCapture", "IGMPGuardKit", "IGMPSamples", "IGMPTestSupport", "IGMPScanTestSupport", "igmpguard", "CPcap", "CCandidateReader"],
            exclude: ["Regressions"],
            swiftSettings: lifetimes
        ),
    ]
)
