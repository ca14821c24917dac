import ArgumentParser
import Foundation
import StabilitySources
import StabilityStore

/// `stability import`: runs due importers and stores their hour buckets.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import what is due from the sources into the store.",
    discussion: """
      Each importer reads [$1, $2): from its watermark (minus overlap) to now, or `history` back \
      on its first run. A failing importer keeps its watermark and data; the others still run.
      Examples:
        stability import
        stability import sessions-by-version --force
        stability import crashes --since 2026-11-01 --until 2026-11-08
      """)

  @OptionGroup var options: GlobalOptions

  @Argument(help: "Importers to run (default: all).", completion: ConfigCompletion.importers)
  var importers: [String] = []

  @Flag(help: "Run even when not due.")
  var force = false

  @Option(help: "Backfill from this time (ISO 8601, widened to the hour).")
  var since: String?

  @Option(help: "Backfill until this time (default: now).")
  var until: String?

  @Flag(help: "Forget watermarks: reach back `history` again.")
  var reset = false

  func validate() throws {
    if until != nil, since == nil { throw ValidationError("--until needs --since.") }
  }

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    let started = environment.now()
    let lock = try StoreLock(storePath: config.storePath, command: "import", now: started)
    defer { withExtendedLifetime(lock) {} }
    let store = try Store(path: config.storePath)
    let importOptions = ImportOptions(
      force: force, since: try since.map { try parseTime($0, option: "--since") },
      until: try until.map { try parseTime($0, option: "--until") }, reset: reset)
    try options.warnImporterChanges(in: store, config: config, only: importers, pending: false)
    let results = try ImportRunner(config: config, store: store, environment: environment)
      .run(importers, options: importOptions)
    options.endProgress()
    let summary = ImportSummary(results: results)
    for line in summary.lines { options.say(line) }
    for failure in summary.failures {
      FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
    }
    options.say(summary.totals)
    for line in try GapReport(config: config, store: store).lines
      + CaseVariants(store: store).lines
    {
      FileHandle.standardError.write(Data("warning: \(line)\n".utf8))
    }
    try store.appendRunLog(
      RunLogEntry(
        command: "import", startedAt: started, finishedAt: environment.now(),
        exitCode: summary.exitStatus.rawValue, summary: summary.totals))
    if summary.exitStatus != .ok { throw ExitCode(summary.exitStatus.rawValue) }
  }
}
