import ArgumentParser
import Foundation
import StabilityKit

/// `stability report`: computes the scores for a window and writes the outputs.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Compute the scores for a window from the store and write scores.json.",
    discussion: """
      With the same store, arguments and SOURCE_DATE_EPOCH the output is byte-identical.
      Example: stability report --format json --window 7d --end today --out site
      """)

  @OptionGroup var options: GlobalOptions
  @OptionGroup var windowOptions: WindowOptions

  @Option(help: "Output directory (default: report.out).")
  var out: String?

  @Option(help: "Comma-separated formats: json.")
  var format: String = "json"

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    let formats = try format.split(separator: ",").map { name -> ReportFormat in
      guard let format = ReportFormat(rawValue: String(name)) else {
        throw ValidationError("--format takes html, md and json, not `\(name)`.")
      }
      return format
    }
    guard formats == [.json] else {
      throw UsageError("this build writes --format json only; html and md pages come next.")
    }
    let window = try windowOptions.resolve(config, environment: environment)
    let store = try Store(path: config.storePath)
    let scores = try ScoreCalculator(config: config, store: store)
      .scores(window: window, generatedAt: environment.generatedAt)
    let directory =
      out.map { absolutePath($0, relativeTo: environment.workingDirectory) } ?? config.report.out
    let file = (directory as NSString).appendingPathComponent("scores.json")
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try Data(ScoresJSON.render(scores).utf8).write(
        to: URL(fileURLWithPath: file), options: .atomic)
    } catch {
      throw UsageError(
        "cannot write \(file): \(error.localizedDescription). Check --out is writable.")
    }
    options.say(
      "wrote \(file): window [\(UTCTime.iso8601(window.start)), \(UTCTime.iso8601(window.end))), "
        + "\(scores.groups.count) groups")
  }
}
