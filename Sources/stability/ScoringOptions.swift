import ArgumentParser
import StabilityCore
import StabilityReport

/// `--window` and `--end`, shared by `report` and `check`.
struct WindowOptions: ParsableArguments {
  @Option(help: "Window length, e.g. 7d or 36h (default: the config's report.window).")
  var window: String?

  @Option(
    help:
      "Window end: today, now or an ISO 8601 time (default: report.end for report; now for check)."
  )
  var end: String?

  /// The window for `config` at the environment's now; without `--end`,
  /// `defaultEnd` or else the config's `report.end`.
  func resolve(_ config: Config, environment: RunEnvironment, defaultEnd: ReportEnd? = nil)
    throws -> ReportWindow
  {
    var length = config.report.window
    if let window {
      guard let span = TimeSpan(parsing: window), span.seconds > 0 else {
        throw ValidationError("--window must be a duration like 7d or 36h, not `\(window)`.")
      }
      guard span.seconds <= TimeSpan.longest.seconds else {
        throw ValidationError(
          "--window is \(window); a window is at most \(TimeSpan.longest) (about ten years).")
      }
      length = span
    }
    var windowEnd = defaultEnd ?? config.report.end
    switch end {
    case nil: break
    case "today": windowEnd = .today
    case "now": windowEnd = .now
    case let text?: windowEnd = .time(try parseTime(text, option: "--end"))
    }
    return try ReportWindow.resolve(
      end: windowEnd, length: length, timezone: config.report.timezone, now: environment.now())
  }
}
