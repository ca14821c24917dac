import ArgumentParser
import Foundation
import StabilityCore
import StabilityReport
import StabilityStore

/// `stability report`: computes the scores for a window and writes the site.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Compute the scores for a window and write the report site (HTML, Markdown, scores.json).",
    discussion: """
      The site is built in a temporary folder and swapped into place, so a web host never \
      serves half a report. With the same store, arguments and SOURCE_DATE_EPOCH every file is \
      byte-identical.
      Examples:
        stability report
        stability report --format json --window 7d --end today --out site
        stability report --version 3.16.2 --format md --stdout > ticket.md
      """)

  @OptionGroup var options: GlobalOptions
  @OptionGroup var windowOptions: WindowOptions

  @Option(help: "Output directory (default: report.out).")
  var out: String?

  @Option(
    help:
      "Comma-separated formats from html, md, json (default: report.formats); with --version, md or jira (Jira wiki markup)."
  )
  var format: String?

  @Option(help: "A folder of templates replacing the built-in ones by name.")
  var templates: String?

  @Option(
    help:
      "Print this version's page for a release ticket (Markdown, or Jira wiki markup with --format jira) instead of writing the site."
  )
  var version: String?

  @Flag(help: "With --version: print to standard output (the default for --version).")
  var stdout = false

  func validate() throws {
    if stdout, version == nil {
      throw ValidationError("--stdout prints one version's page: add --version V.")
    }
  }

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    let ticket = try ticketFormat()
    let formats = ticket == nil ? try format.map(parseFormats) ?? config.report.formats : []
    let window = try windowOptions.resolve(config, environment: environment)
    let directory =
      out.map { absolutePath($0, relativeTo: environment.workingDirectory) } ?? config.report.out
    let store = try Store.existing(path: config.storePath)
    if version == nil {
      try SiteFolder.checkReplaceable(directory, protecting: config.pathsToProtect)
    }
    let pipeline = try ReportPipeline(
      config: config, store: store, window: window, environment: environment,
      templatesDirectory: templates.map {
        absolutePath($0, relativeTo: environment.workingDirectory)
      })
    if let version {
      guard let page = try pipeline.site.versionPage(version, format: ticket ?? .md) else {
        if let attribute = pipeline.site.pageAttribute {
          try ReleaseCheck.requireKnown(
            version, attribute: attribute,
            known: Set(try store.attributeValues(named: attribute).values))
        }
        throw NoDataError(
          message:
            "no data for version \(version) in the window [\(UTCTime.iso8601(window.start)), "
            + "\(UTCTime.iso8601(window.end))). A version released today has data only with "
            + "--end now.")
      }
      print(page, terminator: "")
      return
    }
    let written = try pipeline.site.publish(
      formats: formats, to: directory,
      waiting: ReportPipeline.waitingNotice(directory, environment))
    let groups = pipeline.scores.groups.count
    options.say(
      "wrote \(written) file\(written == 1 ? "" : "s") to \(directory): window "
        + "[\(UTCTime.iso8601(window.start)), \(UTCTime.iso8601(window.end))), "
        + "\(groups) group\(groups == 1 ? "" : "s")")
    // Pages of nothing are not a report: say so, and exit 4 (method §6).
    if pipeline.scores.groups.allSatisfy({ $0.metric == 0 }) {
      throw NoDataError(
        message:
          "no metric in the window [\(UTCTime.iso8601(window.start)), \(UTCTime.iso8601(window.end))): "
          + "nothing was imported for it, so the pages say \"No data in this window\". Run "
          + "`stability import` (or `stability run`) first, or choose another window with --end / --window."
      )
    }
  }

  /// With `--version`: the ticket's format (`md` unless `--format jira`);
  /// nil without `--version`. `--format jira` needs a version.
  private func ticketFormat() throws -> SiteBuilder.TicketFormat? {
    guard version != nil else {
      guard format != "jira" else {
        throw ValidationError(
          "--format jira is one version's ticket in Jira wiki markup: add --version V.")
      }
      return nil
    }
    guard let format else { return .md }
    guard let ticket = SiteBuilder.TicketFormat(rawValue: format) else {
      throw ValidationError(
        "--version prints one version's ticket: --format md (Markdown) or jira (Jira wiki "
          + "markup), not `\(format)`.")
    }
    return ticket
  }

  private func parseFormats(_ text: String) throws -> [ReportFormat] {
    try text.split(separator: ",").map { name in
      guard let format = ReportFormat(rawValue: String(name)) else {
        throw ValidationError("--format takes html, md and json, not `\(name)`.")
      }
      return format
    }
  }
}

/// Nothing to show for what was asked (exit 4).
struct NoDataError: StabilityError {
  let message: String
  var exitStatus: ExitStatus { .noData }
  var description: String { message }
}
