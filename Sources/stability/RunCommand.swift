import ArgumentParser
import Foundation
import StabilityCore
import StabilityNotify
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
      1 when an importer failed, 3 when a source was unavailable. Then it writes the digest of \
      what changed since the last run into the site (digest.md, digest.json) and posts it to \
      each `notify` entry; a failed post exits 1 after the site is published.
      Example (cron): 15 3 * * *  cd /srv/stability && stability run --quiet
      """)

  @OptionGroup var options: GlobalOptions

  @Flag(
    name: .customLong("no-notify"),
    help:
      "Publish the site and its digest but post nothing; each notify entry's next post still covers everything since its last."
  )
  var noNotify = false

  func run() throws {
    let config = try options.loadConfig()
    // Refused before importing, so a run never imports and then cannot publish.
    try SiteFolder.checkReplaceable(config.report.out, protecting: config.pathsToProtect)
    let environment = options.environment
    let started = environment.now()
    let clock = Date()
    let lock = try StoreLock(storePath: config.storePath, command: "run", now: started)
    defer { withExtendedLifetime(lock) {} }
    let store = try Store(path: config.storePath)
    try options.warnImporterChanges(in: store, config: config, pending: false)
    // Due, whatever the period, is an importer whose data stops before the
    // window the report is about to show (a manual import at 06:26 must not
    // make the next nightly run skip 06:26–00:00).
    var importOptions = ImportOptions()
    importOptions.needsThrough = try ReportWindow.resolve(
      end: config.report.end, length: config.report.window, timezone: config.report.timezone,
      now: started
    ).end
    let results = try ImportRunner(config: config, store: store, environment: environment)
      .run(options: importOptions)
    options.endProgress()
    let imports = ImportSummary(results: results)
    for line in imports.lines { options.say(line) }
    for failure in imports.failures {
      FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
    }
    for line in try GapReport(config: config, store: store).lines
      + CaseVariants(store: store).lines
    {
      FileHandle.standardError.write(Data("warning: \(line)\n".utf8))
    }
    let published = try ReportPipeline.publishConfigured(
      config: config, store: store, environment: environment, out: config.report.out)
    options.say("digest: \(published.digest.summary)")
    var failedPosts: [String] = []
    for (entry, outcome) in try Notifier(environment: environment).deliver(
      published, to: noNotify ? [] : config.notify, store: store)
    {
      switch outcome {
      case .posted(let items):
        options.say("notify `\(entry.name)`: posted (\(items) item\(items == 1 ? "" : "s"))")
      case .quiet:
        options.say(
          "notify `\(entry.name)`: nothing to act on among its events; quiet, nothing posted")
      case .failed(let message):
        failedPosts.append(message)
        FileHandle.standardError.write(
          Data("error: \(message); the next run posts these changes again\n".utf8))
      }
    }
    let summary =
      "\(imports.totals); \(Plural.of(published.files, "file")) written to \(config.report.out)"
      + (failedPosts.isEmpty ? "" : "; \(failedPosts.count) notify post(s) failed") + "; "
      + String(format: "%.1f s", Date().timeIntervalSince(clock))
    options.say(summary)
    let status =
      imports.exitStatus != .ok ? imports.exitStatus : failedPosts.isEmpty ? .ok : .failed
    try store.appendRunLog(
      RunLogEntry(
        command: "run", startedAt: started, finishedAt: environment.now(),
        exitCode: status.rawValue, summary: summary))
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
