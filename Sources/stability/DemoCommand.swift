import ArgumentParser
import Foundation
import StabilityCore
import StabilityDemo
import StabilityReport
import StabilitySources
import StabilityStore

/// `stability demo`: realistic demo data end to end.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Write realistic demo data and a config, import it, and render the report site.",
    discussion: """
      Writes DIR/game.db (a fictional game's warehouse: six versions rolling out, one regression \
      and a brand-new crash), DIR/stability.yaml and DIR/notes/, imports into DIR/.stability/store.db \
      and writes the site. The same seed on the same day gives the same data.
      Example: stability demo --dir demo --out site && open site/index.html
      """)

  @Option(help: "Folder for the demo's source data, config and store.")
  var dir = "demo"

  @Option(help: "Where to write the site.")
  var out = "site"

  @Option(help: "Multiply the event volume (for benchmarks).")
  var scale: Double = 1

  @Option(help: "Random seed.")
  var seed: UInt64 = 1

  @Flag(help: "Print only errors.")
  var quiet = false

  func validate() throws {
    guard scale > 0, scale.isFinite else {
      throw ValidationError("--scale must be a positive number.")
    }
  }

  func run() throws {
    let options = try GlobalOptions.parse([])
    let environment = options.environment
    let directory = absolutePath(dir, relativeTo: environment.workingDirectory)
    let started = Date()
    let project = DemoProject(directory: directory, scale: scale, seed: seed)
    let site = absolutePath(out, relativeTo: environment.workingDirectory)
    try project.checkReplaceable()
    try SiteFolder.checkReplaceable(
      site,
      protecting: [ProtectedPath(path: directory, what: "the demo's folder", mayHoldSite: true)])
    let summary = try project.writeFiles(now: environment.now())
    say(
      "wrote \(directory)/game.db: \(Plural.of(summary.sessions, "session")), \(Plural.of(summary.crashes, "crash", "crashes"))"
    )
    let config = try ConfigLoader.load(path: project.configPath, environment: environment)
    let store = try Store(path: config.storePath)
    let results = try ImportRunner(config: config, store: store, environment: environment)
      .run(options: ImportOptions(force: true))
    let imports = ImportSummary(results: results)
    say(imports.totals)
    let written = try ReportPipeline.publishConfigured(
      config: config, store: store, environment: environment, out: site
    ).files
    say(
      "wrote \(Plural.of(written, "file")) to \(site) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        + " — open \(site)/index.html")
    if imports.exitStatus != .ok { throw ExitCode(imports.exitStatus.rawValue) }
  }

  private func say(_ text: String) {
    if !quiet { print(text) }
  }
}
