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
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite",
      path: "Sources/CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    .systemLibrary(
      name: "CCmark",
      path: "Sources/CCmark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"])]
    ),
    .systemLibrary(
      name: "CLibPQ",
      path: "Sources/CLibPQ",
      pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"])]
    ),
    .target(name: "CSupport", dependencies: ["CSQLite"]),
    .target(
      name: "StabilityKit",
      dependencies: [
        "CSQLite", "CCmark", "CLibPQ", "CSupport",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "stability",
      dependencies: [
        "StabilityKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
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
