import ArgumentParser
import Foundation
import Logging
import StabilityCore

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

  /// The process's clock, variables and directory; logs on standard error
  /// (`--verbose` shows each importer's span and counts); import progress on
  /// a terminal.
  var environment: RunEnvironment {
    let level: Logger.Level = verbose ? .debug : (quiet ? .critical : .warning)
    let logger = Logger(label: "stability") { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    return RunEnvironment(
      now: { Int64(Date().timeIntervalSince1970.rounded(.down)) },
      variables: ProcessInfo.processInfo.environment,
      workingDirectory: FileManager.default.currentDirectoryPath, logger: logger,
      progress: showsProgress ? Self.printProgress : nil)
  }

  /// Progress lines go to a terminal only, and never with `--quiet`.
  var showsProgress: Bool { !quiet && isatty(STDERR_FILENO) == 1 }

  /// `sessions-by-version: 1200000 rows read…` on one terminal line.
  @Sendable static func printProgress(importer: String, rows: Int) {
    FileHandle.standardError.write(
      Data("\u{1B}[2K\r\(importer): \(Plural.of(rows, "row")) read…".utf8))
  }

  /// Clears the progress line before normal output continues.
  func endProgress() {
    if showsProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
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
