import ArgumentParser
import StabilityReport
import StabilityStore

/// `stability status`: importers, watermarks, last errors and the store's size.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show each importer's watermark, last run and last error, and the store's size.",
    discussion: "Example: stability status --config stability.yaml")

  @OptionGroup var options: GlobalOptions

  func run() throws {
    let config = try options.loadConfig()
    let store = try Store.existing(path: config.storePath)
    let report = try StatusReport(config: config, store: store, now: options.environment.now())
    for line in report.lines { print(line) }
  }
}
