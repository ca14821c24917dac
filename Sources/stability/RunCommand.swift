import ArgumentParser
import Foundation
import StabilityReport
import StabilitySources
import StabilityStore

/// `stability run`: the nightly job — import what is due, then report.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Import what is due, then rebuild the report site (the nightly job).",
    discussion: """
      Holds a lock on the store so two runs never overlap (the second exits 75). The site is \
      rebuilt even when an importer failed, with a visible warning, and the exit code says so: \
      1 when an importer failed, 3 when a source was unavailable.
      Example (cron): 15 3 * * *  cd /srv/stability && stability run --quiet
      """)

  @OptionGroup var options: GlobalOptions

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    let started = environment.now()
    let clock = Date()
    let lock = try StoreLock(storePath: config.storePath, command: "run", now: started)
    defer { withExtendedLifetime(lock) {} }
    let store = try Store(path: config.storePath)
    let results = try ImportRunner(config: config, store: store, environment: environment)
      .run(options: ImportOptions())
    options.endProgress()
    let imports = ImportSummary(results: results)
    for line in imports.lines { options.say(line) }
    for failure in imports.failures {
      FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
    }
    for line in try GapReport(config: config, store: store).lines {
      FileHandle.standardError.write(Data("warning: \(line)\n".utf8))
    }
    let written = try ReportPipeline.publishConfigured(
      config: config, store: store, environment: environment, out: config.report.out)
    let summary =
      "\(imports.totals); \(written) files written to \(config.report.out); "
      + String(format: "%.1f s", Date().timeIntervalSince(clock))
    options.say(summary)
    try store.appendRunLog(
      RunLogEntry(
        command: "run", startedAt: started, finishedAt: environment.now(),
        exitCode: imports.exitStatus.rawValue, summary: summary))
    if imports.exitStatus != .ok { throw ExitCode(imports.exitStatus.rawValue) }
  }
}
