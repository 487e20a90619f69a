// swift-tools-version: 6.1
import PackageDescription

// The views in `IGMP` are `~Escapable` structs over `RawSpan`; their lifetime annotations need this feature on the
// defining target only (clients import them without it).
let lifetimes: [SwiftSetting] = [.enableExperimentalFeature("Lifetimes")]

let package = Package(
    name: "IGMPGuard",
    products: [
        .library(name: "IGMP", targets: ["IGMP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The performance-critical core: no dependencies, no Foundation.
        .target(name: "IGMP", swiftSettings: lifetimes),
        .testTarget(
            name: "IGMPTests",
            dependencies: ["IGMP", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: lifetimes
        ),
    ]
)
