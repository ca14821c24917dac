import ArgumentParser
import StabilityCore
import StabilitySources

/// `stability test-query`: runs one importer's query without storing anything.
struct TestQueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test-query",
    abstract: "Run one importer's query over a short recent span and show how it is read.",
    discussion: """
      Shows the bound $1/$2, each column and how it is interpreted, sample rows, rejected rows \
      by reason and the metrics the rows would feed. Nothing is stored.
      Example: stability test-query sessions-by-version --since 2026-11-20 --until 2026-11-21
      """)

  @OptionGroup var options: GlobalOptions

  @Argument(help: "The importer to try.", completion: ConfigCompletion.importers)
  var importer: String

  @Option(help: "Span start (default: 24 hours before now, on the hour).")
  var since: String?

  @Option(help: "Span end (default: now).")
  var until: String?

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    guard let selected = try ImporterSelection.select([importer], from: config).first else {
      return
    }
    let now = environment.now()
    let end = try until.map { try parseTime($0, option: "--until") } ?? now
    let start =
      try since.map { try parseTime($0, option: "--since") }
      ?? UTCTime.floorToHour(now - UTCTime.day)
    guard start < end else { throw ValidationError("--since must be before --until.") }
    let report = try TestQueryReport.run(
      selected, config: config, environment: environment, start: start, end: end)
    for line in report.lines { print(line) }
    if report.findsAProblem { throw ExitCode(ExitStatus.failed.rawValue) }
  }
}
