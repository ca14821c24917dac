// swift-tools-version:6.0
// libFuzzer targets for stability's parsers. Not part of the main build:
// `make fuzz` builds this package with -sanitize=fuzzer and runs each target
// for a bounded time, growing Fuzz/Corpus/<name>/ (replayed by `make test`).
import Foundation
import PackageDescription

/// The main package's identity is its folder's name, whatever the clone is called.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "stability-fuzz",
  dependencies: [.package(path: "..")],
  targets: [
    .executableTarget(
      name: "FuzzTarget",
      dependencies: [.product(name: "FuzzProperties", package: mainPackage)],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
  ]
)
