// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "stability",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "stability", targets: ["stability"]),
    .library(name: "StabilityKit", targets: ["StabilityKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite",
      path: "Sources/CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    .target(
      name: "StabilityKit",
      dependencies: ["CSQLite", .product(name: "Yams", package: "Yams")]
    ),
    .executableTarget(
      name: "stability",
      dependencies: [
        "StabilityKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "StabilityTestSupport", dependencies: ["StabilityKit", "CSQLite"]),
    .testTarget(
      name: "StabilityKitTests",
      dependencies: ["StabilityKit", "StabilityTestSupport", "CSQLite"]
    ),
    .testTarget(
      name: "StabilityCLITests",
      dependencies: ["StabilityKit", "StabilityTestSupport"]
    ),
  ]
)
