import ArgumentParser

/// `stability validate`: checks the config without touching sources.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check the config file without touching any source.",
    discussion: """
      Reports every problem at once as file:line:column with what to do.
      Example: stability validate --config stability.yaml
      """)

  @OptionGroup var options: GlobalOptions

  func run() throws {
    let config = try options.loadConfig()
    options.say(
      "\(options.config): ok — \(config.sources.count) sources, \(config.groups.count) metric groups, "
        + "\(config.metrics.count) metrics, \(config.importers.count) importers.")
  }
}
