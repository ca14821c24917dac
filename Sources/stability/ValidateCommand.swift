import ArgumentParser
import Foundation
import StabilityCore
import StabilitySources
import StabilityStore

/// `stability validate`: checks the config; with `--sources`, each importer's
/// query against its source too (method §2.2 step 8), storing nothing.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check the config file; with --sources, each importer's query too.",
    discussion: """
      Reports every problem at once as file:line:column with what to do. With \
      --sources it also runs each importer's query over the last day, storing \
      nothing: a source it cannot reach, a time_format that does not match the time \
      column the query filters on, or rows a run would reject or fail on.
      Example: stability validate --sources --config stability.yaml
      """)

  @OptionGroup var options: GlobalOptions

  @Flag(name: .long, help: "Also run each importer's query over the last day (nothing is stored).")
  var sources = false

  func run() throws {
    let config = try options.loadConfig()
    // A notify entry whose URL variable is unset would fail the first `run`
    // after its site is published: say so now.
    let unset = config.notify.filter {
      (options.environment.variables[$0.urlVariable] ?? "").isEmpty
    }
    for entry in unset {
      FileHandle.standardError.write(
        Data(
          ("\(options.config): notify `\(entry.name)`: environment variable \(entry.urlVariable) "
            + "(url_env) is not set; export it where `stability run` runs (the URL is a secret "
            + "and never goes in the file), or `run` cannot post its digest.\n").utf8))
    }
    let counts = [
      (config.sources.count, "source"), (config.groups.count, "metric group"),
      (config.metrics.count, "metric"), (config.importers.count, "importer"),
    ].map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
    if unset.isEmpty {
      options.say("\(options.config): ok — \(counts.joined(separator: ", ")).")
    }
    if FileManager.default.fileExists(atPath: config.storePath) {
      try options.warnImporterChanges(
        in: try Store.existing(path: config.storePath), config: config, pending: true)
    }
    guard sources else {
      if !unset.isEmpty { throw ExitCode(ExitStatus.usage.rawValue) }
      return
    }
    let environment = options.environment
    let end = environment.now()
    let start = UTCTime.floorToHour(end - UTCTime.day)
    var status = ExitStatus.ok
    for importer in config.importers {
      do {
        let report = try TestQueryReport.run(
          importer, config: config, environment: environment, start: start, end: end)
        if report.problems.isEmpty {
          options.say(
            "\(importer.name): ok — \(Plural.of(report.rowsRead, "row")) over the last day")
        } else {
          for problem in report.problems { print("\(importer.name): PROBLEM — \(problem).") }
          if status == .ok { status = .failed }
        }
      } catch let error as StabilityError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        if error.exitStatus.rawValue > status.rawValue { status = error.exitStatus }
      }
    }
    if !unset.isEmpty, status == .ok { status = .usage }
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
