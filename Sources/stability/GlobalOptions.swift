import ArgumentParser
import Foundation
import StabilityKit

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "The config file.")
  var config = "stability.yaml"

  @Option(
    name: .long, help: "The store file (default: the config's `store`, else .stability/store.db).")
  var store: String?

  @Flag(name: .long, help: "Print only errors.")
  var quiet = false

  @Flag(name: .long, help: "Print more detail.")
  var verbose = false

  /// The process's clock, variables and directory.
  var environment: RunEnvironment {
    RunEnvironment(
      now: { Int64(Date().timeIntervalSince1970.rounded(.down)) },
      variables: ProcessInfo.processInfo.environment,
      workingDirectory: FileManager.default.currentDirectoryPath)
  }

  /// Loads and validates the config.
  func loadConfig() throws -> Config {
    var loaded = try ConfigLoader.load(path: config, environment: environment)
    if let store {
      loaded.storePath = absolutePath(store, relativeTo: environment.workingDirectory)
    }
    return loaded
  }

  /// Prints `text` unless `--quiet`.
  func say(_ text: String) {
    if !quiet { print(text) }
  }
}

/// Parses an ISO 8601 time given on the command line.
func parseTime(_ text: String, option: String) throws -> Int64 {
  guard let time = UTCTime.parse(text) else {
    throw ValidationError(
      "\(option) must be an ISO 8601 time like 2026-11-20 or 2026-11-20T06:00:00Z, not `\(text)`.")
  }
  return time
}
