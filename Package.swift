// swift-tools-version:6.0
import PackageDescription

// One library target per pipeline stage; each depends only on earlier ones:
//   StabilityCore ← StabilitySQLite ← StabilityIngest ← StabilityStore ← StabilitySources
//   StabilityStore ← StabilityReport ← StabilityNotify;  StabilitySQLite ← StabilityDemo
// and only the `stability` executable sees every stage (docs/architecture.md).
let package = Package(
  name: "stability",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "stability", targets: ["stability"]),
    // The parsers' properties, for the libFuzzer package in Fuzz/.
    .library(name: "FuzzProperties", targets: ["FuzzProperties"]),
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
    // Small C helpers: SQLite setup and row copying, renameat2, huge pages,
    // write-back, line-buffered stdout.
    .target(name: "CSupport", dependencies: ["CSQLite"]),
    // libcurl's streaming POST for ClickHouse (libcurl's options are
    // variadic C, not callable from Swift): only the sources link libcurl.
    .target(name: "CHTTP", linkerSettings: [.linkedLibrary("curl")]),

    // Time, values, errors, exit statuses, the environment and the config:
    // what every stage shares. Depends on no other target of the package.
    .target(
      name: "StabilityCore",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // A thin wrapper over the system libsqlite3 (the store and the sqlite source).
    .target(name: "StabilitySQLite", dependencies: ["StabilityCore", "CSQLite", "CSupport"]),
    // The per-row hot path: rows → validated → hour buckets in batches,
    // handed to a `BatchSink`. Knows no store.
    .target(
      name: "StabilityIngest",
      dependencies: ["StabilityCore", "StabilitySQLite", "CSQLite", "CSupport"]
    ),
    // The SQLite store: schema, the import's write side (a `BatchSink`), reads for reports.
    .target(
      name: "StabilityStore",
      dependencies: ["StabilityCore", "StabilitySQLite", "StabilityIngest", "CSupport"]
    ),
    // The source types and the import runner.
    .target(
      name: "StabilitySources",
      dependencies: [
        "StabilityCore", "StabilitySQLite", "StabilityIngest", "StabilityStore", "CLibPQ", "CHTTP",
      ]
    ),
    // Scores from the store, and everything rendered from them.
    .target(
      name: "StabilityReport",
      dependencies: [
        "StabilityCore", "StabilityStore", "CCmark", "CSupport",
        .product(name: "Mustache", package: "swift-mustache"),
      ]
    ),
    // Posts the report's digest to Slack and webhooks (SPEC §6 `notify`).
    .target(
      name: "StabilityNotify", dependencies: ["StabilityCore", "StabilityStore", "StabilityReport"]),
    // The demo's fictional game: its source database and config.
    .target(name: "StabilityDemo", dependencies: ["StabilityCore", "StabilitySQLite"]),
    .executableTarget(
      name: "stability",
      dependencies: [
        "StabilityCore", "StabilityStore", "StabilitySources", "StabilityReport", "StabilityNotify",
        "StabilityDemo", "CSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .target(
      name: "FuzzProperties",
      dependencies: ["StabilityCore", "StabilitySources", "StabilityReport"],
      path: "Fuzz/Properties"
    ),
    .target(
      name: "StabilityTestSupport",
      dependencies: [
        "StabilityCore", "StabilitySQLite", "StabilityIngest", "StabilityStore", "CSQLite",
      ]
    ),
    .testTarget(
      name: "StabilityTests",
      dependencies: [
        "StabilityCore", "StabilitySQLite", "StabilityIngest", "StabilityStore", "StabilitySources",
        "StabilityReport", "StabilityDemo", "FuzzProperties", "StabilityTestSupport", "CSQLite",
      ],
      exclude: ["Golden", "Fixtures"]
    ),
    .testTarget(
      name: "StabilityCLITests",
      dependencies: [
        "StabilityCore", "StabilitySQLite", "StabilityStore", "StabilitySources", "StabilityReport",
        "StabilityDemo", "StabilityTestSupport",
      ],
      exclude: ["Golden"]
    ),
  ]
)
